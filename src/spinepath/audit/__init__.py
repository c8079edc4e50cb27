"""The append-only audit trail of changes to patient data: who, when, what changed."""

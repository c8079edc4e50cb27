"""Red-flag triage against NICE NG234/CG75: rules as data (``rules``) and the engine."""

from spinepath.clinical.triage.engine import TriageResult, due_at, triage

__all__ = ["TriageResult", "due_at", "triage"]

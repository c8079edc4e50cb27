"""A referral into the spinal pathway, its triage snapshot, deadlines and status history.

Clinical facts are stored as recorded, in case-format names (`facts`), so
`spinepath.clinical.case.parse_case` can rebuild the case; the triage result is a snapshot
of `triage(case).to_dict()` at submission, with the engine and rule-set versions that
produced it. Services in `spinepath.referrals.services` are the only code that changes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    """The pathway steps, in order. Codes are stable; labels may change."""

    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IMAGING_REQUESTED = "imaging_requested", "Imaging requested"
    IMAGING_DONE = "imaging_done", "Imaging done"
    MDT = "mdt", "MDT discussion"
    PLAN_AGREED = "plan_agreed", "Plan agreed"
    TREATMENT_STARTED = "treatment_started", "Treatment started"
    FOLLOW_UP = "follow_up", "Follow-up"
    CLOSED = "closed", "Closed"


class Category(models.TextChoices):
    """Triage categories; the codes and labels mirror spinepath.clinical.triage CATEGORIES."""

    EMERGENCY = "emergency", "Emergency"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


# The worklist order: emergency first, then the least time to the next deadline.
WORKLIST_ORDER = ["-category_rank", "no_pending_deadline", "next_due_at", "id"]


class Referral(models.Model):
    """One referral of one patient. Synthetic demonstration data only."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="referrals"
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The user who submitted the referral",
    )
    referred_by_name = models.CharField(
        "referred by",
        max_length=200,
        blank=True,
        help_text="The referring clinician, when a coordinator enters a referral for a caller",
    )
    site = models.ForeignKey("clinics.Site", on_delete=models.PROTECT, related_name="referrals")
    facts = models.JSONField(default=dict, help_text="The recorded facts, in case-format names")
    clinical_notes = models.TextField(blank=True)

    category = models.CharField(max_length=10, choices=Category.choices)
    # CATEGORIES[category].rank (higher is more urgent), stored for the worklist's index.
    category_rank = models.PositiveSmallIntegerField()
    triage = models.JSONField(help_text="triage(case).to_dict() at submission")
    engine_version = models.CharField(max_length=20)
    ruleset_version = models.CharField(max_length=20)

    received_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField()

    mri_due_at = models.DateTimeField("MRI due", null=True, blank=True)
    plan_due_at = models.DateTimeField("treatment plan due", null=True, blank=True)
    treatment_due_at = models.DateTimeField("treatment due", null=True, blank=True)
    # The earliest deadline still to be met at the current status (services keep it).
    next_due_at = models.DateTimeField(null=True, blank=True)
    # Sorts referrals without a pending deadline after those with one, so the worklist
    # order is an index order on SQLite and PostgreSQL alike (no NULLS LAST sort).
    no_pending_deadline = models.GeneratedField(
        expression=Q(next_due_at__isnull=True),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    idempotency_key = models.UUIDField(unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (spinepath.common.versioning): +1 on every change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-category_rank", "no_pending_deadline", "next_due_at", "id"]
        indexes = [
            models.Index(
                fields=WORKLIST_ORDER,
                condition=~Q(status="closed"),
                name="referral_open_worklist_idx",
            ),
            models.Index(
                fields=["site", *WORKLIST_ORDER],
                condition=~Q(status="closed"),
                name="referral_open_site_idx",
            ),
            models.Index(fields=["status", *WORKLIST_ORDER], name="referral_status_worklist_idx"),
            models.Index(
                fields=["site", "status", *WORKLIST_ORDER], name="referral_site_status_idx"
            ),
            models.Index(fields=["referrer", "-received_at"], name="referral_referrer_idx"),
            models.Index(fields=["patient", "status"], name="referral_patient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.patient})"

    @property
    def reference(self) -> str:
        """The number quoted on the phone and on the printed confirmation."""
        return f"REF-{self.pk:06d}" if self.pk else "REF-(unsaved)"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


class StatusChange(models.Model):
    """One move of a referral along the pathway: who, when, from, to, why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="status_changes"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"], name="statuschange_referral_idx")]

    def __str__(self) -> str:
        return f"{self.referral.reference}: {self.from_status or '-'} → {self.to_status}"

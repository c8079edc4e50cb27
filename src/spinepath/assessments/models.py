"""Assessment versions and MDT decisions: both append-only (a change is a new row)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AppendOnlyError(Exception):
    """Assessments and MDT decisions are never changed or deleted: save a new one."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.label} rows cannot be updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"{self.model._meta.label} rows cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows cannot be changed; save a new one")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"{self._meta.label} rows cannot be deleted")


class Assessment(AppendOnlyModel):
    """One saved version of a patient's assessment: the facts as entered (a case,
    case-format §1) and the engine's assessment of them (§2) as it was at the time."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="assessments"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text="The referral this assessment answers, if any",
    )
    version = models.PositiveIntegerField(help_text="1, 2, 3 ... per patient")
    facts = models.JSONField(help_text="The case (spinepath-case/1) as entered")
    result = models.JSONField(help_text="The assessment (spinepath-assessment/1) when saved")
    engine_version = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["patient", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "version"], name="assessment_version_unique_per_patient"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="assessment_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"Assessment v{self.version} of patient {self.patient_id}"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "Accept the proposed plan"
    MODIFIED = "modified", "Modify the plan"


class MdtDecision(AppendOnlyModel):
    """What the MDT decided about one assessment version, who decided and when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    final_codes = models.JSONField(help_text="Recommendation codes of the agreed plan")
    plan_text = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why the proposal was modified")
    branch = models.CharField(
        max_length=20,
        blank=True,
        help_text="The NOMS branch the MDT chose when the proposal was branched (spec §15.3)",
    )
    confirmed_conflicts = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes of the conflicts (spec §15.8) the MDT confirmed, with the reason",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="accepted") | ~Q(reason=""),
                name="mdt_decision_modified_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"MDT decision ({self.outcome}) on assessment {self.assessment_id}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from spinepath.patients.nhs_numbers import format_nhs_number


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class RemovedManager(models.Manager["Patient"]):
    """`Patient.removed`: the soft-deleted patients only."""

    def get_queryset(self) -> models.QuerySet[Patient]:
        return super().get_queryset().filter(deleted_at__isnull=False)


class Patient(models.Model):
    """A patient. Synthetic demonstration data only: never enter real patient data."""

    given_name = models.CharField("first name", max_length=100)
    family_name = models.CharField("last name", max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices)
    # Stored as 10 digits (no spaces), validated by check digit; blank when not known.
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    hospital_number = models.CharField(
        max_length=30, blank=True, help_text="For private patients without an NHS number"
    )
    home_site = models.ForeignKey("clinics.Site", on_delete=models.PROTECT, related_name="patients")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Soft deletion: a removed patient keeps their row (referrals, assessments and the
    # audit trail point at it) but leaves every list, search and page (patients.access).
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = models.Manager()
    removed = RemovedManager()

    # Optimistic locking (spinepath.common.versioning): +1 on every change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(
                fields=["deleted_at"],
                condition=Q(deleted_at__isnull=False),
                name="patient_removed_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~Q(nhs_number=""),
                name="patient_nhs_number_unique_when_present",
            ),
            models.CheckConstraint(
                condition=~Q(nhs_number="") | ~Q(hospital_number=""),
                name="patient_has_nhs_or_hospital_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number)

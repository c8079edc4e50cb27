"""Clinic slots and appointments. Clinical logic lives in services, not here."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import localtime


class Slot(models.Model):
    """One bookable time at a site: a clinic session is a run of slots on one day.

    Capacity is one appointment per slot; a cancelled appointment frees its slot.
    """

    site = models.ForeignKey("clinics.Site", on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField(db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clinic_slots",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "site__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "starts_at", "clinician"], name="slot_unique_per_clinician"
            ),
            models.UniqueConstraint(
                fields=["site", "starts_at"],
                condition=Q(clinician__isnull=True),
                name="slot_unique_when_no_clinician",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="slot_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site}, {localtime(self.starts_at):%a %d %b %Y %H:%M}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class Appointment(models.Model):
    """A patient booked into a slot. Never deleted: cancelling and rebooking keep history."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    # The statuses that hold a slot: at most one such appointment per slot.
    HOLDS_SLOT = (Status.BOOKED, Status.ATTENDED, Status.DID_NOT_ATTEND)

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appointments"
    )
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments_booked",
    )
    booked_at = models.DateTimeField()
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments_cancelled",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    rebooked_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rebooked_as",
        help_text="The cancelled appointment this one replaces.",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        help_text="The referral this appointment is for, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (spinepath.common.versioning): +1 on every change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=["booked", "attended", "did_not_attend"]),
                name="appointment_one_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="appointment_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} at {self.slot} ({self.get_status_display()})"

"""Validation for booking, cancelling, rebooking, outcomes and the clinic list filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from spinepath.appointments.models import Appointment, Slot
from spinepath.clinics.models import Site
from spinepath.common.forms import BoundedDateField
from spinepath.common.versioning import VersionField

REASON_MAX = 500


class BookForm(forms.Form):
    """Choose one of the offered free slots. `slots` is the queryset of free slots."""

    slot = forms.ModelChoiceField(
        queryset=Slot.objects.none(),
        label="Choose a slot",
        error_messages={
            "required": "Choose a slot",
            "invalid_choice": "That slot is no longer free: choose another",
        },
    )

    def __init__(self, *args: Any, slots: QuerySet[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots  # type: ignore[attr-defined]


def _reason_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_MAX,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter a reason",
            "max_length": f"The reason must be {REASON_MAX} characters or fewer",
        },
    )


class CancelForm(forms.Form):
    reason = _reason_field("Why is the appointment being cancelled?")
    version = VersionField()  # the appointment's version when the page was loaded


class RebookForm(BookForm):
    reason = _reason_field("Why is the appointment being moved?")
    version = VersionField()


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Appointment.Status.ATTENDED, "Attended"),
            (Appointment.Status.DID_NOT_ATTEND, "Did not attend"),
        ],
        error_messages={"required": "Choose attended or did not attend"},
    )
    version = VersionField()


class ClinicListForm(forms.Form):
    """GET filters: a site and a day (both have defaults, so the page always shows a list)."""

    site = forms.ModelChoiceField(
        queryset=Site.objects.filter(active=True),
        to_field_name="code",
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the clinic sites"},
    )
    date = BoundedDateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": "The day must be a real date as YYYY-MM-DD, for example 2026-11-24"
        },
    )

    def __init__(self, data: Any, *, default_site: Site | None, today: dt.date) -> None:
        values = {
            "site": data.get("site") or (default_site.code if default_site else ""),
            "date": data.get("date") or today.isoformat(),
        }
        if not values["site"]:
            first = Site.objects.filter(active=True).first()
            values["site"] = first.code if first else ""
        super().__init__(values)

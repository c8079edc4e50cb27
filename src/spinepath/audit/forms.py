from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from spinepath.audit.models import AuditEvent
from spinepath.common.forms import BoundedDateField


class AuditFilterForm(forms.Form):
    user = forms.CharField(label="User email contains", required=False, max_length=254)
    object_type = forms.ChoiceField(label="Record type", required=False)
    date_from = BoundedDateField(
        label="From (YYYY-MM-DD)",
        required=False,
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, for example 2025-03-31"},
    )
    date_to = BoundedDateField(
        label="To (YYYY-MM-DD)",
        required=False,
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, for example 2025-03-31"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True)
        self.fields["object_type"].choices = [("", "Any")] + [(t, t) for t in types.distinct()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data

    def filter(self, events: Any) -> Any:
        """Apply the valid filters to a queryset of AuditEvent."""
        data = self.cleaned_data
        if data.get("user"):
            events = events.filter(actor_email__icontains=data["user"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
            events = events.filter(at__gte=start)
        if data.get("date_to"):
            end = dt.datetime.combine(
                data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
            events = events.filter(at__lt=end)
        return events

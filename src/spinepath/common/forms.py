"""Form fields shared by the apps: values bounded so that no input can overflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

__all__ = ["EARLIEST", "LATEST", "BoundedDateField", "as_id", "small_index"]

# Far from date.min and date.max, so a day either side (and a timezone) always exists.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


class BoundedDateField(forms.DateField):
    """A date from EARLIEST to LATEST; outside that, a form error (not an overflow)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        message = f"Enter a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}"
        self.validators += [
            MinValueValidator(EARLIEST, message=message),
            MaxValueValidator(LATEST, message=message),
        ]


def small_index(text: str, below: int) -> int | None:
    """`text` as a whole number 0 <= n < below, or None (never int() on a huge string)."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(below)):
        return None
    value = int(text)
    return value if value < below else None


def as_id(value: object) -> int | None:
    """`value` as a database id (1 to 18 ASCII digits), or None: never int() on a huge
    string, never an id a 64-bit column cannot hold."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)

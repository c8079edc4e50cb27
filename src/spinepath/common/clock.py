"""The one clock of the app: everything that needs "now" or "today" asks here.

Tests set it with time-machine (`time_machine.travel(...)` or the `time_machine` fixture),
which also moves the live server's thread in browser tests, so a page shows exactly the
times a test expects. Nothing else in the app reads the system clock for a decision.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

__all__ = ["now", "today"]


def now() -> dt.datetime:
    """The current time, aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date where the clinics are (settings.TIME_ZONE)."""
    return timezone.localdate(now())

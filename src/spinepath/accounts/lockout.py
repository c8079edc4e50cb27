"""Lock an email address out after repeated failed sign-ins.

SPINEPATH_LOCKOUT_FAILURES failures in a row lock it for SPINEPATH_LOCKOUT_PERIOD; a
success clears the count. Locking is by email address, not by IP: clinical staff often
share one hospital IP, and one mistyping colleague must not lock out a whole ward.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from spinepath.accounts.models import LoginThrottle
from spinepath.common import clock

__all__ = ["clear_failures", "locked_until", "record_failure"]


def _key(email: str) -> str:
    return email.strip().lower()


def locked_until(email: str, *, now: datetime | None = None) -> datetime | None:
    """When the lock on this email ends, or None if it is not locked."""
    now = now or clock.now()
    until = (
        LoginThrottle.objects.filter(email=_key(email), locked_until__gt=now)
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


@transaction.atomic
def record_failure(email: str, *, now: datetime | None = None) -> datetime | None:
    """Count one failed sign-in; return when the lock ends if this failure locks it."""
    now = now or clock.now()
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(email=_key(email))
    if throttle.locked_until and throttle.locked_until <= now:
        throttle.failures = 0  # an expired lock starts a fresh count
        throttle.locked_until = None
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= settings.SPINEPATH_LOCKOUT_FAILURES:
        throttle.locked_until = now + settings.SPINEPATH_LOCKOUT_PERIOD
    throttle.save()
    return throttle.locked_until


def clear_failures(email: str) -> None:
    LoginThrottle.objects.filter(email=_key(email)).delete()

"""Fixtures for appointments: a fixed "now", slots at both sites, referrals by category."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from spinepath.appointments.models import Slot

# A Monday morning in London (GMT), so local time = UTC.
NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def frozen_views(frozen_clock: Callable[[dt.datetime], None]) -> dt.datetime:
    """The app's clock stands at NOW (views see NOW as the current time)."""
    frozen_clock(NOW)
    return NOW


@pytest.fixture
def make_slot(sites: dict[str, Any]) -> Callable[..., Slot]:
    """`make_slot("norwich", hours=3)`: a 30-minute slot that many hours after NOW."""

    def make(site: str = "london", *, hours: float = 24, clinician: Any = None) -> Slot:
        return Slot.objects.create(
            site=sites[site],
            starts_at=NOW + dt.timedelta(hours=hours),
            duration_minutes=30,
            clinician=clinician,
        )

    return make


@pytest.fixture
def make_referral(referrer: Any, sites: dict[str, Any]) -> Callable[..., Any]:
    """`make_referral(patient, "emergency")`: an open referral received at NOW, with its
    deadlines as the referrals app sets them (MRI 24 h / 1 week; plan 1 week)."""
    from spinepath.referrals.models import Referral

    ranks = {"emergency": 3, "urgent": 2, "routine": 1}
    windows = {"emergency": dt.timedelta(hours=24), "urgent": dt.timedelta(days=7)}

    def make(patient: Any, category: str, *, received_at: dt.datetime = NOW) -> Any:
        window = windows.get(category)
        mri = received_at + window if window else None
        plan = received_at + dt.timedelta(days=7) if category == "urgent" else None
        return Referral.objects.create(
            patient=patient,
            referrer=referrer,
            site=sites["london"],
            facts={},
            category=category,
            category_rank=ranks[category],
            triage={},
            engine_version="test",
            ruleset_version="test",
            received_at=received_at,
            status_changed_at=received_at,
            mri_due_at=mri,
            plan_due_at=plan,
            next_due_at=mri,
            idempotency_key=uuid.uuid4(),
        )

    return make

"""Referral fixtures: a frozen clock, a referral form's data, a referral made by a service."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest

# The one frozen instant of these tests (a Monday morning, London time = UTC in January).
NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_now(frozen_clock: Callable[[dt.datetime], None]) -> Callable[[dt.datetime], None]:
    """Freeze the app's clock at NOW; call to move it."""
    frozen_clock(NOW)
    return frozen_clock


def form_data(sites: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A complete referral for a new patient: known cancer and limb weakness (emergency)."""
    data: dict[str, Any] = {
        "idempotency_key": str(uuid.uuid4()),
        "patient": "",
        "patient-given_name": "Bert",
        "patient-family_name": "Madeup",
        "patient-date_of_birth": "1948-05-06",
        "patient-sex": "male",
        "patient-nhs_number": "999 000 0026",
        "patient-hospital_number": "",
        "cancer_history": "known",
        "primary_site": "breast",
        "symptoms": ["limb_weakness", "thoracic_or_cervical_pain"],
        "ambulatory": "assisted",
        "frankel": "",
        "clinical_notes": "On apixaban.",
        "site": sites["london"].pk,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_referral(
    sites: dict[str, Any], patient: Any, referrer: Any, frozen_now: Callable[[dt.datetime], None]
) -> Callable[..., Any]:
    """`make_referral(symptoms=[...], by=..., at=...)`: a referral through the service.
    The app's clock stands at NOW, so later steps never come before the referral."""
    from spinepath.referrals.services import create_referral

    def make(
        *,
        symptoms: list[str] | None = None,
        cancer_history: str = "known",
        by: Any = None,
        at: dt.datetime = NOW,
        site: str = "london",
        for_patient: Any = None,
    ) -> Any:
        return create_referral(
            by=by or referrer,
            idempotency_key=uuid.uuid4(),
            site=sites[site],
            patient=for_patient or patient,
            facts={
                "cancer_history": cancer_history,
                "symptoms": ["limb_weakness"] if symptoms is None else symptoms,
            },
            at=at,
        )

    return make

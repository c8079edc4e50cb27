"""Fixtures for the assessment tests: a case, a saved assessment, form data."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

SEED_CASE = json.loads(
    (Path(__file__).resolve().parents[2] / "examples" / "seed-case.json").read_text()
)


@pytest.fixture
def case_data() -> dict[str, Any]:
    """The seed clinic's case (examples/seed-case.json): kidney primary, one lesion at L2."""
    return copy.deepcopy(SEED_CASE)


@pytest.fixture
def saved(patient: Any, clinician: Any, case_data: dict[str, Any]) -> Any:
    """Version 1 of the patient's assessment, saved by the clinician."""
    from spinepath.assessments.services import save_assessment
    from spinepath.clinical.case import parse_case

    return save_assessment(patient, by=clinician, case=parse_case(case_data))


@pytest.fixture
def form_data() -> Any:
    """`form_data(case, **overrides)`: the assessment form's POST data for a case."""
    return _form_data


def _form_data(case: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in case.items():
        if name in ("format", "case_id", "lesions"):
            continue
        if isinstance(value, bool):
            data[name] = "true" if value else "false"
        elif isinstance(value, list):
            data[name] = value
        else:
            data[name] = str(value)
    lesions = case.get("lesions", [])
    data["lesion_count"] = str(len(lesions))
    for i, lesion in enumerate(lesions):
        for name, value in lesion.items():
            data[f"lesion-{i}-{name}"] = value
    data.update(overrides)
    return data


@pytest.fixture
def referral_at(sites: dict[str, Any], patient: Any, referrer: Any, coordinator: Any) -> Any:
    """`referral_at("imaging_done")`: the patient's referral, moved step by step to a status."""
    import uuid

    from spinepath.referrals.models import Status
    from spinepath.referrals.services import advance_status, create_referral

    def make(status: str) -> Any:
        referral = create_referral(
            by=referrer,
            idempotency_key=uuid.uuid4(),
            site=sites["london"],
            patient=patient,
            facts={"cancer_history": "known", "symptoms": ["limb_weakness"]},
        )
        for step in list(Status)[1 : list(Status).index(Status(status)) + 1]:
            advance_status(referral, step, coordinator)
        return referral

    return make


@pytest.fixture
def second_clinician(sites: dict[str, Any]) -> Any:
    """Another clinician of the same team, working on the same patient at the same time."""
    from tests.conftest import PASSWORD

    from spinepath.accounts.models import User

    return User.objects.create_user(
        "second-clinician@example.test", PASSWORD, role="clinician", site=sites["london"]
    )

"""One patient's whole record, made through the services: a referral (by the referrer
persona, with clinical notes), an assessment with an MDT decision (by the clinician), an
appointment (booked by the coordinator). For access and audit tests across apps."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)
CLINICAL_NOTES = "On apixaban since March."
MDT_REASON = "Frail; the patient prefers radiotherapy alone."
SEED_CASE = Path(__file__).resolve().parent.parent / "examples" / "seed-case.json"


@dataclass(frozen=True)
class Records:
    patient: Any
    referral: Any
    assessment: Any
    decision: Any
    appointment: Any


def make_records(*, patient: Any, referrer: Any, clinician: Any, coordinator: Any) -> Records:
    from spinepath.appointments.models import Slot
    from spinepath.appointments.services import book_appointment
    from spinepath.assessments.services import proposed_codes, record_decision, save_assessment
    from spinepath.clinical.case import parse_case
    from spinepath.referrals.services import create_referral

    referral = create_referral(
        by=referrer,
        idempotency_key=uuid.uuid4(),
        site=patient.home_site,
        patient=patient,
        facts={"cancer_history": "known", "symptoms": ["limb_weakness"]},
        clinical_notes=CLINICAL_NOTES,
        at=NOW,
    )
    case = parse_case(json.loads(SEED_CASE.read_text()))
    assessment = save_assessment(patient, by=clinician, case=case, referral=referral)
    codes = proposed_codes(assessment.result)
    decision = record_decision(
        assessment,
        by=clinician,
        outcome="modified",
        final_codes=codes[:1] or codes,
        plan_text="Radiotherapy 8 Gy single fraction.",
        reason=MDT_REASON,
    )
    slot = Slot.objects.create(site=patient.home_site, starts_at=NOW + dt.timedelta(days=1))
    appointment = book_appointment(patient, slot, by=coordinator, now=NOW, referral=referral)
    return Records(patient, referral, assessment, decision, appointment)

"""Demo assessments for patients past imaging: some with several versions, some decided.

Patients come from the referrals the earlier steps seeded (imaging done or later); with no
such referrals, every third demo patient. Idempotent: a patient with any assessment is
left as it is.
"""

from __future__ import annotations

import random
from typing import Any

from spinepath.assessments.services import (
    branch_codes,
    branches,
    decision_conflicts,
    proposed_codes,
    record_decision,
    save_assessment,
)
from spinepath.clinical import vocab
from spinepath.clinical.case import parse_case
from spinepath.common.demo import DemoContext
from spinepath.patients.models import Patient
from spinepath.referrals.models import Referral, Status

__all__ = ["seed"]


def _accept(assessment: Any, clinician: Any) -> None:
    """Accept the proposal as a demo MDT would: the first branch of a branched proposal,
    and a stated reason when the proposal holds recommendations that conflict (§15.8)."""
    options = branches(assessment.result)
    branch = options[0]["rule"] if options else ""
    codes = branch_codes(assessment.result, branch) if branch else proposed_codes(assessment.result)
    conflicts = decision_conflicts(codes)
    record_decision(
        assessment,
        by=clinician,
        outcome="accepted",
        branch=branch,
        confirm_conflicts=bool(conflicts),
        reason="Demo MDT: discussed with the patient; both parts agreed." if conflicts else "",
    )


PAST_IMAGING = (
    Status.IMAGING_DONE,
    Status.MDT,
    Status.PLAN_AGREED,
    Status.TREATMENT_STARTED,
    Status.FOLLOW_UP,
    Status.CLOSED,
)
DECIDED = PAST_IMAGING[2:]  # the plan is agreed: the MDT has decided
SITES = ("breast", "prostate", "lung", "kidney", "myeloma", "colon", "thyroid")
LEVELS = ("C5", "T4", "T8", "T11", "T12", "L1", "L2", "L3", "L5")


def _case(rng: random.Random) -> dict[str, Any]:
    """A plausible synthetic case: one or two lesions, a primary, performance, neurology."""
    levels = rng.sample(LEVELS, rng.choice((1, 1, 2)))
    lesions = [
        {
            "level": level,
            "compartment": "extradural",
            "pain": rng.choice(tuple(vocab.LESION_PAIN)),
            "bone_lesion": rng.choice(tuple(vocab.BONE_LESION)),
            "alignment": rng.choice(("normal", "normal", "deformity")),
            "collapse": rng.choice(tuple(vocab.COLLAPSE)),
            "posterolateral": rng.choice(tuple(vocab.POSTEROLATERAL)),
            "bilsky": rng.choice(tuple(vocab.BILSKY_GRADES)),
        }
        for level in levels
    ]
    frankel = rng.choice(("E", "E", "D", "C"))
    return {
        "cancer_history": "known",
        "primary_site": rng.choice(SITES),
        "kps": rng.choice((50, 60, 70, 80, 90)),
        "extraspinal_bone_metastases": rng.choice((0, 1, 3)),
        "vertebral_metastases": len(lesions) + rng.choice((0, 1)),
        "visceral_metastases": rng.choice(tuple(vocab.VISCERAL_METASTASES)),
        "pathological_fracture": rng.random() < 0.4,
        "frankel": frankel,
        "ambulatory": "independent" if frankel == "E" else "assisted",
        "albumin_g_per_l": rng.choice((30, 34, 38, 42)),
        "fit_for_surgery": rng.random() < 0.7,
        "myelopathy": frankel != "E",
        "symptoms": ["thoracic_or_cervical_pain", "pain_increasing_over_weeks"],
        "lesions": lesions,
    }


def _chosen(ctx: DemoContext) -> list[tuple[Patient, Referral | None]]:
    referrals = (
        Referral.objects.filter(patient__in=ctx.patients, status__in=PAST_IMAGING)
        .select_related("patient")
        .order_by("patient_id", "-received_at")
    )
    by_patient: dict[int, tuple[Patient, Referral | None]] = {}
    for referral in referrals:
        by_patient.setdefault(referral.patient_id, (referral.patient, referral))
    if by_patient:
        return list(by_patient.values())
    return [(patient, None) for patient in ctx.patients[::3]]


def seed(ctx: DemoContext) -> None:
    clinician = ctx.users.get("clinician")
    for number, (patient, referral) in enumerate(_chosen(ctx)):
        if patient.assessments.exists():
            continue
        case = _case(ctx.rng)
        first = save_assessment(patient, by=clinician, case=parse_case(case), referral=referral)
        latest = first
        if number % 2 == 0:  # a second look: the Bilsky grade re-read, KPS reassessed
            case["lesions"][0]["bilsky"] = "2"
            case["kps"] = max(40, case["kps"] - 10)
            latest = save_assessment(
                patient, by=clinician, case=parse_case(case), referral=referral
            )
        decided = referral.status in DECIDED if referral else number % 3 == 0
        if decided and clinician is not None:
            if number % 4 == 0:
                record_decision(
                    latest,
                    by=clinician,
                    outcome="modified",
                    final_codes=["cebrt", "analgesia", "physiotherapy"],
                    plan_text="Palliative radiotherapy, 8 Gy in a single fraction.",
                    reason="The patient prefers not to have surgery.",
                )
            else:
                _accept(latest, clinician)
        ctx.log.append(f"assessment of {patient}: {latest.version} version(s)")

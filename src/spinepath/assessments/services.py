"""Assess a case, save assessment versions and record MDT decisions. Every save is audited.

Assessments and decisions are append-only: saving again makes version n + 1 and leaves
version n exactly as it was; a new decision is a new row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from spinepath.assessments.models import Assessment, MdtDecision, Outcome
from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot
from spinepath.clinical.assess import ENGINE_VERSION, assess
from spinepath.clinical.case import CASE_FORMAT, Case
from spinepath.clinical.planning.rules import RECOMMENDATIONS
from spinepath.common.versioning import StaleVersion
from spinepath.patients.models import Patient
from spinepath.referrals.models import Status
from spinepath.referrals.services import advance_status

__all__ = [
    "DecisionError",
    "case_facts",
    "evaluate",
    "latest_decision_id",
    "proposed_codes",
    "record_decision",
    "save_assessment",
]

# What the audit trail keeps of an assessment: the facts, not the (derived) result.
_AUDITED = ("patient", "referral", "version", "facts", "engine_version", "created_by")


@dataclass(frozen=True)
class DecisionError(ValueError):
    """An MDT decision that cannot be recorded: which field, what was given, why."""

    field: str
    value: object
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def evaluate(case: Case) -> dict[str, Any]:
    """The engine's assessment of a case (case-format §2)."""
    return assess(case).to_dict()


def case_facts(case: Case) -> dict[str, Any]:
    """The case as stored: case-format names, only what was recorded."""
    data = case.model_dump(mode="json", exclude_none=True)
    data["format"] = CASE_FORMAT
    if not data.get("lesions"):
        data.pop("lesions", None)
    return data


def proposed_codes(result: Mapping[str, Any]) -> list[str]:
    """The recommendation codes the engine proposed, in its order."""
    return [rec["code"] for rec in result["plan"]["recommendations"]]


@transaction.atomic
def save_assessment(
    patient: Patient, *, by: Any, case: Case, referral: Any = None, based_on: int | None = None
) -> Assessment:
    """Save the next version of the patient's assessment: facts, result, engine version.

    `based_on`: the latest version when the user began (0: none); if another has been
    saved since, raises StaleVersion and saves nothing."""
    # Lock the patient row so two saves at once cannot both take the same version number.
    Patient.objects.select_for_update().filter(pk=patient.pk).first()
    latest = patient.assessments.aggregate(latest=Max("version"))["latest"] or 0
    if based_on is not None and based_on != latest:
        raise StaleVersion("assessment of patient", patient.pk, based_on, latest)
    if referral is not None and referral.patient_id != patient.pk:
        raise ValueError("the referral belongs to another patient")
    assessment = Assessment.objects.create(
        patient=patient,
        referral=referral,
        version=latest + 1,
        facts=case_facts(case),
        result=evaluate(case),
        engine_version=ENGINE_VERSION,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_change(
        by, assessment, AuditEvent.Action.CREATE, {}, snapshot(assessment, fields=_AUDITED)
    )
    return assessment


@transaction.atomic
def record_decision(
    assessment: Assessment,
    *,
    by: Any,
    outcome: str,
    final_codes: Iterable[str] = (),
    plan_text: str = "",
    reason: str = "",
    based_on: int | None = None,
) -> MdtDecision:
    """Record the MDT's decision on one assessment version.

    Accepting takes the proposed recommendations as the final plan; modifying needs a
    reason and final codes from the engine's recommendation list. `based_on`: the id of
    the latest decision the user saw (0: none); if another was recorded since, raises
    StaleVersion and records nothing.
    """
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    latest = latest_decision_id(assessment)
    if based_on is not None and based_on != latest:
        raise StaleVersion("MDT decision on assessment", assessment.pk, based_on, latest)
    reason, plan_text = reason.strip(), plan_text.strip()
    if outcome not in Outcome.values:
        raise DecisionError("outcome", outcome, "choose accept or modify")
    codes = list(dict.fromkeys(final_codes))
    unknown = [code for code in codes if code not in RECOMMENDATIONS]
    if unknown:
        raise DecisionError("final_codes", unknown, "not a recommendation code")
    if outcome == Outcome.ACCEPTED:
        codes = proposed_codes(assessment.result)
    elif not reason:
        raise DecisionError("reason", reason, "give the reason for modifying the proposed plan")
    elif not codes and not plan_text:
        raise DecisionError("final_codes", codes, "choose the final plan or describe it")
    decision = MdtDecision.objects.create(
        assessment=assessment,
        outcome=outcome,
        final_codes=codes,
        plan_text=plan_text,
        reason=reason,
        decided_by=by,
    )
    record_change(by, decision, AuditEvent.Action.CREATE, {}, snapshot(decision))
    if assessment.referral_id is not None:
        _referral_plan_agreed(assessment, by=by, decision=decision)
    return decision


def latest_decision_id(assessment: Assessment) -> int:
    """The id of the newest decision on this assessment version, 0 if none (its "version")."""
    return assessment.decisions.order_by("-id").values_list("id", flat=True).first() or 0


def _referral_plan_agreed(assessment: Assessment, *, by: Any, decision: MdtDecision) -> None:
    """The MDT has decided: move the assessment's referral to "plan agreed".

    A referral whose imaging is done passes through "MDT discussion" on the way (the
    decision is that discussion's outcome). One still waiting for imaging, or already past
    the plan, is left where it is: a decision never skips or undoes a pathway step.
    """
    referral = assessment.referral
    outcome = decision.get_outcome_display().lower()
    note = f"MDT decision ({outcome}) on assessment v{assessment.version}"
    if referral.status == Status.IMAGING_DONE:
        advance_status(referral, Status.MDT, by, note)
    if referral.status == Status.MDT:
        advance_status(referral, Status.PLAN_AGREED, by, note)

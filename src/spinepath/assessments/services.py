"""Assess a case, save assessment versions and record MDT decisions. Every save is audited.

Assessments and decisions are append-only: saving again makes version n + 1 and leaves
version n exactly as it was; a new decision is a new row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from spinepath.assessments.models import Assessment, MdtDecision, Outcome
from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot
from spinepath.clinical.assess import ENGINE_VERSION, assess
from spinepath.clinical.case import CASE_FORMAT, Case
from spinepath.clinical.planning.engine import plan_conflicts
from spinepath.clinical.planning.rules import RECOMMENDATIONS
from spinepath.common.versioning import StaleVersion
from spinepath.patients.models import Patient
from spinepath.referrals.models import Status
from spinepath.referrals.services import advance_status

__all__ = [
    "DecisionError",
    "branch_codes",
    "branches",
    "case_facts",
    "decision_conflicts",
    "evaluate",
    "latest_decision_id",
    "proposed_codes",
    "record_decision",
    "save_assessment",
]

# What the audit trail keeps of an assessment: the facts, not the (derived) result.
_AUDITED = ("patient", "referral", "version", "facts", "engine_version", "created_by")


class DecisionError(ValueError):
    """An MDT decision that cannot be recorded: which field, what was given, why."""

    def __init__(self, field: str, value: object, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.value, self.message = field, value, message


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


def branches(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The NOMS branches the MDT must choose between: empty when NOMS is settled, or when
    every branch suggests the same treatment (the judgement changes nothing)."""
    noms = result.get("plan", {}).get("noms", {})
    found = list(noms.get("branches") or []) if noms.get("status") == "branched" else []
    return found if len({tuple(b["recommends"]) for b in found}) > 1 else []


def branch_codes(result: Mapping[str, Any], branch: str) -> list[str]:
    """The proposed codes that hold in NOMS branch ``branch`` (a NOMS rule code): every
    suggestion except those that only other branches make."""
    others = {b["rule"] for b in branches(result)} - {branch}
    return [
        rec["code"]
        for rec in result["plan"]["recommendations"]
        if not rec["rules"] or not set(rec["rules"]) <= others
    ]


def decision_conflicts(codes: Iterable[str]) -> list[dict[str, Any]]:
    """The recommendation pairs in a final plan that exclude each other (spec §15.8)."""
    return [c.to_dict() for c in plan_conflicts(codes)]


@transaction.atomic
def record_decision(
    assessment: Assessment,
    *,
    by: Any,
    outcome: str,
    final_codes: Iterable[str] = (),
    plan_text: str = "",
    reason: str = "",
    branch: str = "",
    confirm_conflicts: bool = False,
    based_on: int | None = None,
) -> MdtDecision:
    """Record the MDT's decision on one assessment version.

    Accepting takes the proposed recommendations as the final plan; a branched proposal
    (spec §15.3) needs the branch the MDT chose. Modifying needs a reason and final codes
    from the engine's recommendation list. A final plan holding recommendations that
    exclude each other (§15.8) is recorded only with ``confirm_conflicts`` and a reason.
    `based_on`: the id of the latest decision the user saw (0: none); if another was
    recorded since, raises StaleVersion and records nothing.
    """
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    latest = latest_decision_id(assessment)
    if based_on is not None and based_on != latest:
        raise StaleVersion("MDT decision on assessment", assessment.pk, based_on, latest)
    reason, plan_text, branch = reason.strip(), plan_text.strip(), branch.strip()
    if outcome not in Outcome.values:
        raise DecisionError("outcome", outcome, "choose accept or modify")
    codes = list(dict.fromkeys(final_codes))
    unknown = [code for code in codes if code not in RECOMMENDATIONS]
    if unknown:
        raise DecisionError("final_codes", unknown, "not a recommendation code")
    rules = [b["rule"] for b in branches(assessment.result)]
    if branch and branch not in rules:
        allowed = ", ".join(rules) or "none: the proposal is not branched"
        raise DecisionError("branch", branch, f"not a branch of this proposal ({allowed})")
    if outcome == Outcome.ACCEPTED:
        if rules and not branch:
            raise DecisionError(
                "branch",
                branch,
                "the proposal depends on a judgement: choose the branch the MDT accepts",
            )
        codes = (
            branch_codes(assessment.result, branch) if branch else proposed_codes(assessment.result)
        )
    elif not reason:
        raise DecisionError("reason", reason, "give the reason for modifying the proposed plan")
    elif not codes and not plan_text:
        raise DecisionError("final_codes", codes, "choose the final plan or describe it")
    conflicts = decision_conflicts(codes)
    if conflicts and not confirm_conflicts:
        texts = " ".join(c["text"] for c in conflicts)
        raise DecisionError(
            "confirm_conflicts",
            [c["code"] for c in conflicts],
            f"the final plan holds recommendations that exclude each other: {texts} "
            "Confirm that the MDT records them together, and give the reason",
        )
    if conflicts and not reason:
        raise DecisionError(
            "reason", reason, "give the reason for recording recommendations that conflict"
        )
    decision = MdtDecision.objects.create(
        assessment=assessment,
        outcome=outcome,
        final_codes=codes,
        plan_text=plan_text,
        reason=reason,
        branch=branch,
        confirmed_conflicts=[c["code"] for c in conflicts],
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

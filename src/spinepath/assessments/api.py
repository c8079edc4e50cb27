"""The engine's JSON API: assess or triage a case, describe the scores, and read a
patient's saved assessments. Mounted on the one NinjaAPI (spinepath.web.api) at /api/.

A case that fails validation raises CaseValidationError; the API's exception handler
turns it into 422 with every field error ({field, value, allowed, message}). A body that
cannot be read as JSON at all is 400, 413 or 415 (spinepath.common.jsonbody). Every route
declares each status it answers, so the OpenAPI document is the whole contract.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from spinepath.accounts.models import Role
from spinepath.assessments.access import assessments_for
from spinepath.assessments.catalogue import score_summaries, score_table
from spinepath.assessments.models import Assessment, MdtDecision
from spinepath.assessments.schemas import (
    AssessmentVersionOut,
    CaseErrorsOut,
    DecisionErrorOut,
    DecisionIn,
    ErrorOut,
    MdtDecisionOut,
    ScoreSummaryOut,
    ScoreTableOut,
    StaleVersionOut,
)
from spinepath.assessments.services import DecisionError, record_decision
from spinepath.audit.services import record_view
from spinepath.clinical.assess import Assessment as EngineAssessment
from spinepath.clinical.assess import assess
from spinepath.clinical.case import (
    Case,
    CaseValidationError,
    FieldError,
    case_json_schema,
    parse_case,
)
from spinepath.clinical.results import TriageOut
from spinepath.clinical.triage import triage
from spinepath.common.jsonbody import read_json_body
from spinepath.patients.access import get_patient_for

__all__ = ["case_errors", "router"]

router = Router(tags=["assessment"])

# The statuses every signed-in route may answer besides its 200: 400 for a NUL character
# in the address (spinepath.web.middleware), 401 without a session.
_SIGNED_IN = {400: ErrorOut, 401: ErrorOut}
_CASE_POST = {**_SIGNED_IN, 403: ErrorOut, 413: ErrorOut, 415: ErrorOut}
_READER_GET = {**_SIGNED_IN, 403: ErrorOut, 404: ErrorOut, 422: CaseErrorsOut}


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The case schema with its $defs written in place, so it stands alone in OpenAPI."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _case_body() -> dict[str, Any]:
    schema = case_json_schema()
    inlined = _inline_refs(schema, schema.get("$defs", {}))
    inlined.pop("$schema", None)
    return {
        "requestBody": {
            "required": True,
            "description": "A case (case-format §1).",
            "content": {"application/json": {"schema": inlined}},
        }
    }


def _case_from(request: HttpRequest) -> Case:
    """The request's case: HttpError 400/413/415 for an unreadable body (spinepath.common
    .jsonbody), CaseValidationError for text that is not JSON or not a valid case."""
    try:
        data = read_json_body(request)
    except json.JSONDecodeError as error:
        problem = FieldError("(case)", None, "a JSON object", f"not valid JSON: {error}")
        raise CaseValidationError([problem]) from None
    return parse_case(data)


def case_errors(error: CaseValidationError) -> dict[str, Any]:
    """The 422 body for a case that failed validation (see CaseErrorsOut)."""
    count = len(error.errors)
    return {
        "detail": f"The case has {count} problem{'s' if count != 1 else ''}.",
        "errors": [
            {"field": e.field, "value": e.value, "allowed": e.allowed, "message": e.message}
            for e in error.errors
        ],
    }


@router.post(
    "/assess",
    response={200: EngineAssessment, **_CASE_POST, 422: CaseErrorsOut},
    openapi_extra=_case_body(),
    summary="Assess a case",
)
def assess_case(request: HttpRequest) -> EngineAssessment:
    """Every score, the triage and the proposed plan for a case: the assessment
    (case-format §2, `spinepath-assessment/1`). Nothing is stored."""
    return assess(_case_from(request))


@router.post(
    "/triage",
    response={200: TriageOut, **_CASE_POST, 422: CaseErrorsOut},
    openapi_extra=_case_body(),
    summary="Triage a case",
)
def triage_case(request: HttpRequest) -> TriageOut:
    """The red-flag triage of a case only: category, actions with deadlines, rules fired.
    While a fact is missing, the actions of the most urgent possibility, each with the
    facts (`until`) whose recording may withdraw it (spec §15.2)."""
    return triage(_case_from(request))


@router.get(
    "/scores", response={200: list[ScoreSummaryOut], **_SIGNED_IN}, summary="List the scores"
)
def list_scores(request: HttpRequest) -> list[dict[str, Any]]:
    """Every score the engine derives: key, name, version, source and sign-off flag."""
    return score_summaries()


@router.get(
    "/scores/{key}",
    response={200: ScoreTableOut, **_SIGNED_IN, 404: ErrorOut},
    summary="One score's table",
)
def get_score(request: HttpRequest, key: str) -> dict[str, Any]:
    """A score's definition as data: criteria, options and points, bands, caveats."""
    table = score_table(key)
    if table is None:
        raise HttpError(404, f"No score {key!r}. Scores: see GET /api/scores.")
    return table


@router.get(
    "/case-schema",
    response={200: dict[str, Any], **_SIGNED_IN},
    summary="The case's JSON Schema",
)
def get_case_schema(request: HttpRequest) -> dict[str, Any]:
    """The JSON Schema of a case (spinepath-case/1), as `spinepath schema` prints it."""
    return case_json_schema()


def _versions(request: HttpRequest) -> Any:
    """The assessments this user may read (403 for other roles), with their decisions."""
    decisions = MdtDecision.objects.select_related("decided_by")
    return (
        assessments_for(request.user)
        .select_related("created_by")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
    )


def _version_out(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "patient_id": assessment.patient_id,
        "referral_id": assessment.referral_id,
        "version": assessment.version,
        "engine_version": assessment.engine_version,
        "created_by": str(assessment.created_by) if assessment.created_by else None,
        "created_at": assessment.created_at,
        "facts": assessment.facts,
        "result": assessment.result,
        "decisions": [
            {
                "id": d.pk,
                "outcome": d.outcome,
                "final_codes": d.final_codes,
                "plan_text": d.plan_text,
                "reason": d.reason,
                "branch": d.branch,
                "confirmed_conflicts": d.confirmed_conflicts,
                "decided_by": str(d.decided_by),
                "decided_at": d.decided_at,
            }
            for d in assessment.decisions.all()
        ],
    }


@router.get(
    "/patients/{patient_id}/assessments",
    response={200: list[AssessmentVersionOut], **_READER_GET},
    summary="A patient's assessment versions",
)
def patient_assessments(request: HttpRequest, patient_id: int) -> list[dict[str, Any]]:
    """Every saved version, newest first, each with its facts, result and MDT decisions."""
    versions = _versions(request)
    patient = get_patient_for(request.user, patient_id)
    record_view(request, patient)
    return [_version_out(a) for a in versions.filter(patient=patient).order_by("-version")]


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentVersionOut, **_READER_GET},
    summary="One assessment version",
)
def get_assessment(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    """One saved version exactly as it was saved."""
    assessment = get_object_or_404(_versions(request), pk=assessment_id)
    record_view(request, assessment)
    return _version_out(assessment)


_DECIDERS = (Role.CLINICIAN,)


@router.post(
    "/assessments/{assessment_id}/decisions",
    response={
        201: MdtDecisionOut,
        **_SIGNED_IN,
        403: ErrorOut,
        404: ErrorOut,
        409: StaleVersionOut,
        413: ErrorOut,
        415: ErrorOut,
        422: DecisionErrorOut,
    },
    summary="Record the MDT's decision",
)
def create_decision(
    request: HttpRequest, assessment_id: int, body: DecisionIn
) -> tuple[int, dict[str, Any]]:
    """Accept the proposed plan (choosing the branch when it is branched) or modify it with
    a reason. A final plan whose recommendations exclude each other (e.g. best supportive
    care with surgery, cEBRT with SRS) answers 422 unless `confirm_conflicts` is true and a
    reason is given (spec §15.8)."""
    if not request.user.has_role(*_DECIDERS):  # type: ignore[union-attr]
        return 403, {"detail": "Only clinicians record MDT decisions."}
    assessment = get_object_or_404(_versions(request), pk=assessment_id)
    try:
        decision = record_decision(
            assessment,
            by=request.user,
            outcome=body.outcome,
            final_codes=body.final_codes,
            plan_text=body.plan_text,
            reason=body.reason,
            branch=body.branch,
            confirm_conflicts=body.confirm_conflicts,
            based_on=body.based_on,
        )
    except DecisionError as error:
        return 422, {"detail": str(error), "field": error.field, "value": error.value}
    return 201, {
        "id": decision.pk,
        "outcome": decision.outcome,
        "final_codes": decision.final_codes,
        "plan_text": decision.plan_text,
        "reason": decision.reason,
        "branch": decision.branch,
        "confirmed_conflicts": decision.confirmed_conflicts,
        "decided_by": str(request.user),
        "decided_at": decision.decided_at,
    }

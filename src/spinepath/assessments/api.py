"""The engine's JSON API: assess or triage a case, describe the scores, and read a
patient's saved assessments. Mounted on the one NinjaAPI (spinepath.web.api) at /api/.

A case that fails validation raises CaseValidationError; the API's exception handler
turns it into 422 with every field error ({field, value, allowed, message}).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from spinepath.assessments.access import assessments_for
from spinepath.assessments.catalogue import score_summaries, score_table
from spinepath.assessments.models import Assessment, MdtDecision
from spinepath.assessments.schemas import (
    AssessmentVersionOut,
    CaseErrorsOut,
    ScoreSummaryOut,
    ScoreTableOut,
)
from spinepath.assessments.services import evaluate
from spinepath.audit.services import record_view
from spinepath.clinical.case import CaseValidationError, case_json_schema, parse_case_json
from spinepath.clinical.triage import triage
from spinepath.patients.access import get_patient_for

__all__ = ["case_errors", "router"]

router = Router(tags=["assessment"])


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
    response={200: dict[str, Any], 422: CaseErrorsOut},
    openapi_extra=_case_body(),
    summary="Assess a case",
)
def assess_case(request: HttpRequest) -> dict[str, Any]:
    """Every score, the triage and the proposed plan for a case: the assessment
    (case-format §2, `spinepath-assessment/1`). Nothing is stored."""
    return evaluate(parse_case_json(request.body))


@router.post(
    "/triage",
    response={200: dict[str, Any], 422: CaseErrorsOut},
    openapi_extra=_case_body(),
    summary="Triage a case",
)
def triage_case(request: HttpRequest) -> dict[str, Any]:
    """The red-flag triage of a case only: category, actions with deadlines, rules fired."""
    return triage(parse_case_json(request.body)).to_dict()


@router.get("/scores", response=list[ScoreSummaryOut], summary="List the scores")
def list_scores(request: HttpRequest) -> list[dict[str, Any]]:
    """Every score the engine derives: key, name, version, source and sign-off flag."""
    return score_summaries()


@router.get("/scores/{key}", response=ScoreTableOut, summary="One score's table")
def get_score(request: HttpRequest, key: str) -> dict[str, Any]:
    """A score's definition as data: criteria, options and points, bands, caveats."""
    table = score_table(key)
    if table is None:
        raise HttpError(404, f"No score {key!r}. Scores: see GET /api/scores.")
    return table


@router.get("/case-schema", response=dict[str, Any], summary="The case's JSON Schema")
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
                "decided_by": str(d.decided_by),
                "decided_at": d.decided_at,
            }
            for d in assessment.decisions.all()
        ],
    }


@router.get(
    "/patients/{patient_id}/assessments",
    response=list[AssessmentVersionOut],
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
    response=AssessmentVersionOut,
    summary="One assessment version",
)
def get_assessment(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    """One saved version exactly as it was saved."""
    assessment = get_object_or_404(_versions(request), pk=assessment_id)
    record_view(request, assessment)
    return _version_out(assessment)

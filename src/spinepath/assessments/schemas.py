"""Request and response schemas of the assessment API (the contract in tests/openapi.json).

The case and the assessment themselves are the clinical engine's documents
(case-format §1 and §2): the API passes them through, described by the engine's own JSON
Schema, rather than restating them here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

__all__ = [
    "AssessmentVersionOut",
    "CaseErrorsOut",
    "ErrorOut",
    "FieldErrorOut",
    "MdtDecisionOut",
    "ScoreSummaryOut",
    "ScoreTableOut",
]


class ErrorOut(Schema):
    """Every error but a validation error: 400, 401, 403, 404, 413, 415."""

    detail: str


class FieldErrorOut(Schema):
    field: str
    value: Any = None
    allowed: str
    message: str


class CaseErrorsOut(Schema):
    """422: a case, or a path parameter, that fails validation, with every field error."""

    detail: str
    errors: list[FieldErrorOut]


class ScoreSummaryOut(Schema):
    key: str
    name: str
    kind: str
    version: str
    source: str
    confidence: str
    needs_sign_off: bool


class OptionOut(Schema):
    code: str
    label: str
    points: int
    when: str


class CriterionOut(Schema):
    code: str
    label: str
    options: list[OptionOut]


class BandOut(Schema):
    code: str
    label: str
    low: int
    high: int
    meaning: str


class GradeOut(Schema):
    code: str
    label: str
    group: str | None
    note: str | None


class ScoreTableOut(ScoreSummaryOut):
    low: int | None
    high: int | None
    higher_is_better: bool | None
    criteria: list[CriterionOut]
    bands: list[BandOut]
    grades: list[GradeOut]
    caveats: list[str]


class MdtDecisionOut(Schema):
    id: int
    outcome: str
    final_codes: list[str]
    plan_text: str
    reason: str
    decided_by: str
    decided_at: dt.datetime


class AssessmentVersionOut(Schema):
    id: int
    patient_id: int
    referral_id: int | None
    version: int
    engine_version: str
    created_by: str | None
    created_at: dt.datetime
    facts: dict[str, Any]
    result: dict[str, Any]
    decisions: list[MdtDecisionOut]

"""Request and response schemas of the assessment API (the contract in tests/openapi.json).

The case and the assessment themselves are the clinical engine's documents
(case-format §1 and §2): the API passes them through, described by the engine's own JSON
Schema, rather than restating them here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

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


class CaveatOut(Schema):
    code: str
    text: str


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
    caveats: list[CaveatOut]


class MdtDecisionOut(Schema):
    id: int
    outcome: str
    final_codes: list[str]
    plan_text: str
    reason: str
    branch: str = ""
    confirmed_conflicts: list[str] = Field(default_factory=list)
    decided_by: str
    decided_at: dt.datetime


class DecisionIn(Schema):
    """An MDT decision on one assessment version (spec §15.3, §15.8)."""

    outcome: str = Field(description="accepted or modified")
    final_codes: list[str] = Field(
        default_factory=list, description="When modifying: the agreed plan's recommendation codes"
    )
    plan_text: str = Field(default="", max_length=4000)
    reason: str = Field(
        default="", max_length=4000, description="Needed to modify, or to confirm conflicts"
    )
    branch: str = Field(
        default="",
        max_length=20,
        description="The NOMS branch (rule code) accepted when the proposal is branched",
    )
    based_on: int | None = Field(
        default=None,
        description="The id of the latest decision the caller saw (0: none). If another "
        "decision was recorded since, 409 and nothing is recorded",
    )
    confirm_conflicts: bool = Field(
        default=False,
        description="Record a final plan whose recommendations exclude each other (422 without it)",
    )


class StaleVersionOut(Schema):
    """409: the write was based on an older version; nothing changed."""

    detail: str
    record: str
    id: int
    based_on: int | None
    current: int | None


class DecisionErrorOut(Schema):
    detail: str
    field: str
    value: Any


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

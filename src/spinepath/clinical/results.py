"""The engine's typed results: what ``assess(case)`` returns, field by field.

These frozen pydantic models are the public shape of an assessment
(``spinepath-assessment/1``, case-format §2). The JSON API uses them as its response
schemas, so the OpenAPI document shows the real contract; ``to_dict()`` is their JSON
form and nothing else (no hand-written serialisation).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from spinepath.clinical.provenance import Statement, StatementKind

__all__ = [
    "ActionOut",
    "BandOut",
    "ComponentOut",
    "ConflictOut",
    "ExcludedRecommendation",
    "LesionResult",
    "NomsBranchOut",
    "NomsOut",
    "PlanOut",
    "PlannedRecommendation",
    "Result",
    "ScoreResult",
    "SignOut",
    "StatementOut",
    "Status",
    "TriageOut",
    "TumourOut",
    "VersionsOut",
    "statement",
]

Status = Literal["complete", "incomplete", "not_applicable"]


class Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this result (``model_dump(mode="json")``)."""
        return self.model_dump(mode="json")


class StatementOut(Result):
    """A coded sentence: a caveat, warning, conflict or note, with its source."""

    code: str
    kind: StatementKind
    text: str
    source: str
    section: str
    needs_sign_off: bool


def statement(said: Statement, **fields: object) -> StatementOut:
    """``said`` with its template filled in."""
    return StatementOut(
        code=said.code,
        kind=said.kind,
        text=said.format(**fields),
        source=said.provenance.source,
        section=said.provenance.section,
        needs_sign_off=said.provenance.needs_sign_off,
    )


class BandOut(Result):
    code: str
    label: str
    meaning: str


class ComponentOut(Result):
    """One criterion's contribution: the chosen option, or the points still possible."""

    code: str
    label: str
    answer: str | None
    answer_label: str | None
    points: int | None
    possible_points: list[int]
    missing: list[str]
    """Facts to record to settle this criterion (empty when it is settled)."""


class LesionResult(Result):
    """One lesion's SINS or Bilsky result, inside the case-level score."""

    level: str | None
    status: Status
    total: int | None = None
    min: int | None = None
    max: int | None = None
    band: BandOut | None = None
    reachable_bands: list[BandOut] = []
    components: list[ComponentOut] = []
    grade: str | None = None
    group: str | None = None
    reason: str | None = None


class ScoreResult(Result):
    """Every score has this one shape. ``kind`` says which fields carry the answer:
    ``points`` (total, min, max, band, components) or ``grade`` (grade, label, group)."""

    key: str
    name: str
    kind: Literal["points", "grade"]
    status: Status
    total: int | None = None
    min: int | None = None
    max: int | None = None
    band: BandOut | None = None
    reachable_bands: list[BandOut] = []
    components: list[ComponentOut] = []
    grade: str | int | None = None
    label: str | None = None
    possible_grades: list[str] = []
    group: str | None = None
    lesion: str | None = None
    """The level the case-level result comes from (SINS, Bilsky)."""
    lesions: list[LesionResult] = []
    worst_recorded: str | None = None
    missing: list[str] = []
    reason: str | None = None
    """Why the score is not applicable."""
    note: str | None = None
    source: str
    section: str
    table_version: str
    needs_sign_off: bool
    caveats: list[StatementOut] = []


class SignOut(Result):
    """A recorded neurological sign that triage read (spec §15.1)."""

    code: str
    field: str
    value: str
    label: str


class ActionOut(Result):
    code: str
    text: str
    deadline_hours: int | None
    anchor: Literal["suspected_diagnosis", "decision_to_treat", "now"]
    audience: Literal["clinician", "patient"]
    source: str
    needs_sign_off: bool
    until: list[str] = []
    """Facts whose recording may withdraw this action: it is shown because the most urgent
    possibility cannot be ruled out yet (spec §15.2). Empty: the action is certain."""
    notes: list[StatementOut] = []


class TriageOut(Result):
    status: Literal["complete", "incomplete"]
    category: Literal["emergency", "urgent", "routine"] | None
    label: str | None
    most_urgent_possible: Literal["emergency", "urgent", "routine"]
    possible_categories: list[Literal["emergency", "urgent", "routine"]]
    actions: list[ActionOut]
    rules_fired: list[str]
    rules_undecided: list[str]
    missing: list[str]
    signs: list[SignOut]
    needs_sign_off: bool
    ruleset_version: str


class PlannedRecommendation(Result):
    code: str
    label: str
    text: str
    rules: list[str]
    rationale: list[str]
    when: list[str] = []
    """Conditions this suggestion depends on, in words ("if fit for surgery"); empty when
    it holds whatever the open questions are answered."""
    notes: list[StatementOut] = []
    surgical: bool = False
    needs_sign_off: bool


class ExcludedRecommendation(Result):
    code: str
    label: str
    rule: str
    reason: str


class NomsBranchOut(Result):
    when: list[str]
    """The labelled assumptions of this branch ("if the spinal surgeon judges the spine
    unstable")."""
    rule: str
    recommends: list[str]


class NomsOut(Result):
    status: Literal["complete", "branched", "incomplete", "not_applicable"]
    rule: str | None
    recommends: list[str]
    branches: list[NomsBranchOut] = []
    possible: list[list[str]] = []
    domains: dict[str, str | None]
    missing: list[str] = []
    reason: str | None = None


class ConflictOut(StatementOut):
    """A conflict: ``codes`` are the recommendations (or scores) that disagree."""

    codes: list[str] = []


class PlanOut(Result):
    recommendations: list[PlannedRecommendation]
    excluded: list[ExcludedRecommendation] = []
    noms: NomsOut
    conflicts: list[ConflictOut]
    caveats: list[StatementOut]
    missing: list[str] = []
    needs_sign_off: bool
    ruleset_version: str


class TumourOut(Result):
    primary_site: str | None
    primary_site_label: str | None
    histology: str | None
    histology_label: str | None
    behaviour: str | None
    origin: str | None
    compartments: list[str]
    radiosensitivity: str | None
    typical_appearance: str | None


class VersionsOut(Result):
    catalogue: str
    triage_rules: str
    plan_rules: str
    tables: dict[str, str]

"""``assess(case)``: every score, the triage and the proposed plan for one case.

The result is a typed, frozen model; ``Assessment.to_dict()`` is exactly the
``spinepath-assessment/1`` document of case-format §2. It carries the engine version and
the version of every table and rule set it used, so it can be recomputed and compared.
"""

from __future__ import annotations

from typing import Final, Literal

from spinepath import __version__
from spinepath.clinical.case import Case
from spinepath.clinical.catalogue import CATALOGUE_VERSION, HISTOLOGIES, PRIMARY_SITES, placement
from spinepath.clinical.planning.engine import plan_case
from spinepath.clinical.planning.rules import RULESET_VERSION as PLAN_RULESET_VERSION
from spinepath.clinical.results import (
    PlanOut,
    Result,
    ScoreResult,
    StatementOut,
    TriageOut,
    TumourOut,
    VersionsOut,
    statement,
)
from spinepath.clinical.scores import score_case, table_versions
from spinepath.clinical.scores.sins import INTRADURAL_COMPARTMENTS
from spinepath.clinical.statements import STATEMENTS
from spinepath.clinical.triage import triage
from spinepath.clinical.triage.rules import RULESET_VERSION as TRIAGE_RULESET_VERSION
from spinepath.clinical.vocab import COMPARTMENTS

__all__ = ["ASSESSMENT_FORMAT", "ENGINE_VERSION", "Assessment", "assess", "classify_tumour"]

ASSESSMENT_FORMAT: Final = "spinepath-assessment/1"
ENGINE_VERSION: Final = __version__


class Assessment(Result):
    format: Literal["spinepath-assessment/1"] = ASSESSMENT_FORMAT
    engine_version: str = ENGINE_VERSION
    case_id: str | None
    scores: dict[str, ScoreResult]
    triage: TriageOut
    plan: PlanOut
    tumour: TumourOut
    warnings: list[StatementOut]
    versions: VersionsOut


def assess(case: Case) -> Assessment:
    scores = score_case(case)
    return Assessment(
        case_id=case.case_id,
        scores=scores,
        triage=triage(case),
        plan=plan_case(case, scores),
        tumour=classify_tumour(case),
        warnings=_warnings(case, scores),
        versions=VersionsOut(
            catalogue=CATALOGUE_VERSION,
            triage_rules=TRIAGE_RULESET_VERSION,
            plan_rules=PLAN_RULESET_VERSION,
            tables=table_versions(),
        ),
    )


def classify_tumour(case: Case) -> TumourOut:
    """What is known of the tumour's nature and where it grows (spec §10)."""
    histology = HISTOLOGIES.get(case.histology) if case.histology else None
    site = PRIMARY_SITES.get(case.primary_site) if case.primary_site else None
    compartments = sorted(
        {lesion.compartment for lesion in case.lesions if lesion.compartment},
        key=list(COMPARTMENTS).index,
    )
    radiosensitivity = placement("radiosensitivity", site.code) if site else None
    appearance = placement("lesion_appearance", site.code) if site else None
    return TumourOut(
        primary_site=site.code if site else None,
        primary_site_label=site.label if site else None,
        histology=histology.code if histology else None,
        histology_label=histology.label if histology else None,
        behaviour=histology.behaviour if histology else None,
        origin=histology.origin if histology else ("secondary" if site else None),
        compartments=compartments,
        radiosensitivity=radiosensitivity.group if radiosensitivity else None,
        typical_appearance=appearance.group if appearance else None,
    )


def _warnings(case: Case, scores: dict[str, ScoreResult]) -> list[StatementOut]:
    said = []
    if case.kps is None and case.ecog is not None:
        said.append(statement(STATEMENTS["WN-KPS-ECOG-01"]))
    if case.frankel is None and case.asia is not None:
        said.append(statement(STATEMENTS["WN-FRANKEL-ASIA-01"]))
    levels = [lesion.level for lesion in case.lesions if lesion.level]
    if case.vertebral_metastases is not None and len(levels) > case.vertebral_metastases:
        said.append(
            statement(
                STATEMENTS["WN-LESION-COUNT-01"],
                lesions=len(levels),
                count=case.vertebral_metastases,
            )
        )
    histology = HISTOLOGIES.get(case.histology) if case.histology else None
    for lesion in case.lesions:
        # Where the compartment is not recorded, the lesion lies where its histology grows.
        compartment = lesion.compartment or (histology.compartment if histology else None)
        if compartment in INTRADURAL_COMPARTMENTS:
            said.append(
                statement(
                    STATEMENTS["WN-INTRADURAL-01"],
                    level=lesion.level or "an unrecorded level",
                    compartment=COMPARTMENTS[compartment].lower(),
                )
            )
    for result in scores.values():
        if result.status == "not_applicable" and result.reason:
            said.append(
                statement(
                    STATEMENTS["WN-NOT-APPLICABLE-01"], name=result.name, reason=result.reason
                )
            )
    sign_off = [r.name for r in scores.values() if r.needs_sign_off]
    if sign_off:
        said.append(statement(STATEMENTS["WN-SIGN-OFF-01"], names=", ".join(sign_off)))
    return said

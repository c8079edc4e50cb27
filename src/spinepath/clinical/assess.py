"""``assess(case)``: every score, the triage and the proposed plan for one case.

The result is deterministic and JSON-serialisable (``Assessment.to_dict()`` is exactly the
``spinepath-assessment/1`` document of case-format §2), and carries the engine version and
the version of every table and rule set it used, so it can be recomputed and compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from spinepath import __version__
from spinepath.clinical.case import Case
from spinepath.clinical.catalogue import CATALOGUE_VERSION, HISTOLOGIES, PRIMARY_SITES, placement
from spinepath.clinical.planning.engine import Plan, plan_case
from spinepath.clinical.planning.rules import RULESET_VERSION as PLAN_RULESET_VERSION
from spinepath.clinical.scores import AnyResult, score_case, table_versions
from spinepath.clinical.scores.table import ScoreResult
from spinepath.clinical.triage import TriageResult, triage
from spinepath.clinical.triage.rules import RULESET_VERSION as TRIAGE_RULESET_VERSION
from spinepath.clinical.vocab import COMPARTMENTS

__all__ = ["ASSESSMENT_FORMAT", "ENGINE_VERSION", "Assessment", "assess"]

ASSESSMENT_FORMAT: Final = "spinepath-assessment/1"
ENGINE_VERSION: Final = __version__


@dataclass(frozen=True)
class Assessment:
    case: Case
    scores: dict[str, AnyResult]
    triage: TriageResult
    plan: Plan
    tumour: dict[str, object]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "format": ASSESSMENT_FORMAT,
            "engine_version": ENGINE_VERSION,
            "case_id": self.case.case_id,
            "scores": {key: result.to_dict() for key, result in self.scores.items()},
            "triage": self.triage.to_dict(),
            "plan": self.plan.to_dict(),
            "tumour": self.tumour,
            "warnings": list(self.warnings),
            "versions": {
                "catalogue": CATALOGUE_VERSION,
                "triage_rules": TRIAGE_RULESET_VERSION,
                "plan_rules": PLAN_RULESET_VERSION,
                "tables": table_versions(),
            },
        }


def assess(case: Case) -> Assessment:
    scores = score_case(case)
    return Assessment(
        case=case,
        scores=scores,
        triage=triage(case),
        plan=plan_case(case, scores),
        tumour=classify_tumour(case),
        warnings=tuple(_warnings(case, scores)),
    )


def classify_tumour(case: Case) -> dict[str, object]:
    """What is known of the tumour's nature and where it grows (spec §10)."""
    histology = HISTOLOGIES.get(case.histology) if case.histology else None
    site = PRIMARY_SITES.get(case.primary_site) if case.primary_site else None
    compartments = sorted(
        {lesion.compartment for lesion in case.lesions if lesion.compartment},
        key=list(COMPARTMENTS).index,
    )
    radiosensitivity = placement("radiosensitivity", site.code) if site else None
    appearance = placement("lesion_appearance", site.code) if site else None
    return {
        "primary_site": site.code if site else None,
        "primary_site_label": site.label if site else None,
        "histology": histology.code if histology else None,
        "histology_label": histology.label if histology else None,
        "behaviour": histology.behaviour if histology else None,
        "origin": histology.origin if histology else ("secondary" if site else None),
        "compartments": compartments,
        "radiosensitivity": radiosensitivity.group if radiosensitivity else None,
        "typical_appearance": appearance.group if appearance else None,
    }


def _warnings(case: Case, scores: dict[str, AnyResult]) -> list[str]:
    warnings = []
    if case.kps is None and case.ecog is not None:
        warnings.append(
            "KPS is not recorded and ECOG is never converted to KPS (three published mappings "
            "disagree): scores that read KPS (Tokuhashi, van der Linden) stay incomplete."
        )
    if case.frankel is None and case.asia is not None:
        warnings.append(
            "Frankel is not recorded and ASIA is not converted to Frankel: the Tokuhashi palsy "
            "item stays open."
        )
    levels = [lesion.level for lesion in case.lesions if lesion.level]
    if case.vertebral_metastases is not None and len(levels) > case.vertebral_metastases:
        warnings.append(
            f"{len(levels)} lesions are recorded but vertebral_metastases is "
            f"{case.vertebral_metastases}: check the count."
        )
    for lesion in case.lesions:
        if lesion.compartment in ("intradural_extramedullary", "intramedullary"):
            warnings.append(
                f"The lesion at {lesion.level or 'an unrecorded level'} is "
                f"{COMPARTMENTS[lesion.compartment].lower()}: SINS and Bilsky describe bony and "
                "epidural disease and may not apply."
            )
    for result in scores.values():
        if isinstance(result, ScoreResult) and result.status == "not_applicable":
            warnings.append(f"{result.name} is not applicable: {result.reason}.")
    sign_off = [r.name for r in scores.values() if r.needs_sign_off]
    if sign_off:
        warnings.append("Needs clinical sign-off before clinical use: " + ", ".join(sign_off) + ".")
    return warnings

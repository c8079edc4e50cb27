"""Every score the engine derives, and how a whole case is scored.

``POINT_TABLES`` lists the case-level point tables in evaluation order (a table that reads
another score's total, such as NESMS reading the modified Bauer, comes after it). SINS is
scored per lesion and aggregated; Bilsky and the scales are grades.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeAlias

from spinepath.clinical.logic import ScoreInterval
from spinepath.clinical.results import LesionResult, ScoreResult, statement
from spinepath.clinical.scores.bauer import BAUER_MODIFIED, BAUER_ORIGINAL
from spinepath.clinical.scores.bilsky import BILSKY, BilskyScale
from spinepath.clinical.scores.grades import grade_bilsky, grade_scale
from spinepath.clinical.scores.nesms import NESMS
from spinepath.clinical.scores.scales import SCALES, Scale
from spinepath.clinical.scores.sins import SINS
from spinepath.clinical.scores.table import PointTable, band_out, evaluate_table
from spinepath.clinical.scores.tokuhashi import TOKUHASHI_1990, TOKUHASHI_REVISED
from spinepath.clinical.scores.tomita import TOMITA
from spinepath.clinical.scores.van_der_linden import VAN_DER_LINDEN
from spinepath.clinical.statements import STATEMENTS

if TYPE_CHECKING:
    from spinepath.clinical.case import Case, Lesion

__all__ = [
    "ALL_TABLES",
    "POINT_TABLES",
    "REGISTRY",
    "SCORE_KEYS",
    "AnyResult",
    "ScoreDefinition",
    "score_case",
    "score_lesion",
    "score_sins",
    "table_versions",
]

POINT_TABLES: Final[tuple[PointTable, ...]] = (
    TOKUHASHI_REVISED,
    TOKUHASHI_1990,
    TOMITA,
    BAUER_MODIFIED,
    BAUER_ORIGINAL,
    VAN_DER_LINDEN,
    NESMS,
)
ALL_TABLES: Final[tuple[PointTable, ...]] = (SINS, *POINT_TABLES)

ScoreDefinition: TypeAlias = PointTable | BilskyScale | Scale
"""Every score definition has: key, name, version, kind ("points" or "grade"),
provenance (source, section, confidence, needs_sign_off) and caveat_statements."""

REGISTRY: Final[tuple[ScoreDefinition, ...]] = (SINS, BILSKY, *POINT_TABLES, *SCALES)
"""Every score, in report order: the CLI, the API, the docs and the web loop over this."""

SCORE_KEYS: Final[tuple[str, ...]] = tuple(d.key for d in REGISTRY)
"""Every key of ``assessment["scores"]``, in report order."""

AnyResult: TypeAlias = ScoreResult


def table_versions() -> dict[str, str]:
    return {d.key: d.version for d in REGISTRY}


def score_lesion(lesion: Lesion, histology: str | None = None) -> ScoreResult:
    """One lesion's SINS (the case's histology tells where a lesion of unrecorded
    compartment lies)."""
    return evaluate_table(SINS, {**lesion.model_dump(), "histology": histology})


def _lesion_result(level: str | None, result: ScoreResult) -> LesionResult:
    return LesionResult(
        level=level,
        status=result.status,
        total=result.total,
        min=result.min,
        max=result.max,
        band=result.band,
        reachable_bands=result.reachable_bands,
        components=result.components,
        reason=result.reason,
    )


def score_sins(case: Case) -> ScoreResult:
    """Case SINS: the highest-scoring lesion it applies to, with every lesion listed.

    Complete only when the worst lesion is settled: a complete lesion whose total no other
    lesion can still exceed. Intradural and intramedullary lesions are not scored (§15.7).
    """
    if not case.lesions:
        return evaluate_table(SINS, {"histology": case.histology})
    results = [score_lesion(lesion, case.histology) for lesion in case.lesions]
    listed = [
        _lesion_result(lesion.level, result)
        for lesion, result in zip(case.lesions, results, strict=True)
    ]
    scored = [i for i, r in enumerate(results) if r.status != "not_applicable"]
    if not scored:
        return results[0].model_copy(update={"lesions": listed})
    ceiling = max(_upper(results[i]) for i in scored)
    floor = max(_lower(results[i]) for i in scored)
    # Settled when a complete lesion reaches the ceiling: no other lesion can exceed it.
    settled_at = [
        i for i in scored if results[i].status == "complete" and results[i].total == ceiling
    ]
    highest = (settled_at or [max(scored, key=lambda i: _upper(results[i]))])[0]
    worst = results[highest]
    caveats = list(worst.caveats)
    if len(scored) > 1:
        caveats.append(statement(STATEMENTS["CV-SINS-03"]))
    aggregate = {
        "lesion": case.lesions[highest].level,
        "lesions": listed,
        "caveats": caveats,
        "needs_sign_off": worst.needs_sign_off or len(scored) > 1,
    }
    if settled_at:
        return worst.model_copy(update=aggregate)
    bands = [band_out(b) for b in SINS.bands if b.high >= floor and b.low <= ceiling]
    return worst.model_copy(
        update={
            "status": "incomplete",
            "total": None,
            "min": floor,
            "max": ceiling,
            "band": bands[0] if len(bands) == 1 else None,
            "reachable_bands": bands,
            **aggregate,
        }
    )


def _upper(result: ScoreResult) -> int:
    return result.max if result.max is not None else SINS.high


def _lower(result: ScoreResult) -> int:
    return result.min if result.min is not None else SINS.low


def score_case(case: Case) -> dict[str, ScoreResult]:
    """Every score for one case, keyed as in the assessment (case-format §2)."""
    results: dict[str, ScoreResult] = {"sins": score_sins(case), "bilsky": grade_bilsky(case)}
    facts = case.facts()
    for table in POINT_TABLES:
        result = evaluate_table(table, facts)
        results[table.key] = result
        if result.min is not None and result.max is not None:
            facts[f"score:{table.key}"] = ScoreInterval(result.min, result.max)
    for scale in SCALES:
        results[scale.key] = grade_scale(scale, case)
    return {key: results[key] for key in SCORE_KEYS}

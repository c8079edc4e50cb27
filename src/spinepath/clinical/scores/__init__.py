"""Every score the engine derives, and how a whole case is scored.

``POINT_TABLES`` lists the case-level point tables in evaluation order (a table that reads
another score's total, such as NESMS reading the modified Bauer, comes after it). SINS is
scored per lesion and aggregated; Bilsky and the scales are grades.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Final, TypeAlias

from spinepath.clinical.logic import ScoreInterval
from spinepath.clinical.scores.bauer import BAUER_MODIFIED, BAUER_ORIGINAL
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.grades import GradeResult, grade_bilsky, grade_scale
from spinepath.clinical.scores.nesms import NESMS
from spinepath.clinical.scores.scales import SCALES
from spinepath.clinical.scores.sins import MULTI_LESION_CAVEAT, SINS
from spinepath.clinical.scores.table import PointTable, ScoreResult, evaluate_table
from spinepath.clinical.scores.tokuhashi import TOKUHASHI_1990, TOKUHASHI_REVISED
from spinepath.clinical.scores.tomita import TOMITA
from spinepath.clinical.scores.van_der_linden import VAN_DER_LINDEN

if TYPE_CHECKING:
    from spinepath.clinical.case import Case, Lesion

__all__ = [
    "ALL_TABLES",
    "POINT_TABLES",
    "SCORE_KEYS",
    "AnyResult",
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

SCORE_KEYS: Final[tuple[str, ...]] = (
    "sins",
    "bilsky",
    *(t.key for t in POINT_TABLES),
    *(s.key for s in SCALES),
)
"""Every key of ``assessment["scores"]``, in report order."""

AnyResult: TypeAlias = ScoreResult | GradeResult


def table_versions() -> dict[str, str]:
    versions = {t.key: t.version for t in ALL_TABLES}
    versions[BILSKY.key] = BILSKY.version
    versions.update({s.key: s.version for s in SCALES})
    return {key: versions[key] for key in SCORE_KEYS}


def score_lesion(lesion: Lesion) -> ScoreResult:
    return evaluate_table(SINS, lesion.model_dump())


def score_sins(case: Case) -> ScoreResult:
    """Case SINS: the highest-scoring lesion, with every lesion's own result listed.

    Complete only when the worst lesion is settled: a complete lesion whose total no other
    lesion can still exceed.
    """
    if not case.lesions:
        empty = evaluate_table(SINS, {})
        return dataclasses.replace(empty, extra={"lesion": None, "lesions": []})
    results = [score_lesion(lesion) for lesion in case.lesions]
    listed = [
        {"level": lesion.level, **result.to_dict()}
        for lesion, result in zip(case.lesions, results, strict=True)
    ]
    ceiling = max(_upper(r) for r in results)
    floor = max(_lower(r) for r in results)
    # Settled when a complete lesion reaches the ceiling: no other lesion can exceed it.
    settled_at = [i for i, r in enumerate(results) if r.status == "complete" and r.total == ceiling]
    highest = (settled_at or [max(range(len(results)), key=lambda i: _upper(results[i]))])[0]
    worst = results[highest]
    settled = bool(settled_at)
    aggregate = {
        "extra": {"lesion": case.lesions[highest].level, "lesions": listed},
        "caveats": (*worst.caveats, MULTI_LESION_CAVEAT) if len(results) > 1 else worst.caveats,
        "needs_sign_off": worst.needs_sign_off or len(results) > 1,
    }
    if settled:
        return dataclasses.replace(worst, **aggregate)  # type: ignore[arg-type]
    bands = tuple(b for b in SINS.bands if b.high >= floor and b.low <= ceiling)
    return dataclasses.replace(
        worst,
        status="incomplete",
        total=None,
        min=floor,
        max=ceiling,
        band=bands[0] if len(bands) == 1 else None,
        reachable_bands=bands,
        **aggregate,  # type: ignore[arg-type]
    )


def _upper(result: ScoreResult) -> int:
    return result.max if result.max is not None else SINS.high


def _lower(result: ScoreResult) -> int:
    return result.min if result.min is not None else SINS.low


def score_case(case: Case) -> dict[str, AnyResult]:
    """Every score for one case, keyed as in the assessment (case-format §2)."""
    results: dict[str, AnyResult] = {"sins": score_sins(case), "bilsky": grade_bilsky(case)}
    facts = case.facts()
    for table in POINT_TABLES:
        result = evaluate_table(table, facts)
        results[table.key] = result
        if result.min is not None and result.max is not None:
            facts[f"score:{table.key}"] = ScoreInterval(result.min, result.max)
    for scale in SCALES:
        results[scale.key] = grade_scale(scale, case)
    return {key: results[key] for key in SCORE_KEYS}

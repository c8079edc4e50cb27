"""Results for graded scales (Bilsky, Frankel, ASIA, KPS, ECOG): a grade, not a total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinepath.clinical.case import Lesion
from spinepath.clinical.logic import evaluate
from spinepath.clinical.results import LesionResult, ScoreResult
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.scales import Scale
from spinepath.clinical.scores.table import blank_result

if TYPE_CHECKING:
    from spinepath.clinical.case import Case

__all__ = ["bilsky_applies", "grade_bilsky", "grade_scale"]


def grade_scale(scale: Scale, case: Case) -> ScoreResult:
    value = getattr(case, scale.fact)
    base = blank_result(scale)
    if value is None:
        return base.model_copy(
            update={"possible_grades": list(scale.grades), "missing": [scale.fact]}
        )
    return base.model_copy(
        update={
            "status": "complete",
            "grade": value,
            "label": scale.grades[str(value)],
            "possible_grades": [str(value)],
        }
    )


def bilsky_applies(lesion: Lesion, histology: str | None = None) -> bool:
    """False for an intradural or intramedullary lesion (spec §15.7); unknown counts as yes."""
    facts = {**lesion.model_dump(), "histology": histology}
    return not any(evaluate(n.when, facts) is True for n in BILSKY.not_applicable_when)


def _lesion_grade(lesion: Lesion, histology: str | None) -> LesionResult:
    if not bilsky_applies(lesion, histology):
        return LesionResult(level=lesion.level, status="not_applicable")
    if not lesion.bilsky:
        return LesionResult(level=lesion.level, status="incomplete")
    group = BILSKY.grades[lesion.bilsky].group
    return LesionResult(level=lesion.level, status="complete", grade=lesion.bilsky, group=group)


def grade_bilsky(case: Case) -> ScoreResult:
    """The most severe Bilsky grade over the lesions it applies to, and its group."""
    base = blank_result(BILSKY)
    lesions = [_lesion_grade(lesion, case.histology) for lesion in case.lesions]
    graded = [r for r in lesions if r.status != "not_applicable"]
    # No lesion recorded: not applicable when the histology grows inside the dura.
    nothing_to_grade = not case.lesions and not bilsky_applies(Lesion(), case.histology)
    if (case.lesions and not graded) or nothing_to_grade:
        return base.model_copy(
            update={
                "status": "not_applicable",
                "reason": BILSKY.not_applicable_when[0].reason,
                "lesions": lesions,
            }
        )
    ungraded = sum(1 for r in graded if r.grade is None) if case.lesions else 1
    recorded = [r for r in graded if r.grade is not None]
    worst = max(recorded, key=lambda r: BILSKY.rank(str(r.grade)), default=None)
    codes = list(BILSKY.grades)
    floor = BILSKY.rank(str(worst.grade)) if worst else 0
    possible = codes[floor:] if ungraded else [str(worst.grade)] if worst else []
    groups = {BILSKY.grades[g].group for g in possible}
    grade = BILSKY.grades[str(worst.grade)] if worst and not ungraded else None
    return base.model_copy(
        update={
            "status": "incomplete" if ungraded else "complete",
            "grade": grade.code if grade else None,
            "label": grade.label if grade else None,
            "possible_grades": possible if ungraded else [],
            "group": groups.pop() if len(groups) == 1 else None,
            "lesion": worst.level if grade and worst else None,
            "note": grade.note if grade else None,
            "lesions": lesions,
            "missing": ["lesions[].bilsky"] if ungraded else [],
            "worst_recorded": str(worst.grade) if ungraded and worst else None,
        }
    )

"""Results for graded scales (Bilsky, Frankel, ASIA, KPS, ECOG): a grade, not a total."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.scales import Scale

if TYPE_CHECKING:
    from spinepath.clinical.case import Case
    from spinepath.clinical.scores.table import Status

__all__ = ["GradeResult", "grade_bilsky", "grade_scale"]


@dataclass(frozen=True)
class GradeResult:
    key: str
    name: str
    status: Status
    grade: str | int | None
    label: str | None
    possible: tuple[str, ...]
    source: str
    table_version: str
    needs_sign_off: bool
    caveats: tuple[str, ...]
    extra: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"status": self.status, "grade": self.grade, "label": self.label}
        if self.status == "incomplete":
            data["possible_grades"] = list(self.possible)
        data.update(self.extra)
        data["source"] = self.source
        data["table_version"] = self.table_version
        data["needs_sign_off"] = self.needs_sign_off
        data["caveats"] = list(self.caveats)
        return data


def grade_scale(scale: Scale, case: Case) -> GradeResult:
    value = getattr(case, scale.fact)
    common = {
        "key": scale.key,
        "name": scale.name,
        "source": scale.source,
        "table_version": scale.version,
        "needs_sign_off": scale.needs_sign_off,
        "caveats": scale.caveats,
    }
    if value is None:
        return GradeResult(
            status="incomplete",
            grade=None,
            label=None,
            possible=tuple(scale.grades),
            extra={"missing": [scale.fact]},
            **common,  # type: ignore[arg-type]
        )
    return GradeResult(
        status="complete",
        grade=value,
        label=scale.grades[str(value)],
        possible=(str(value),),
        **common,  # type: ignore[arg-type]
    )


def grade_bilsky(case: Case) -> GradeResult:
    """The most severe Bilsky grade over all lesions, and its group."""
    graded = [(lesion.level, lesion.bilsky) for lesion in case.lesions if lesion.bilsky]
    ungraded = len(case.lesions) - len(graded) if case.lesions else 1
    worst_level, worst = max(graded, key=lambda pair: BILSKY.rank(pair[1]), default=(None, None))
    codes = list(BILSKY.grades)
    floor = BILSKY.rank(worst) if worst else 0
    possible = tuple(codes[floor:]) if ungraded else (worst,) if worst else ()
    groups = {BILSKY.grades[g].group for g in possible}
    grade = BILSKY.grades[worst] if worst and not ungraded else None
    extra: dict[str, object] = {
        "group": groups.pop() if len(groups) == 1 else None,
        "lesion": worst_level if grade else None,
        "note": grade.note if grade else None,
        "lesions": [
            {"level": lesion.level, "grade": lesion.bilsky, "group": _group(lesion.bilsky)}
            for lesion in case.lesions
        ],
    }
    if ungraded:
        extra["missing"] = ["lesions[].bilsky"]
        if worst:
            extra["worst_recorded"] = worst
    return GradeResult(
        key=BILSKY.key,
        name=BILSKY.name,
        status="incomplete" if ungraded else "complete",
        grade=worst if grade else None,
        label=grade.label if grade else None,
        possible=possible,
        source=BILSKY.source,
        table_version=BILSKY.version,
        needs_sign_off=BILSKY.needs_sign_off,
        caveats=BILSKY.caveats,
        extra=extra,
    )


def _group(code: str | None) -> str | None:
    return BILSKY.grades[code].group if code else None

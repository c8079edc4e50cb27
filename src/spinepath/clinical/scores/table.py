"""Point tables as data, and the one evaluator that serves every table.

A table is a list of criteria; each criterion has options; each option has points and a
condition on the case's facts saying when it applies. Evaluating a table for a case picks,
for every criterion, the one option whose condition is true. When a criterion cannot be
decided from what was recorded, the options still possible are kept, so the result is
*incomplete* with the lowest and highest totals still reachable and the bands they fall
in — never a total that treats a missing answer as 0 points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from spinepath.clinical.catalogue import MAPPINGS, placement
from spinepath.clinical.logic import Condition, Facts, evaluate, facts_read

__all__ = [
    "Band",
    "Component",
    "Criterion",
    "Option",
    "PointTable",
    "ScoreResult",
    "Status",
    "TableError",
    "evaluate_table",
    "settle",
]

Status = Literal["complete", "incomplete", "not_applicable"]


class TableError(RuntimeError):
    """A table is inconsistent (e.g. two options of one criterion both apply): a bug."""


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    points: int
    when: Condition


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    options: tuple[Option, ...]
    primary_site_mapping: str | None = None
    """The catalogue mapping this criterion reads the primary site through, if any."""

    @property
    def facts(self) -> frozenset[str]:
        return frozenset().union(*(facts_read(o.when) for o in self.options))


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    low: int
    high: int
    meaning: str
    """What the source says the band means (prognosis, strategy), in "suggests" wording."""
    suggests_supportive_care: bool = False
    """The source's own reading of this band is supportive / non-operative care."""
    suggests_excision: bool = False
    """The source's own reading of this band is excisional (en bloc / wide) surgery."""


@dataclass(frozen=True)
class PointTable:
    key: str
    name: str
    version: str
    source: str
    spec_section: str
    confidence: str
    """[2+], [1] or [UNCONFIRMED] as tagged in clinical-content.md."""
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    higher_is_better: bool
    caveats: tuple[str, ...] = ()

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"

    @property
    def low(self) -> int:
        return sum(min(o.points for o in c.options) for c in self.criteria)

    @property
    def high(self) -> int:
        return sum(max(o.points for o in c.options) for c in self.criteria)

    def band_for(self, total: int) -> Band:
        matches = [b for b in self.bands if b.low <= total <= b.high]
        if len(matches) != 1:
            raise TableError(f"{self.key}: total {total} falls in {len(matches)} bands")
        return matches[0]

    def criterion(self, code: str) -> Criterion:
        for c in self.criteria:
            if c.code == code:
                return c
        raise KeyError(code)


@dataclass(frozen=True)
class Component:
    """One criterion's contribution: the chosen option, or the options still possible."""

    code: str
    label: str
    answer: str | None
    answer_label: str | None
    points: int | None
    possible_points: tuple[int, ...]
    missing: tuple[str, ...] = ()
    """Facts to record to settle this criterion (empty when it is settled)."""

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "label": self.label,
            "answer": self.answer,
            "answer_label": self.answer_label,
            "points": self.points,
        }
        if self.points is None:
            data["possible_points"] = list(self.possible_points)
            data["missing"] = list(self.missing)
        return data


@dataclass(frozen=True)
class ScoreResult:
    key: str
    name: str
    status: Status
    total: int | None
    min: int | None
    max: int | None
    band: Band | None
    reachable_bands: tuple[Band, ...]
    components: tuple[Component, ...]
    source: str
    table_version: str
    needs_sign_off: bool
    caveats: tuple[str, ...]
    reason: str | None = None
    """Why a score is not applicable."""
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for c in self.components for f in c.missing))

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "status": self.status,
            "total": self.total,
            "min": self.min,
            "max": self.max,
            "band": _band_dict(self.band) if self.band else None,
        }
        if self.status == "incomplete":
            data["reachable_bands"] = [_band_dict(b) for b in self.reachable_bands]
            data["missing"] = list(self.missing)
        if self.reason:
            data["reason"] = self.reason
        data.update(self.extra)
        data["components"] = [c.to_dict() for c in self.components]
        data["source"] = self.source
        data["table_version"] = self.table_version
        data["needs_sign_off"] = self.needs_sign_off
        data["caveats"] = list(self.caveats)
        return data


def _band_dict(band: Band) -> dict[str, object]:
    return {"code": band.code, "label": band.label, "meaning": band.meaning}


def evaluate_table(table: PointTable, facts: Facts) -> ScoreResult:
    """Score one case (its facts) against one table."""
    components: list[Component] = []
    possible_sets: list[tuple[int, ...]] = []
    out_of_range: list[str] = []
    caveats = list(table.caveats)
    placement_caveats: list[str] = []
    for criterion in table.criteria:
        option, open_options = settle(table, criterion, facts)
        if option is not None:
            components.append(
                Component(
                    criterion.code,
                    criterion.label,
                    option.code,
                    option.label,
                    option.points,
                    (option.points,),
                )
            )
            possible_sets.append((option.points,))
        else:
            points = tuple(sorted({o.points for o in open_options}))
            missing = tuple(sorted(f for f in criterion.facts if facts.get(f) is None))
            missing += _unplaced_site(criterion, facts)
            if not open_options:
                out_of_range.append(_out_of_range(criterion, facts))
            components.append(
                Component(criterion.code, criterion.label, None, None, None, points, missing)
            )
            possible_sets.append(points)
        placement_caveats.extend(_placement_caveats(table, criterion, facts))
    caveats.extend(placement_caveats)

    base = {
        "key": table.key,
        "name": table.name,
        "components": tuple(components),
        "source": table.source,
        "table_version": table.version,
        "needs_sign_off": table.needs_sign_off or bool(placement_caveats),
        "caveats": tuple(dict.fromkeys(caveats)),
    }
    if out_of_range:
        return ScoreResult(
            status="not_applicable",
            total=None,
            min=None,
            max=None,
            band=None,
            reachable_bands=(),
            reason="; ".join(out_of_range),
            **base,  # type: ignore[arg-type]
        )
    reachable = _reachable_totals(possible_sets)
    low, high = min(reachable), max(reachable)
    if all(c.points is not None for c in components):
        band = table.band_for(low)
        return ScoreResult(
            status="complete",
            total=low,
            min=low,
            max=high,
            band=band,
            reachable_bands=(band,),
            **base,  # type: ignore[arg-type]
        )
    bands = tuple(b for b in table.bands if any(b.low <= t <= b.high for t in reachable))
    return ScoreResult(
        status="incomplete",
        total=None,
        min=low,
        max=high,
        band=bands[0] if len(bands) == 1 else None,
        reachable_bands=bands,
        **base,  # type: ignore[arg-type]
    )


def settle(
    table: PointTable, criterion: Criterion, facts: Facts
) -> tuple[Option | None, tuple[Option, ...]]:
    """The option of ``criterion`` that applies to ``facts`` (None when none is known yet),
    and the options still open (those whose condition is unknown) when none applies.

    Raises TableError when several options apply: a bug in the table.
    """
    truths = [(option, evaluate(option.when, facts)) for option in criterion.options]
    chosen = [o for o, t in truths if t is True]
    if len(chosen) > 1:
        codes = ", ".join(o.code for o in chosen)
        raise TableError(f"{table.key}.{criterion.code}: several options apply ({codes})")
    if chosen:
        return chosen[0], ()
    return None, tuple(o for o, t in truths if t is None)


def _reachable_totals(possible_sets: list[tuple[int, ...]]) -> frozenset[int]:
    totals = frozenset({0})
    for points in possible_sets:
        totals = frozenset(t + p for t in totals for p in points)
    return totals


def _out_of_range(criterion: Criterion, facts: Facts) -> str:
    values = ", ".join(f"{f} = {facts.get(f)!r}" for f in sorted(criterion.facts))
    return f"{criterion.label}: {values} is outside every category of this score"


def _unplaced_site(criterion: Criterion, facts: Facts) -> tuple[str, ...]:
    """What to settle when the recorded primary site has no placement in this criterion."""
    mapping, site = criterion.primary_site_mapping, facts.get("primary_site")
    if mapping is None or not isinstance(site, str) or placement(mapping, site).group is not None:
        return ()
    return (f"a locally agreed placement of '{site}' ({MAPPINGS[mapping].label})",)


def _placement_caveats(table: PointTable, criterion: Criterion, facts: Facts) -> list[str]:
    mapping = criterion.primary_site_mapping
    site = facts.get("primary_site")
    if mapping is None or not isinstance(site, str):
        return []
    where = placement(mapping, site)
    if where.named:
        return []
    if where.group is None:
        return [
            f"{table.name} does not name the primary site '{site}' and no local placement "
            f"has been agreed: the {criterion.label.lower()} item stays open "
            "(needs a locally agreed mapping with clinical sign-off)."
        ]
    return [
        f"{table.name} does not name the primary site '{site}'; it is placed in "
        f"'{where.group}' ({MAPPINGS[mapping].label}) locally: needs clinical sign-off."
    ]

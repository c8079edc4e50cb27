"""Point tables as data, and the one evaluator that serves every table.

A table is a list of criteria; each criterion has options; each option has points and a
condition on the case's facts saying when it applies. Evaluating a table for a case picks,
for every criterion, the one option whose condition is true. When a criterion cannot be
decided from what was recorded, the options still possible are kept, so the result is
*incomplete* with the lowest and highest totals still reachable and the bands they fall
in — never a total that treats a missing answer as 0 points.

A table may also say when it does not apply at all (``not_applicable_when``: e.g. the
metastasis prognosis scores for a benign tumour, spec §15.7) and cap its total (NESMS,
§15.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from spinepath.clinical.catalogue import MAPPINGS, placement
from spinepath.clinical.logic import Condition, Facts, evaluate, facts_read
from spinepath.clinical.provenance import Confidence, Provenance, Statement
from spinepath.clinical.results import (
    BandOut,
    ComponentOut,
    ScoreResult,
    StatementOut,
    Status,
    statement,
)
from spinepath.clinical.statements import STATEMENTS

__all__ = [
    "Band",
    "Criterion",
    "NotApplicableWhen",
    "Option",
    "PointTable",
    "Status",
    "TableError",
    "blank_result",
    "capped",
    "evaluate_table",
    "settle",
]


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
class NotApplicableWhen:
    """The table does not apply when ``when`` is true (unknown keeps it applicable)."""

    code: str
    when: Condition
    reason: str
    provenance: Provenance


@dataclass(frozen=True)
class PointTable:
    key: str
    name: str
    version: str
    source: str
    spec_section: str
    confidence: Confidence
    """[2+], [1] or [UNCONFIRMED] as tagged in clinical-content.md."""
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    higher_is_better: bool
    caveats: tuple[tuple[str, str], ...] = ()
    """(code, text) pairs, said with the table's provenance."""
    not_applicable_when: tuple[NotApplicableWhen, ...] = ()
    cap: int | None = None
    """The total never exceeds this (NESMS: min(3, sum), spec §15.6)."""
    kind: Literal["points"] = "points"

    @property
    def provenance(self) -> Provenance:
        return Provenance(self.source, self.spec_section, self.confidence)

    @property
    def needs_sign_off(self) -> bool:
        return self.provenance.needs_sign_off

    @property
    def caveat_statements(self) -> tuple[Statement, ...]:
        return tuple(Statement(c, "caveat", t, self.provenance) for c, t in self.caveats)

    @property
    def low(self) -> int:
        return capped(self, sum(min(o.points for o in c.options) for c in self.criteria))

    @property
    def high(self) -> int:
        return capped(self, sum(max(o.points for o in c.options) for c in self.criteria))

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


class Definition(Protocol):
    """What every score definition has (PointTable, BilskyScale, Scale)."""

    @property
    def key(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def spec_section(self) -> str: ...

    @property
    def kind(self) -> Literal["points", "grade"]: ...

    @property
    def needs_sign_off(self) -> bool: ...

    @property
    def caveat_statements(self) -> tuple[Statement, ...]: ...


def blank_result(definition: Definition) -> ScoreResult:
    """A score's result before anything is known: incomplete, with its provenance and
    caveats; evaluators fill in the rest (``model_copy(update=...)``)."""
    return ScoreResult(
        key=definition.key,
        name=definition.name,
        kind=definition.kind,
        status="incomplete",
        source=definition.source,
        section=definition.spec_section,
        table_version=definition.version,
        needs_sign_off=definition.needs_sign_off,
        caveats=[statement(c) for c in definition.caveat_statements],
    )


def capped(table: PointTable, total: int) -> int:
    return total if table.cap is None else min(table.cap, total)


def band_out(band: Band) -> BandOut:
    return BandOut(code=band.code, label=band.label, meaning=band.meaning)


def not_applicable(table: PointTable, facts: Facts) -> NotApplicableWhen | None:
    """The first reason ``table`` does not apply to these facts, if any is known."""
    return next((n for n in table.not_applicable_when if evaluate(n.when, facts) is True), None)


def evaluate_table(table: PointTable, facts: Facts) -> ScoreResult:
    """Score one case (its facts) against one table."""
    caveats = [statement(c) for c in table.caveat_statements]
    base = blank_result(table)
    excluded = not_applicable(table, facts)
    if excluded is not None:
        return base.model_copy(
            update={
                "status": "not_applicable",
                "reason": excluded.reason,
                "needs_sign_off": table.needs_sign_off or excluded.provenance.needs_sign_off,
            }
        )
    components: list[ComponentOut] = []
    possible_sets: list[tuple[int, ...]] = []
    out_of_range: list[str] = []
    placement_caveats = []
    for criterion in table.criteria:
        option, open_options = settle(table, criterion, facts)
        if option is not None:
            components.append(
                ComponentOut(
                    code=criterion.code,
                    label=criterion.label,
                    answer=option.code,
                    answer_label=option.label,
                    points=option.points,
                    possible_points=[option.points],
                    missing=[],
                )
            )
            possible_sets.append((option.points,))
        else:
            points = tuple(sorted({o.points for o in open_options}))
            missing = [f for f in sorted(criterion.facts) if facts.get(f) is None]
            missing += _unplaced_site(criterion, facts)
            if not open_options:
                out_of_range.append(_out_of_range(criterion, facts))
            components.append(
                ComponentOut(
                    code=criterion.code,
                    label=criterion.label,
                    answer=None,
                    answer_label=None,
                    points=None,
                    possible_points=list(points),
                    missing=missing,
                )
            )
            possible_sets.append(points)
        placement_caveats.extend(_placement_caveats(table, criterion, facts))
    caveats.extend(placement_caveats)
    common = {
        "components": components,
        "needs_sign_off": table.needs_sign_off or bool(placement_caveats),
        "caveats": list({c.code + c.text: c for c in caveats}.values()),
        "missing": list(dict.fromkeys(f for c in components for f in c.missing)),
    }
    if out_of_range:
        return base.model_copy(
            update={**common, "status": "not_applicable", "reason": "; ".join(out_of_range)}
        )
    reachable = frozenset(capped(table, t) for t in _reachable_totals(possible_sets))
    low, high = min(reachable), max(reachable)
    if all(c.points is not None for c in components):
        band = band_out(table.band_for(low))
        return base.model_copy(
            update={
                **common,
                "status": "complete",
                "total": low,
                "min": low,
                "max": high,
                "band": band,
                "reachable_bands": [band],
            }
        )
    bands = [band_out(b) for b in table.bands if any(b.low <= t <= b.high for t in reachable)]
    return base.model_copy(
        update={
            **common,
            "min": low,
            "max": high,
            "band": bands[0] if len(bands) == 1 else None,
            "reachable_bands": bands,
        }
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


def _unplaced_site(criterion: Criterion, facts: Facts) -> list[str]:
    """What to settle when the recorded primary site has no placement in this criterion."""
    mapping, site = criterion.primary_site_mapping, facts.get("primary_site")
    if mapping is None or not isinstance(site, str) or placement(mapping, site).group is not None:
        return []
    return [f"a locally agreed placement of '{site}' ({MAPPINGS[mapping].label})"]


def _placement_caveats(table: PointTable, criterion: Criterion, facts: Facts) -> list[StatementOut]:
    mapping = criterion.primary_site_mapping
    site = facts.get("primary_site")
    if mapping is None or not isinstance(site, str):
        return []
    where = placement(mapping, site)
    if where.named:
        return []
    fields = {
        "table": table.name,
        "site": site,
        "item": criterion.label.lower(),
        "group": where.group,
        "mapping": MAPPINGS[mapping].label,
    }
    if where.group is None:
        return [statement(STATEMENTS["CV-PLACEMENT-01"], **fields)]
    return [statement(STATEMENTS["CV-PLACEMENT-02"], **fields)]

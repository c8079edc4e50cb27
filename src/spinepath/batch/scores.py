"""Every score and the triage as polars expressions, generated from the engine's own data.

The point tables (``POINT_TABLES``, ``SINS``), the Bilsky scale and the triage rules are
read here and turned into columns; no point, threshold or code is written down twice.

Per point table, for every combination of the states of the facts it reads (``lookup``):

- a criterion's options are evaluated by ``logic.evaluate`` itself; a criterion is
  *chosen* when one option's condition is true, and its *possible* points are the chosen
  option's, or else those of the options still unknown; a criterion with no possible
  option makes the score ``not_applicable`` (a recorded value outside every category, e.g.
  KPS 0 in Tokuhashi);
- ``<key>_total`` is the sum of the points, null as soon as one is missing (a missing
  answer never counts as 0); ``<key>_min`` / ``<key>_max`` sum each criterion's lowest /
  highest possible points; ``<key>_status`` is complete, incomplete or not_applicable;
- ``<key>_band`` is the one band the row can still reach, null when several bands (or
  none) can be reached. As in the scalar engine, a table's reachable totals are the exact
  set of sums of the possible points (kept as a bit set, bit ``t`` for total ``t``), and
  case-level SINS, like ``score_sins``, counts every band overlapping ``[min, max]``.

Per row, a table's columns are then one lookup: each fact's state, the key of the
combination, and a gather from the tabulated columns. Bilsky and the triage are compiled
to expressions (``conditions``).

Columns starting with ``__score.`` are intermediate and dropped by ``score_frame``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, reduce
from operator import or_
from typing import Final, Literal, get_args

import polars as pl

from spinepath.batch.columns import COLUMNS, Column
from spinepath.batch.conditions import FactColumn, compile_condition, first_of, score_column
from spinepath.batch.lookup import FactStates, Product, fact_states
from spinepath.clinical.logic import Condition, IsIn, Recorded, facts_read
from spinepath.clinical.scores import POINT_TABLES
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.sins import SINS
from spinepath.clinical.scores.table import Criterion, PointTable, Status, settle
from spinepath.clinical.triage.engine import decided_category
from spinepath.clinical.triage.rules import CATEGORIES, DERIVED_FACTS, RULES

__all__ = [
    "SCORE_KEYS",
    "STATUS",
    "output_columns",
    "required_keys",
    "score_frame",
    "score_stages",
]

TABLES: Final[dict[str, PointTable]] = {t.key: t for t in (SINS, *POINT_TABLES)}
TRIAGE: Final = "triage"
SCORE_KEYS: Final[tuple[str, ...]] = (SINS.key, BILSKY.key, *(t.key for t in POINT_TABLES), TRIAGE)
"""What ``--scores`` may name, in output order."""

STATUS: Final = pl.Enum(list(get_args(Status)))
TRIAGE_STATUS: Final = pl.Enum(["complete", "incomplete"])
_POINTS: Final = pl.Int16
_BITS: Final = pl.UInt64

BandRule = Literal["reachable_totals", "interval"]
Compile = Callable[[Condition], pl.Expr]
"""How a condition becomes an expression (``compile_condition`` with the frame's columns)."""


@dataclass(frozen=True)
class _Stages:
    """Expressions in dependency order: stage ``i`` may read the columns of stage ``< i``."""

    stages: list[list[pl.Expr]]

    def add(self, index: int, *exprs: pl.Expr) -> None:
        while len(self.stages) <= index:
            self.stages.append([])
        self.stages[index].extend(exprs)


_TMP: Final = "__score."


def _tmp(*parts: object) -> str:
    return _TMP + ".".join(str(p) for p in parts)


def required_keys(keys: Iterable[str]) -> tuple[str, ...]:
    """``keys`` and every score they read (NESMS reads the modified Bauer), in output order."""
    wanted = set(keys)
    unknown = wanted - set(SCORE_KEYS)
    if unknown:
        raise ValueError(f"unknown score(s): {', '.join(sorted(unknown))}")
    changed = True
    while changed:
        changed = False
        for key in list(wanted):
            for dependency in _depends_on(key):
                if dependency not in wanted:
                    wanted.add(dependency)
                    changed = True
    return tuple(k for k in SCORE_KEYS if k in wanted)


def _depends_on(key: str) -> frozenset[str]:
    table = TABLES.get(key)
    if table is None:
        return frozenset()
    read = frozenset().union(*(facts_read(o.when) for c in table.criteria for o in c.options))
    return frozenset(f.removeprefix("score:") for f in read if f.startswith("score:"))


def output_columns(key: str) -> tuple[str, ...]:
    """The columns score ``key`` adds to the output."""
    if key == BILSKY.key:
        return (score_column(key, "status"), score_column(key, "group"))
    if key == TRIAGE:
        return ("triage_status", "triage_category")
    return tuple(score_column(key, p) for p in ("status", "total", "band", "min", "max"))


def score_stages(keys: Sequence[str], fact: FactColumn = pl.col) -> list[list[pl.Expr]]:
    """The ``with_columns`` stages computing ``required_keys(keys)``, reading each case fact
    from ``fact(name)`` (typed as in ``columns.COLUMNS``, lists of codes as bit sets)."""
    bitsets = {n: c.bits for n, c in COLUMNS.items() if c.kind == "codes"}

    def compile(condition: Condition) -> pl.Expr:
        return compile_condition(condition, fact, bitsets)

    stages = _Stages([])
    offset = 0
    done: set[str] = set()
    states: dict[str, pl.Expr] = {}
    for key in required_keys(keys):
        if key in TABLES:
            # A table that reads another score starts after that score's last stage.
            start = offset if _depends_on(key) & done else 0
            end = _table(stages, start, TABLES[key], fact, states)
            offset = max(offset, end + 1)
        elif key == BILSKY.key:
            stages.add(0, *_bilsky(compile))
        elif key == TRIAGE:
            for index, stage in enumerate(_triage(fact)):
                stages.add(index, *stage)
        done.add(key)
    return stages.stages


def score_frame(
    frame: pl.LazyFrame, keys: Sequence[str], fact: FactColumn = pl.col
) -> pl.LazyFrame:
    """``frame`` with the output columns of ``keys`` added (and only those)."""
    for stage in score_stages(keys, fact):
        frame = frame.with_columns(stage)
    extra = [c for k in required_keys(keys) if k not in keys for c in output_columns(k)]
    return frame.drop(pl.selectors.starts_with(_TMP), *extra)


# --- Point tables -----------------------------------------------------------------------


def _table(
    stages: _Stages, start: int, table: PointTable, fact: FactColumn, states: dict[str, pl.Expr]
) -> int:
    """Add ``table``'s columns from stage ``start``, by lookup; return the last stage used.

    Each row's facts are reduced to their states (stage ``start``: a column per fact, shared
    by every table), the states to one key (``start + 1``), and the key to the table's
    output columns, gathered from ``_tabulated(table)`` (``start + 2``).
    """
    product, tabulated = _tabulated(table.key)
    for read in product.facts:
        if read.fact not in states:
            name = _tmp("state", read.fact)
            stages.add(start, read.state(fact).alias(name))
            states[read.fact] = pl.col(name)
    key = _tmp(table.key, "key")
    stages.add(start + 1, product.key(states).alias(key))
    columns = output_columns(table.key)
    if not table.not_applicable_when:
        stages.add(start + 2, *(pl.lit(tabulated[c]).gather(pl.col(key)).alias(c) for c in columns))
        return start + 2
    # As ``evaluate_table``: a table that does not apply (its condition true) is
    # not_applicable with no total, range or band, whatever its criteria say.
    stages.add(
        start + 2,
        *(pl.lit(tabulated[c]).gather(pl.col(key)).alias(_tmp(table.key, c)) for c in columns),
        _excluded(table, fact).alias(_tmp(table.key, "excluded")),
    )
    excluded = pl.col(_tmp(table.key, "excluded"))
    status = score_column(table.key, "status")
    stages.add(
        start + 3,
        *(
            (
                pl.when(excluded)
                .then(pl.lit("not_applicable", STATUS))
                .otherwise(pl.col(_tmp(table.key, c)))
                if c == status
                else pl.when(excluded).then(None).otherwise(pl.col(_tmp(table.key, c)))
            ).alias(c)
            for c in columns
        ),
    )
    return start + 3


def _excluded(table: PointTable, fact: FactColumn) -> pl.Expr:
    """True when one of the table's not-applicable conditions is true (unknown: applies)."""
    bitsets = {n: c.bits for n, c in COLUMNS.items() if c.kind == "codes"}
    whens = [compile_condition(n.when, fact, bitsets) for n in table.not_applicable_when]
    return reduce(or_, whens).fill_null(False)


@cache
def _fact_states() -> dict[str, FactStates]:
    """The states of every fact a point table reads (cut at every table's thresholds)."""
    conditions = [o.when for t in TABLES.values() for c in t.criteria for o in c.options]
    return fact_states(conditions, COLUMNS, TABLES)


@cache
def _tabulated(key: str) -> tuple[Product, pl.DataFrame]:
    """The output columns of table ``key`` for every combination of the states of the facts
    it reads, one row per key of the product.

    Each criterion is settled by the engine's own ``settle`` on the representative
    facts of each combination of its own facts' states; the columns then follow from the
    criteria with the same expressions as ever, on this small frame instead of on the rows.
    """
    table = TABLES[key]
    states = _fact_states()
    facts = sorted(frozenset().union(*(c.facts for c in table.criteria)))
    product = Product(tuple(states[f] for f in facts))
    frame = product.frame()
    criteria: _Criteria = []
    for criterion in table.criteria:
        own = Product(tuple(states[f] for f in sorted(criterion.facts)))
        chosen: list[bool] = []
        possible: list[int] = []
        for facts_of_row in own.combinations():
            # As ``evaluate_table``: the chosen option's points, else every open option's.
            option, open_options = settle(table, criterion, facts_of_row)
            chosen.append(option is not None)
            points = [option.points] if option is not None else [o.points for o in open_options]
            possible.append(sum({1 << p for p in points}))
        own_key = own.key({f.fact: pl.col(f.fact) for f in own.facts})
        criteria.append(
            (
                criterion,
                pl.lit(pl.Series(chosen, dtype=pl.Boolean)).gather(own_key),
                pl.lit(pl.Series(possible, dtype=_BITS)).gather(own_key),
            )
        )
    stages = _Stages([])
    _combine(stages, 0, table, criteria)
    lazy = frame.lazy()
    for stage in stages.stages:
        lazy = lazy.with_columns(stage)
    # One collect for all the stages (each eager with_columns would be a query of its own).
    # The frame is small: planning optimisations would cost more than they save.
    tabulated = lazy.select(output_columns(table.key))
    return product, tabulated.collect(optimizations=pl.QueryOptFlags.none())


_Criteria = list[tuple[Criterion, pl.Expr, pl.Expr]]
"""Each criterion with two expressions: whether an option is chosen, the points possible."""


def _combine(stages: _Stages, start: int, table: PointTable, criteria: _Criteria) -> int:
    """Add ``table``'s output columns from its criteria; return the last stage used.

    Per criterion two expressions: whether an option is chosen (its condition true), and
    the bit set of the points still possible (the chosen option's, else the options still
    unknown). A criterion with no possible option has an empty set, so the table's
    reachable set is empty too: not applicable.
    """
    key = table.key
    if table.high >= 63:
        raise ValueError(f"{key}: totals up to {table.high} do not fit a 64-bit set")
    chosen, possible = [], []
    for criterion, is_chosen, bits in criteria:
        stages.add(
            start,
            is_chosen.alias(_tmp(key, criterion.code)),
            bits.alias(_tmp(key, criterion.code, "bits")),
        )
        chosen.append(pl.col(_tmp(key, criterion.code)))
        possible.append((criterion, pl.col(_tmp(key, criterion.code, "bits"))))
    complete = pl.all_horizontal(chosen)

    if table is SINS:
        # As ``score_sins``: min/max sum each criterion's lowest/highest possible points, and
        # the band is the one band overlapping [min, max].
        empty = pl.any_horizontal(bits == 0 for _, bits in possible)
        low = pl.sum_horizontal(bits.bitwise_trailing_zeros() for _, bits in possible)
        high = pl.sum_horizontal(63 - bits.bitwise_leading_zeros() for _, bits in possible)
        low, high = pl.when(~empty).then(low), pl.when(~empty).then(high)
        stages.add(start + 1, low.alias(_tmp(key, "min")), high.alias(_tmp(key, "max")))
        low, high = pl.col(_tmp(key, "min")), pl.col(_tmp(key, "max"))
        hits = [((low <= b.high) & (high >= b.low)).fill_null(False) for b in table.bands]
        stage = start + 2
    else:
        # The exact set of reachable totals, one criterion folded in per stage (a sumset):
        # bit t set when total t can still be reached.
        reachable = possible[0][1]
        stage = start + 1
        for index, (criterion, bits) in enumerate(possible[1:], start=1):
            shifted = (
                reachable * (1 << v) * ((bits & (1 << v)) != 0).cast(_BITS)
                for v in sorted({o.points for o in criterion.options})
            )
            stages.add(stage, reduce(or_, shifted).cast(_BITS).alias(_tmp(key, "reach", index)))
            reachable = pl.col(_tmp(key, "reach", index))
            stage += 1
        if table.cap is not None:
            # Totals above the cap count as the cap (NESMS: min(3, sum), spec §15.6).
            below = (1 << (table.cap + 1)) - 1
            above = ((reachable & ~pl.lit(below, _BITS)) != 0).cast(_BITS) * (1 << table.cap)
            reachable = (reachable & below) | above
        empty = reachable == 0
        low = pl.when(~empty).then(reachable.bitwise_trailing_zeros())
        high = pl.when(~empty).then(63 - reachable.bitwise_leading_zeros())
        masks = [sum(1 << t for t in range(b.low, b.high + 1)) for b in table.bands]
        hits = [(reachable & m) != 0 for m in masks]

    stages.add(
        stage,
        pl.when(empty)
        .then(pl.lit("not_applicable"))
        .when(complete)
        .then(pl.lit("complete"))
        .otherwise(pl.lit("incomplete"))
        .cast(STATUS)
        .alias(score_column(key, "status")),
        pl.when(complete).then(low).cast(_POINTS).alias(score_column(key, "total")),
        low.cast(_POINTS).alias(score_column(key, "min")),
        high.cast(_POINTS).alias(score_column(key, "max")),
        _band(table, hits).alias(score_column(key, "band")),
    )
    return stage


def _band(table: PointTable, hits: list[pl.Expr]) -> pl.Expr:
    """The one band hit, null when none or several are."""
    dtype = pl.Enum([b.code for b in table.bands])
    which = first_of(
        [(hit, pl.lit(b.code)) for b, hit in zip(table.bands, hits, strict=True)],
        pl.lit(None, pl.String),
    )
    count = pl.sum_horizontal(h.cast(pl.UInt8) for h in hits)
    return pl.when(count == 1).then(which).otherwise(None).cast(dtype)


# --- Bilsky -----------------------------------------------------------------------------


def _bilsky(compile: Compile) -> list[pl.Expr]:
    """One lesion per row: complete when its grade is recorded, the group read from BILSKY."""
    groups: dict[str, list[str]] = {}
    for code, grade in BILSKY.grades.items():
        groups.setdefault(grade.group, []).append(code)
    group = first_of(
        [(compile(IsIn("bilsky", frozenset(c))), pl.lit(name)) for name, c in groups.items()],
        pl.lit(None, pl.String),
    )
    excluded = reduce(or_, (compile(n.when) for n in BILSKY.not_applicable_when)).fill_null(False)
    return [
        pl.when(excluded)
        .then(pl.lit("not_applicable"))
        .when(compile(Recorded("bilsky")))
        .then(pl.lit("complete"))
        .otherwise(pl.lit("incomplete"))
        .cast(STATUS)
        .alias(score_column(BILSKY.key, "status")),
        pl.when(excluded)
        .then(None)
        .otherwise(group)
        .cast(pl.Enum(list(groups)))
        .alias(score_column(BILSKY.key, "group")),
    ]


# --- Triage -----------------------------------------------------------------------------


_DERIVED_COLUMNS: Final = {name: Column(name, "bool") for name in DERIVED_FACTS}


def _triage_states() -> dict[str, FactStates]:
    return fact_states((r.when for r in RULES), {**COLUMNS, **_DERIVED_COLUMNS}, TABLES)


def _triage_fact(fact: FactColumn) -> FactColumn:
    """Where triage reads a fact: a derived fact is its condition, compiled (as data)."""
    bitsets = {n: c.bits for n, c in COLUMNS.items() if c.kind == "codes"}
    derived = {
        name: compile_condition(d.when, fact, bitsets).fill_null(False)
        for name, d in DERIVED_FACTS.items()
    }

    def read(name: str) -> pl.Expr:
        return derived[name] if name in derived else fact(name)

    return read


@cache
def _triage_tabulated() -> tuple[Product, pl.DataFrame]:
    """``triage_category`` and ``triage_status`` for every combination of the states of the
    facts the rules read, decided by the scalar engine itself (``decided_category``): the
    most urgent category with a rule that is true; null while a more urgent rule than the
    one decided is still unknown."""
    states = _triage_states()
    product = Product(tuple(states[f] for f in sorted(states)))
    ordered = sorted(CATEGORIES.values(), key=lambda c: -c.rank)
    categories = [decided_category(facts) for facts in product.combinations()]
    return product, pl.DataFrame(
        {
            "triage_status": pl.Series(
                ["incomplete" if c is None else "complete" for c in categories],
                dtype=TRIAGE_STATUS,
            ),
            "triage_category": pl.Series(categories, dtype=pl.Enum([c.code for c in ordered])),
        }
    )


def _triage(fact: FactColumn) -> tuple[list[pl.Expr], list[pl.Expr], list[pl.Expr]]:
    """The triage by lookup: each row's fact states, their key, and the gathered columns
    (three stages)."""
    product, tabulated = _triage_tabulated()
    fact = _triage_fact(fact)
    states = {f.fact: pl.col(_tmp("triage", "state", f.fact)) for f in product.facts}
    key = pl.col(_tmp("triage", "key"))
    return (
        [f.state(fact).alias(_tmp("triage", "state", f.fact)) for f in product.facts],
        [product.key(states).alias(_tmp("triage", "key"))],
        [pl.lit(tabulated[c]).gather(key).alias(c) for c in output_columns(TRIAGE)],
    )

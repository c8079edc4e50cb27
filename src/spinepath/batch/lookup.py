"""Conditions tabulated with the scalar engine's own ``evaluate``, for lookup per row.

Every fact a point table reads has a small finite set of *states* as far as the table's
conditions can tell: a coded fact its codes, a yes/no fact yes and no, a number the
intervals between the thresholds that the conditions compare it with, another score's
range its (min, max) pairs, a list of codes which of the code sets asked about
(``HasAny``) it meets; and, for every fact, *not recorded*. Each state has a
representative value, so a condition's truth in every combination of states is simply
``logic.evaluate`` on the representatives: the batch scorer evaluates no condition of its
own, it looks the answer up.

Per row, a fact's state is one small integer (``FactStates.state``); a combination of
states is one key, ``Σ state × stride`` (``Product.key``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from math import prod
from operator import add
from typing import Final

import polars as pl

from spinepath.batch.columns import Column
from spinepath.batch.conditions import score_column
from spinepath.clinical.logic import (
    AllOf,
    AnyOf,
    Below,
    Between,
    Condition,
    Facts,
    HasAny,
    Not,
    OpenWhen,
    ScoreBetween,
    ScoreInterval,
    facts_read,
)
from spinepath.clinical.scores.table import PointTable

__all__ = ["FactStates", "Product", "fact_states"]

STATE: Final = pl.UInt32
FactColumn = Callable[[str], pl.Expr]
SCORE: Final = "score:"


@dataclass(frozen=True)
class FactStates:
    """The states of one fact: ``values[i]`` stands for state ``i`` (``None``: not recorded)."""

    fact: str
    values: tuple[object, ...]
    state: Callable[[FactColumn], pl.Expr]
    """The state of each row, from where the facts are read."""


@dataclass(frozen=True)
class _Cut:
    """``fact >= at`` (or ``fact > at`` when ``strict``): true above the cut."""

    at: float
    strict: bool


def _atoms(condition: Condition) -> Iterator[Condition]:
    match condition:
        case AllOf(parts) | AnyOf(parts):
            for part in parts:
                yield from _atoms(part)
        case Not(part) | OpenWhen(part):
            yield from _atoms(part)
        case _:
            yield condition


def _cuts(atom: Condition) -> Iterator[_Cut]:
    """The cuts a numeric comparison makes: ``x <= h`` is ``not x > h``, ``x < v`` is
    ``not x >= v``."""
    match atom:
        case Between(_, low, high):
            if low is not None:
                yield _Cut(low, strict=False)
            if high is not None:
                yield _Cut(high, strict=True)
        case Below(_, limit):
            yield _Cut(limit, strict=False)


def _numeric(fact: str, cuts: Iterable[_Cut]) -> FactStates:
    """A number's states: how many cuts it is above (cuts ordered so that being above one
    means being above every earlier one), then not recorded."""
    ordered = sorted(set(cuts), key=lambda c: (c.at, c.strict))
    values: list[object] = [ordered[0].at - 1] if ordered else [0]
    for index, cut in enumerate(ordered):
        if not cut.strict:
            values.append(cut.at)  # above this cut, below the next
        elif index + 1 < len(ordered):
            values.append((cut.at + ordered[index + 1].at) / 2)
        else:
            values.append(cut.at + 1)
    missing = len(ordered) + 1

    def state(fact_column: FactColumn) -> pl.Expr:
        number = fact_column(fact)
        above = [(number > c.at if c.strict else number >= c.at).cast(STATE) for c in ordered]
        return reduce(add, above, pl.lit(0, STATE)).fill_null(missing)

    return FactStates(fact, (*values, None), state)


def _coded(fact: str, codes: Sequence[str]) -> FactStates:
    """A code's state is its index in the Enum (its physical value)."""
    missing = len(codes)

    def state(fact_column: FactColumn) -> pl.Expr:
        return fact_column(fact).to_physical().cast(STATE).fill_null(missing)

    return FactStates(fact, (*codes, None), state)


def _yes_no(fact: str) -> FactStates:
    def state(fact_column: FactColumn) -> pl.Expr:
        return fact_column(fact).cast(STATE).fill_null(2)

    return FactStates(fact, (False, True, None), state)


def _has_any(fact: str, bits: Mapping[str, int], masks: Iterable[int]) -> FactStates:
    """A list of codes as far as ``HasAny`` conditions can tell: bit ``i`` of the state is
    set when the list has any code of ``masks[i]``; ``2**k`` is not recorded.

    A state's representative is every code whose masks are all among the state's, so that
    a reachable state is represented exactly (an unreachable one occurs in no row).
    """
    ordered = sorted(set(masks))
    values: list[object] = []
    for combination in range(1 << len(ordered)):
        hit = {m for i, m in enumerate(ordered) if combination >> i & 1}
        values.append(
            tuple(code for code, bit in bits.items() if {m for m in ordered if m & bit} <= hit)
        )
    missing = 1 << len(ordered)

    def state(fact_column: FactColumn) -> pl.Expr:
        codes = fact_column(fact)
        hits = [((codes & m) != 0).cast(STATE) * (1 << i) for i, m in enumerate(ordered)]
        return reduce(add, hits, pl.lit(0, STATE)).fill_null(missing)

    return FactStates(fact, (*values, None), state)


def _score_range(table: PointTable) -> FactStates:
    """Another table's known range: every (min, max) pair of its totals, then not known.

    The pairs form a dense grid so the state is ``min * span + max``; a min above the max
    cannot occur in a row, so those slots carry no range (read as not known)."""
    span = table.high - table.low + 1
    pairs = [
        ScoreInterval(low, high) if low <= high else None
        for low in range(table.low, table.high + 1)
        for high in range(table.low, table.high + 1)
    ]

    def state(fact_column: FactColumn) -> pl.Expr:
        least = pl.col(score_column(table.key, "min")).cast(pl.Int64) - table.low
        most = pl.col(score_column(table.key, "max")).cast(pl.Int64) - table.low
        return (least * span + most).cast(STATE).fill_null(span * span)

    return FactStates(SCORE + table.key, (*pairs, None), state)


def fact_states(
    conditions: Iterable[Condition],
    columns: Mapping[str, Column],
    tables: Mapping[str, PointTable],
) -> dict[str, FactStates]:
    """The states of every fact ``conditions`` read, cut at every threshold they compare."""
    atoms = [atom for condition in conditions for atom in _atoms(condition)]
    cuts: dict[str, set[_Cut]] = {}
    masks: dict[str, set[int]] = {}
    scores: set[str] = set()
    for atom in atoms:
        if isinstance(atom, ScoreBetween):
            scores.add(atom.score)
        elif isinstance(atom, HasAny):
            bits = columns[atom.fact].bits
            masks.setdefault(atom.fact, set()).add(sum(bits.get(c, 0) for c in atom.codes))
        else:
            (fact,) = facts_read(atom)
            if columns[fact].kind == "codes":  # Missing / Recorded of a list
                masks.setdefault(fact, set())
            else:
                cuts.setdefault(fact, set()).update(_cuts(atom))
    states: dict[str, FactStates] = {}
    for fact, fact_cuts in cuts.items():
        column = columns[fact]
        if column.kind == "code":
            states[fact] = _coded(fact, column.codes)
        elif column.kind == "bool":
            states[fact] = _yes_no(fact)
        elif column.kind in ("int", "float"):
            states[fact] = _numeric(fact, fact_cuts)
        else:
            raise TypeError(f"{fact}: no states for a {column.kind} fact")
    for fact, fact_masks in masks.items():
        column = columns[fact]
        if column.kind != "codes":
            raise TypeError(f"{fact}: HasAny needs a list of codes, not a {column.kind} fact")
        states[fact] = _has_any(fact, column.bits, fact_masks)
    for score in scores:
        states[SCORE + score] = _score_range(tables[score])
    return states


@dataclass(frozen=True)
class Product:
    """Every combination of the states of ``facts``, in key order (the last fact varies
    fastest)."""

    facts: tuple[FactStates, ...]

    @property
    def strides(self) -> tuple[int, ...]:
        sizes = [len(f.values) for f in self.facts]
        return tuple(prod(sizes[i + 1 :]) for i in range(len(sizes)))

    @property
    def size(self) -> int:
        return prod(len(f.values) for f in self.facts)

    def combinations(self) -> Iterator[Facts]:
        """The representative facts of each key, in key order."""
        names = [f.fact for f in self.facts]
        for values in itertools.product(*(f.values for f in self.facts)):
            yield dict(zip(names, values, strict=True))

    def key(self, states: Mapping[str, pl.Expr]) -> pl.Expr:
        """Each row's key, from the state columns of its facts."""
        terms = [
            states[f.fact] * stride if stride != 1 else states[f.fact]
            for f, stride in zip(self.facts, self.strides, strict=True)
        ]
        return reduce(add, terms, pl.lit(0, STATE))

    def frame(self) -> pl.DataFrame:
        """One row per key: the state of each fact (columns named by fact)."""
        index = pl.int_range(self.size, dtype=STATE)
        return pl.select(
            ((index // stride) % len(f.values)).alias(f.fact)
            for f, stride in zip(self.facts, self.strides, strict=True)
        )

"""The condition language of ``spinepath.clinical.logic``, compiled to polars expressions.

A compiled condition is a nullable boolean expression with exactly the three-valued
(Kleene) truth of ``logic.evaluate``: ``null`` is "not known from what was recorded".
polars' ``&``, ``|`` and ``~`` on nullable booleans are already Kleene; ``when/then``
treats ``null`` as false, so every ``when`` below is written with that in mind.

Facts are read through ``fact`` (a case field name -> expression); another score's known
range is read from its ``<key>_min`` / ``<key>_max`` columns (``score_column``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from operator import and_, or_
from types import MappingProxyType
from typing import Any

import polars as pl

from spinepath.clinical.logic import (
    AllOf,
    AnyOf,
    Below,
    Between,
    Condition,
    HasAny,
    Is,
    IsIn,
    Missing,
    Not,
    OpenWhen,
    Recorded,
    ScoreBetween,
)

__all__ = ["FactColumn", "compile_condition", "first_of", "score_column"]

FactColumn = Callable[[str], pl.Expr]
"""Where a case fact is read from: by default the column of the same name."""

_TRUE = pl.lit(True, dtype=pl.Boolean)
_FALSE = pl.lit(False, dtype=pl.Boolean)
_UNKNOWN = pl.lit(None, dtype=pl.Boolean)


def score_column(key: str, part: str) -> str:
    """The output column holding ``part`` (status, total, band, min, max) of score ``key``."""
    return f"{key}_{part}"


def first_of(branches: Sequence[tuple[pl.Expr, pl.Expr]], otherwise: pl.Expr) -> pl.Expr:
    """The value of the first branch whose condition is true (null counts as not true)."""
    if not branches:
        return otherwise
    chain: Any = pl.when(branches[0][0]).then(branches[0][1])  # polars' Then/ChainedThen
    for condition, value in branches[1:]:
        chain = chain.when(condition).then(value)
    expr: pl.Expr = chain.otherwise(otherwise)
    return expr


def compile_condition(
    condition: Condition,
    fact: FactColumn = pl.col,
    bitsets: Mapping[str, Mapping[str, int]] = MappingProxyType({}),
) -> pl.Expr:
    """A nullable boolean expression with the Kleene truth of ``logic.evaluate``.

    A list fact named in ``bitsets`` is read as an integer bit set (code -> its bit);
    any other list fact as a list column.
    """

    def compiled(part: Condition) -> pl.Expr:
        return compile_condition(part, fact, bitsets)

    match condition:
        case IsIn(name, codes):
            # is_in propagates null (nulls_equal=False): unknown when not recorded.
            return fact(name).is_in(sorted(codes))
        case Is(name, value):
            return fact(name) == value
        case Between(name, low, high):
            column = fact(name)
            bounds = [
                *([column >= low] if low is not None else []),
                *([column <= high] if high is not None else []),
            ]
            if not bounds:
                return column.is_not_null() | _UNKNOWN  # true when recorded, else unknown
            return reduce(and_, bounds)
        case Below(name, limit):
            return fact(name) < limit
        case HasAny(name, codes):
            # An empty list has none of the codes (false); a missing list is unknown.
            if name in bitsets:
                mask = sum(bitsets[name][code] for code in codes if code in bitsets[name])
                return (fact(name) & mask) != 0
            return fact(name).list.eval(pl.element().is_in(sorted(codes))).list.any()
        case Missing(name):
            return fact(name).is_null()
        case Recorded(name):
            return fact(name).is_not_null()
        case ScoreBetween(score, low, high):
            least = pl.col(score_column(score, "min"))
            most = pl.col(score_column(score, "max"))
            inside = (least >= low) & (most <= high)
            outside = (most < low) | (least > high)
            # True inside, false outside, unknown when the range straddles it or is missing.
            return inside | (outside.not_() & _UNKNOWN)
        case OpenWhen(part):
            # False only when ``part`` is false; unknown when it is true or unknown.
            return compiled(part) & _UNKNOWN
        case AllOf(parts):
            return reduce(and_, (compiled(p) for p in parts), _TRUE)
        case AnyOf(parts):
            return reduce(or_, (compiled(p) for p in parts), _FALSE)
        case Not(part):
            return compiled(part).not_()
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover

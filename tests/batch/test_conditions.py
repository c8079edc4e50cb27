"""The compiled condition language has exactly the three-valued truth of logic.evaluate."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from spinepath.batch import compile_condition
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
    ScoreInterval,
    evaluate,
)

CODES = ("a", "b", "c")
code_sets = st.frozensets(st.sampled_from(CODES), max_size=3)
bounds = st.one_of(st.none(), st.integers(0, 6))

atoms: st.SearchStrategy[Condition] = st.one_of(
    st.builds(IsIn, st.just("code"), code_sets),
    st.builds(Is, st.just("flag"), st.booleans()),
    st.builds(Between, st.just("count"), bounds, bounds),
    st.builds(Below, st.just("count"), st.integers(0, 6)),
    st.builds(HasAny, st.just("items"), code_sets),
    st.builds(Missing, st.sampled_from(("code", "count", "items"))),
    st.builds(Recorded, st.sampled_from(("code", "flag"))),
    st.builds(ScoreBetween, st.just("other"), st.integers(0, 4), st.integers(0, 4)),
)
conditions: st.SearchStrategy[Condition] = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(OpenWhen, inner),
        st.builds(Not, inner),
        st.builds(AllOf, st.lists(inner, max_size=3).map(tuple)),
        st.builds(AnyOf, st.lists(inner, max_size=3).map(tuple)),
    ),
    max_leaves=8,
)


@st.composite
def fact_rows(draw: st.DrawFn) -> dict[str, Any]:
    low = draw(st.integers(0, 4))
    return {
        "code": draw(st.one_of(st.none(), st.sampled_from(CODES))),
        "flag": draw(st.one_of(st.none(), st.booleans())),
        "count": draw(st.one_of(st.none(), st.integers(0, 6))),
        "items": draw(st.one_of(st.none(), st.lists(st.sampled_from(CODES), max_size=3))),
        "other": draw(
            st.one_of(st.none(), st.builds(ScoreInterval, st.just(low), st.integers(low, 4)))
        ),
    }


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": [r["code"] for r in rows],
            "flag": [r["flag"] for r in rows],
            "count": [r["count"] for r in rows],
            "items": [r["items"] for r in rows],
            "other_min": [r["other"].low if r["other"] else None for r in rows],
            "other_max": [r["other"].high if r["other"] else None for r in rows],
        },
        schema={
            "code": pl.String,
            "flag": pl.Boolean,
            "count": pl.Int64,
            "items": pl.List(pl.String),
            "other_min": pl.Int16,
            "other_max": pl.Int16,
        },
    )


def scalar_facts(row: dict[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in row.items() if k != "other"}, "score:other": row["other"]}


@settings(max_examples=120, deadline=None)
@given(conditions, st.lists(fact_rows(), min_size=1, max_size=20))
def test_compiled_truth_equals_evaluate(condition: Condition, rows: list[dict[str, Any]]) -> None:
    got = frame(rows).with_columns(t=compile_condition(condition))["t"].to_list()
    assert got == [evaluate(condition, scalar_facts(r)) for r in rows]


@settings(max_examples=100, deadline=None)
@given(conditions, st.lists(fact_rows(), min_size=1, max_size=20))
def test_a_list_fact_read_as_a_bit_set_has_the_same_truth(
    condition: Condition, rows: list[dict[str, Any]]
) -> None:
    bits = {code: 1 << i for i, code in enumerate(CODES)}
    data = frame(rows).with_columns(
        items=pl.Series(
            [None if r["items"] is None else sum({bits[c] for c in r["items"]}) for r in rows],
            dtype=pl.UInt32,
        )
    )
    got = data.with_columns(t=compile_condition(condition, bitsets={"items": bits}))
    assert got["t"].to_list() == [evaluate(condition, scalar_facts(r)) for r in rows]


def test_it_treats_an_empty_list_as_recorded_and_a_missing_one_as_unknown() -> None:
    data = pl.DataFrame({"items": [[], None, ["a"]]}, schema={"items": pl.List(pl.String)})
    got = data.select(compile_condition(HasAny("items", frozenset({"a"}))).alias("t"))
    assert got["t"].to_list() == [False, None, True]

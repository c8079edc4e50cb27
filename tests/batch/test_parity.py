"""Batch output equals the scalar engine (assess) row by row, on random cohorts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from spinepath.batch import score_rows
from spinepath.batch.columns import COLUMNS
from spinepath.clinical.assess import assess
from spinepath.clinical.case import CaseValidationError, parse_case
from spinepath.clinical.logic import AllOf, AnyOf, Below, Between, Condition, Not, OpenWhen
from spinepath.clinical.scores import POINT_TABLES
from spinepath.clinical.scores.sins import SINS
from spinepath.clinical.scores.table import ScoreResult
from spinepath.clinical.triage import triage
from tests.strategies import batch_row_dicts, case_from_batch_row

TABLE_KEYS = ("sins", *(t.key for t in POINT_TABLES))


def cell(value: Any) -> str:
    """A typed value as the text a CSV cell would hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def text_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows as an all-text frame, as a CSV file is read (absent = empty cell)."""
    names = [n for n in COLUMNS if any(n in r for r in rows)] or ["case_id"]
    data = {n: [cell(r[n]) if n in r else None for r in rows] for n in names}
    return pl.DataFrame(data, schema={n: pl.String for n in names})


def problem_field(field: str) -> str:
    """The batch column a FieldError is about ("lesions[0].level" -> "level")."""
    return field.split(".")[-1].split("[")[0]


@settings(max_examples=40, deadline=None)
@given(st.lists(batch_row_dicts(), min_size=1, max_size=40))
def test_batch_equals_assess_row_by_row(rows: list[dict[str, Any]]) -> None:
    scored, rejected = score_rows(text_frame(rows).lazy())
    out = scored.collect().to_dicts()
    rejects = rejected.collect()

    expected_rejects: dict[int, set[str]] = {}
    cases = []
    for number, row in enumerate(rows, start=1):
        try:
            cases.append(parse_case(case_from_batch_row(row)))
        except CaseValidationError as exc:
            expected_rejects[number] = {problem_field(e.field) for e in exc.errors}
    got_rejects: dict[int, set[str]] = {}
    for number, column in rejects.select("row", "column").iter_rows():
        got_rejects.setdefault(number, set()).add(column)
    assert got_rejects == expected_rejects
    assert len(out) == len(cases)

    for case, row in zip(cases, out, strict=True):
        scores = assess(case).scores
        for key in TABLE_KEYS:
            result = scores[key]
            assert isinstance(result, ScoreResult)
            got = tuple(row[f"{key}_{p}"] for p in ("status", "total", "band", "min", "max"))
            band = result.band.code if result.band else None
            assert got == (result.status, result.total, band, result.min, result.max), key
        bilsky = scores["bilsky"]
        assert (row["bilsky_status"], row["bilsky_group"]) == (
            bilsky.status,
            bilsky.group,
        )
        expected_triage = triage(case)
        assert (row["triage_status"], row["triage_category"]) == (
            expected_triage.status,
            expected_triage.category,
        )


@settings(max_examples=20, deadline=None)
@given(st.lists(batch_row_dicts(invalid=False), min_size=1, max_size=20))
def test_typed_columns_score_like_text_columns(rows: list[dict[str, Any]]) -> None:
    # Parquet and NDJSON carry typed columns (numbers, booleans, lists): same result as text.
    names = [n for n in COLUMNS if any(n in r for r in rows)] or ["case_id"]
    typed = pl.DataFrame([{n: r.get(n) for n in names} for r in rows])
    from_typed = score_rows(typed.lazy())[0].collect()
    from_text = score_rows(text_frame(rows).lazy())[0].collect()
    outputs = [c for c in from_text.columns if c not in COLUMNS]
    assert from_typed.select(outputs).to_dicts() == from_text.select(outputs).to_dicts()


def _thresholds(condition: Condition) -> Iterator[tuple[str, float]]:
    """Every (fact, number) a condition compares a numeric fact with."""
    match condition:
        case Between(fact, low, high):
            yield from ((fact, t) for t in (low, high) if t is not None)
        case Below(fact, limit):
            yield fact, limit
        case AllOf(parts) | AnyOf(parts):
            for part in parts:
                yield from _thresholds(part)
        case Not(part) | OpenWhen(part):
            yield from _thresholds(part)


def _boundary_values() -> dict[str, list[Any]]:
    """Per numeric fact a point table reads: every threshold, and the nearest valid values
    either side of it (the step of the field, and a hair for a decimal)."""
    found: dict[str, set[float]] = {}
    for table in (SINS, *POINT_TABLES):
        for criterion in table.criteria:
            for option in criterion.options:
                for fact, at in _thresholds(option.when):
                    found.setdefault(fact, set()).add(at)
    values: dict[str, list[Any]] = {}
    for fact, points in found.items():
        column = COLUMNS[fact]
        if column.kind == "int":
            step = column.multiple_of or 1
            near = {int(t) + d for t in points for d in (-step, 0, step)}
        else:
            near = {t + d for t in points for d in (-1.0, -0.1, -1e-9, 0.0, 1e-9, 0.1, 1.0)}
        valid = [
            v
            for v in sorted(near)
            if (column.ge is None or v >= column.ge) and (column.le is None or v <= column.le)
        ]
        values[fact] = valid
    return values


BOUNDARY_VALUES = _boundary_values()


@st.composite
def boundary_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A valid row whose numbers sit on or right beside the thresholds of the tables."""
    row: dict[str, Any] = draw(batch_row_dicts(invalid=False))
    for fact, values in BOUNDARY_VALUES.items():
        value = draw(st.one_of(st.none(), st.sampled_from(values)))
        row.pop(fact, None)
        if value is not None:
            row[fact] = value
    return row


def test_the_boundary_values_cover_every_threshold() -> None:
    assert {"kps", "albumin_g_per_l", "vertebral_metastases"} <= set(BOUNDARY_VALUES)
    assert {34.9, 35.0, 35.0 - 1e-9} <= set(BOUNDARY_VALUES["albumin_g_per_l"])


@settings(max_examples=60, deadline=None)
@given(st.lists(boundary_rows(), min_size=1, max_size=40))
def test_batch_equals_assess_on_the_thresholds(rows: list[dict[str, Any]]) -> None:
    # Typed columns, so that decimals are compared exactly as assess compares them.
    names = [n for n in COLUMNS if any(n in r for r in rows)]
    frame = pl.DataFrame(
        [{n: r.get(n) for n in names} for r in rows],
        schema={n: _typed(n) for n in names},
    )
    out = score_rows(frame.lazy())[0].collect().to_dicts()
    assert len(out) == len(rows)
    for row, got in zip(rows, out, strict=True):
        scores = assess(parse_case(case_from_batch_row(row))).scores
        for key in TABLE_KEYS:
            result = scores[key]
            assert isinstance(result, ScoreResult)
            band = result.band.code if result.band else None
            expected = (result.status, result.total, band, result.min, result.max)
            assert tuple(got[f"{key}_{p}"] for p in ("status", "total", "band", "min", "max")) == (
                expected
            ), (key, row)


def _typed(name: str) -> pl.DataType:
    column = COLUMNS[name]
    if column.kind == "codes":
        return pl.List(pl.String)
    if column.kind == "code":
        return pl.String()
    return column.dtype


def _triage_rows() -> list[dict[str, Any]]:
    """Every cancer history (and none recorded) with symptoms not recorded, recorded as
    none, and every single code and pair of codes."""
    codes = COLUMNS["symptoms"].codes
    lists: list[list[str] | None] = [None, [], *([c] for c in codes)]
    lists += [[a, b] for i, a in enumerate(codes) for b in codes[i + 1 :]]
    histories: list[str | None] = [None, *COLUMNS["cancer_history"].codes]
    rows = []
    for history in histories:
        for symptoms in lists:
            row: dict[str, Any] = {"case_id": "c"}
            if history is not None:
                row["cancer_history"] = history
            if symptoms is not None:
                row["symptoms"] = symptoms
            rows.append(row)
    return rows


def test_triage_equals_the_engine_on_every_history_and_symptom_pair() -> None:
    rows = _triage_rows()
    # Text (";"-joined, "" = recorded none, empty cell = not recorded) and typed lists.
    typed = pl.DataFrame(
        [{n: r.get(n) for n in ("case_id", "cancer_history", "symptoms")} for r in rows],
        schema={"case_id": pl.String, "cancer_history": pl.String, "symptoms": pl.List(pl.String)},
    )
    for frame in (text_frame(rows), typed):
        out = score_rows(frame.lazy(), ["triage"])[0].collect()
        assert out.height == len(rows)
        for row, got in zip(rows, out.iter_rows(named=True), strict=True):
            expected = triage(parse_case(case_from_batch_row(row)))
            assert (got["triage_status"], got["triage_category"]) == (
                expected.status,
                expected.category,
            ), row


def test_triage_without_symptoms_recorded_differs_from_none_recorded() -> None:
    rows = [
        {"case_id": "a", "cancer_history": "known"},
        {"case_id": "b", "cancer_history": "known", "symptoms": []},
        {"case_id": "c", "symptoms": []},
        {"case_id": "d"},
    ]
    out = score_rows(text_frame(rows).lazy(), ["triage"])[0].collect()
    assert out.select("triage_status", "triage_category").rows() == [
        ("incomplete", None),
        ("complete", "routine"),
        ("complete", "routine"),
        ("incomplete", None),
    ]


# Every structured neurological sign of spec §15.1, and values of the same fields that are
# not signs: triage reads them through the derived fact ``neurological_sign``.
_SIGN_FIELDS: dict[str, tuple[Any, ...]] = {
    "myelopathy": (True, False),
    "frankel": ("A", "B", "C", "D", "E"),
    "asia": ("A", "B", "C", "D", "E"),
    "ambulatory": ("independent", "assisted", "non_ambulatory"),
    "bilsky": ("0", "1a", "1b", "1c", "2", "3"),
}


def _sign_rows() -> list[dict[str, Any]]:
    """Every cancer history (and none recorded) × symptoms not recorded, none, a pain
    feature, a neurological symptom × no sign field or one sign field at each value, and a
    few pairs (a sign beside a value that is not one)."""
    variants: list[dict[str, Any]] = [{}]
    variants += [{f: v} for f, values in _SIGN_FIELDS.items() for v in values]
    variants += [
        {"frankel": "E", "ambulatory": "assisted"},
        {"myelopathy": False, "bilsky": "3", "level": "T6"},
        {"asia": "D", "frankel": "E", "ambulatory": "independent"},
    ]
    symptom_lists: list[list[str] | None] = [
        None,
        [],
        ["progressive_lumbar_pain"],
        ["limb_weakness"],
    ]
    histories: list[str | None] = [None, *COLUMNS["cancer_history"].codes]
    rows = []
    for history in histories:
        for symptoms in symptom_lists:
            for variant in variants:
                row: dict[str, Any] = {"case_id": "c", **variant}
                if history is not None:
                    row["cancer_history"] = history
                if symptoms is not None:
                    row["symptoms"] = symptoms
                rows.append(row)
    return rows


def test_triage_equals_the_engine_on_every_recorded_neurological_sign() -> None:
    rows = _sign_rows()
    out = score_rows(text_frame(rows).lazy(), ["triage"])[0].collect()
    assert out.height == len(rows)
    categories = set()
    for row, got in zip(rows, out.iter_rows(named=True), strict=True):
        expected = triage(parse_case(case_from_batch_row(row)))
        categories.add(expected.category)
        assert (got["triage_status"], got["triage_category"]) == (
            expected.status,
            expected.category,
        ), row
    assert {"emergency", "urgent", "routine", None} <= categories


def test_a_recorded_sign_with_cancer_is_an_emergency_in_the_batch_too() -> None:
    rows = [
        {"case_id": "frankel", "cancer_history": "known", "symptoms": [], "frankel": "D"},
        {"case_id": "bilsky", "cancer_history": "known", "symptoms": [], "bilsky": "2"},
        {"case_id": "walking", "cancer_history": "suspected", "ambulatory": "assisted"},
        {"case_id": "none", "cancer_history": "known", "symptoms": [], "frankel": "E"},
    ]
    out = score_rows(text_frame(rows).lazy(), ["triage"])[0].collect()
    assert out.select("triage_status", "triage_category").rows() == [
        ("complete", "emergency"),
        ("complete", "emergency"),
        ("complete", "emergency"),
        ("complete", "routine"),
    ]

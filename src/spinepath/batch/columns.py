"""The input columns of a batch file and their validation, derived from the case model.

One row is one case with at most one lesion (case-format §5): the columns are the fields
of ``Case`` and of ``Lesion``, unprefixed. Each column's kind, allowed codes and bounds are
read from those pydantic models (their annotations and ``Field`` constraints), so the
batch reader accepts exactly what ``parse_case`` accepts, value for value.

Reading rules (documented for users in ``spinepath batch --help``):

- text cells (CSV, or text columns in Parquet/NDJSON) are parsed: whole numbers, decimal
  numbers, ``true``/``false``; an empty cell means *not recorded*;
- ``symptoms`` is a list of codes, or a ``;``-separated string of codes; an empty string
  (``""`` in CSV) or empty list means *recorded, none*; an empty cell means *not recorded*;
- a column of the wrong type (e.g. numbers for a coded field, decimals for a whole
  number) is checked value by value as text, so every bad value is reported, not guessed.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Annotated, Final, Literal, Union, get_args, get_origin

import annotated_types
import polars as pl
from pydantic import BaseModel

from spinepath.batch.conditions import first_of
from spinepath.clinical.case import Case, Code, Lesion

__all__ = [
    "COLUMNS",
    "Column",
    "ColumnKind",
    "check_columns",
    "parsed",
    "problems",
    "unreadable",
]

ColumnKind = Literal["code", "codes", "int", "float", "bool", "text"]


@dataclass(frozen=True)
class Column:
    """One input column: what it holds and the constraints on it (from the case model)."""

    name: str
    kind: ColumnKind
    codes: tuple[str, ...] = ()
    ge: float | None = None
    le: float | None = None
    multiple_of: int | None = None
    max_length: int | None = None

    @property
    def dtype(self) -> pl.DataType:
        """The dtype of the column once read: codes as an Enum, a list of codes as a bit set."""
        if self.kind == "code":
            return pl.Enum(self.codes)
        if self.kind == "codes":
            return _BITSET
        return _DTYPES[self.kind]

    @property
    def bits(self) -> dict[str, int]:
        """For a list of codes: each code's bit in the bit set (``codes[i]`` is bit ``i``)."""
        return {code: 1 << i for i, code in enumerate(self.codes)}

    @property
    def allowed(self) -> str:
        """What the column allows, in words (the ``allowed`` column of the rejects file)."""
        if self.kind in ("code", "codes"):
            listed = ", ".join(self.codes)
            return f"a list of: {listed}" if self.kind == "codes" else listed
        if self.kind == "bool":
            return "true or false"
        if self.kind == "text":
            return f"text of at most {self.max_length} characters" if self.max_length else "text"
        words = ["a whole number" if self.kind == "int" else "a number"]
        if self.ge is not None:
            words.append(f"≥ {_num(self.ge)}")
        if self.le is not None:
            words.append(f"≤ {_num(self.le)}")
        if self.multiple_of is not None:
            words.append(f"a multiple of {self.multiple_of}")
        return ", ".join(words)


_BITSET: Final = pl.UInt32()
_NO_PROBLEM: Final = pl.lit(None, pl.String)
_DTYPES: Final[Mapping[ColumnKind, pl.DataType]] = {
    "int": pl.Int64(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
    "text": pl.String(),
}
_SHARED: Final = "__read."
_REMEMBERED: Final = 10_000
"""Distinct texts of a list of codes kept parsed across chunks."""
_NOT_COLUMNS: Final = frozenset({"lesions"})
"""Case fields that are not columns: the lesion's fields are columns themselves."""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _column(name: str, annotation: object, metadata: Iterable[object]) -> Column:
    inner = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) not in (Union, types.UnionType) or len(inner) != 1:
        raise TypeError(f"{name}: a batch column needs an optional field, got {annotation!r}")
    base = inner[0]
    limits: dict[str, float | int | None] = {}
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            limits["ge"] = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            limits["le"] = float(item.le)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.MultipleOf):
            limits["multiple_of"] = int(item.multiple_of)  # type: ignore[call-overload]
        elif isinstance(item, annotated_types.MaxLen):
            limits["max_length"] = item.max_length
    if get_origin(base) is Literal:
        return Column(name, "code", tuple(str(a) for a in get_args(base)))
    if get_origin(base) is Annotated:
        codes = [m for m in base.__metadata__ if isinstance(m, Code)]
        if codes:
            return Column(name, "code", codes[0].codes)
    if get_origin(base) is tuple:
        item = get_args(base)[0]
        codes = [m for m in getattr(item, "__metadata__", ()) if isinstance(m, Code)]
        if codes:
            return Column(name, "codes", codes[0].codes)
    kinds: dict[object, ColumnKind] = {bool: "bool", int: "int", float: "float", str: "text"}
    if base in kinds:
        return Column(name, kinds[base], **limits)  # type: ignore[arg-type]
    raise TypeError(f"{name}: no batch column kind for {annotation!r}")


def _columns(*models: type[BaseModel]) -> dict[str, Column]:
    return {
        name: _column(name, info.annotation, info.metadata)
        for model in models
        for name, info in model.model_fields.items()
        if name not in _NOT_COLUMNS
    }


COLUMNS: Final[Mapping[str, Column]] = types.MappingProxyType(_columns(Case, Lesion))
"""Every column a batch file may have, by name, in case-model order."""


def check_columns(names: Iterable[str]) -> list[str]:
    """The names that are not batch columns (the run fails on any)."""
    return [n for n in names if n not in COLUMNS]


def unreadable(name: str, dtype: pl.DataType) -> str | None:
    """Why a file's column ``name`` of ``dtype`` cannot be read at all (None when it can).

    Values are checked one by one, so a column of text, numbers, booleans, dates and the
    like is read (each bad value is a reject); a nested column is not, except a list of
    plain values for a list of codes.
    """
    if not dtype.is_nested() and not isinstance(dtype, pl.Object):
        return None
    column = COLUMNS[name]
    if column.kind == "codes" and isinstance(dtype, pl.List) and not dtype.inner.is_nested():
        return None
    wanted = "a list of codes or ;-separated text" if column.kind == "codes" else "plain values"
    return f"({dtype}; must hold {wanted})"


# --- Parsing and validation ---------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """One column read: its typed value and, per row, the problem with it (or null)."""

    value: pl.Expr
    problem: pl.Expr
    shared: tuple[pl.Expr, ...] = ()
    """Columns that ``value`` and ``problem`` both read, to add to the frame before them
    (so that the work is done once)."""
    written: pl.Expr | None = None
    """For a code read from text: the same text as an Enum of the codes and ``""`` (an
    accepted row's cell exactly, but dictionary-encoded), cheaper to write than the text."""


def parsed(column: Column, source: pl.DataType | None) -> Parsed:
    """Read ``column`` (of dtype ``source`` in the file, ``None`` when absent)."""
    if source is None or source == pl.Null:
        return Parsed(pl.lit(None, column.dtype), pl.lit(None, pl.String))
    raw = pl.col(column.name)
    if column.kind == "codes" and isinstance(source, pl.List):
        return _codes(column, raw.cast(pl.List(pl.String)))
    if _is_text(source):
        return _from_text(column, raw.cast(pl.String))
    if column.kind == "int" and source.is_integer():
        return _bounded(column, raw.cast(pl.Int64, strict=False), raw)
    if column.kind == "float" and (source.is_integer() or source.is_float()):
        return _bounded(column, raw.cast(pl.Float64), raw)
    if column.kind == "bool" and source == pl.Boolean:
        return Parsed(raw, pl.lit(None, pl.String))
    if column.kind in ("code", "codes", "text"):
        # Strict, like the case model: 1 is not a Bilsky grade and 42 is not a case id.
        problem = pl.when(raw.is_not_null()).then(pl.lit("must be text")).otherwise(None)
        return Parsed(pl.lit(None, column.dtype), problem)
    return _from_text(column, raw.cast(pl.String))


def _is_text(dtype: pl.DataType) -> bool:
    return dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))


def _from_text(column: Column, text: pl.Expr) -> Parsed:
    cell = pl.when(text != "").then(text)  # an empty cell is "not recorded"
    match column.kind:
        case "code":
            # Read once as an Enum that also holds "" (the cell as written), then "" as
            # not recorded.
            shared = _SHARED + column.name
            read = pl.col(shared)
            problem = pl.when(text.is_not_null() & read.is_null()).then(
                pl.lit("not an allowed value")
            )
            return Parsed(
                pl.when(read != "").then(read),
                problem.otherwise(None),
                (text.cast(pl.Enum([*column.codes, ""]), strict=False).alias(shared),),
                read,
            )
        case "codes":
            # A cohort repeats a few symptom lists across many rows: each distinct text is
            # parsed once per run (up to _REMEMBERED of them) and mapped onto the rows.
            known: dict[str, tuple[int | None, str | None]] = {}
            both = text.map_batches(
                lambda texts: _codes_by_distinct_text(column, texts, known),
                return_dtype=pl.Struct({"value": _BITSET, "problem": pl.String}),
                is_elementwise=True,
            )
            shared = _SHARED + column.name
            return Parsed(
                pl.col(shared).struct.field("value"),
                pl.col(shared).struct.field("problem"),
                (both.alias(shared),),
            )
        case "int":
            return _bounded(column, cell.str.to_integer(strict=False), cell)
        case "float":
            return _bounded(column, cell.cast(pl.Float64, strict=False), cell)
        case "bool":
            value = cell.replace_strict(
                {"true": True, "false": False}, default=None, return_dtype=pl.Boolean
            )
            problem = pl.when(cell.is_not_null() & value.is_null()).then(
                pl.lit("must be true or false")
            )
            return Parsed(value, problem.otherwise(None))
        case "text":
            too_long: list[tuple[pl.Expr, pl.Expr]] = []
            if column.max_length is not None:
                too_long.append(
                    (
                        cell.str.len_chars() > column.max_length,
                        pl.lit(f"longer than {column.max_length} characters"),
                    )
                )
            return Parsed(cell, first_of(too_long, _NO_PROBLEM))
    raise AssertionError(column.kind)  # pragma: no cover


def _codes_text(column: Column, text: pl.Expr) -> Parsed:
    """A ``;``-separated list of codes read from text."""
    # "" is a recorded empty list; a JSON list left as text (mixed NDJSON) is decoded.
    items = (
        pl.when(text == "")
        .then(pl.lit([], pl.List(pl.String)))
        .when(text.str.starts_with("["))
        .then(pl.when(text.str.starts_with("[")).then(text).str.json_decode(pl.List(pl.String)))
        .otherwise(text.str.split(";"))
    )
    return _codes(column, items)


def _codes_by_distinct_text(
    column: Column, texts: pl.Series, known: dict[str, tuple[int | None, str | None]]
) -> pl.Series:
    """``_codes_text`` on each distinct value of ``texts``, mapped back onto every row.

    ``known`` holds the texts already parsed (value, problem); it is emptied rather than
    grown beyond ``_REMEMBERED`` texts.
    """
    distinct = texts.drop_nulls().unique().to_list()
    new = [t for t in distinct if t not in known]
    found = {t: known[t] for t in distinct if t in known}
    if new:
        read = _codes_text(column, pl.col("text"))
        parsed = pl.DataFrame({"text": new}, schema={"text": pl.String}).select(
            read.value.alias("value"), read.problem.alias("problem")
        )
        found.update(zip(new, parsed.iter_rows(), strict=True))
        if len(known) + len(new) > _REMEMBERED:
            known.clear()
        if len(new) <= _REMEMBERED:
            known.update(zip(new, parsed.iter_rows(), strict=True))
    index = texts.replace_strict(
        distinct, range(len(distinct)), default=None, return_dtype=pl.UInt32
    )
    results = [found[t] for t in distinct]
    value = pl.Series("value", [v for v, _ in results], dtype=_BITSET).gather(index)
    problem = pl.Series("problem", [p for _, p in results], dtype=pl.String).gather(index)
    return pl.DataFrame([value, problem]).to_struct(texts.name)


def _codes(column: Column, items: pl.Expr) -> Parsed:
    """A list of codes read as a bit set (so that "has any of" is one AND per row)."""
    if len(column.codes) > 32:
        raise ValueError(f"{column.name}: {len(column.codes)} codes do not fit a 32-bit set")
    bits = items.list.eval(
        pl.element().replace_strict(column.bits, default=None, return_dtype=_BITSET)
    )
    unknown = bits.list.eval(pl.element().is_null()).list.any()
    listed = items.list.eval(pl.element().filter(~pl.element().is_in(column.codes)))
    problem = pl.when(unknown).then(pl.format("unknown code(s): {}", listed.list.join(", ")))
    union = bits.list.eval(pl.element().bitwise_or()).list.first().fill_null(0)
    value = pl.when(items.is_not_null()).then(union.cast(_BITSET))
    return Parsed(value, problem.otherwise(None))


def _bounded(column: Column, number: pl.Expr, raw: pl.Expr) -> Parsed:
    """A number read from ``raw``: a problem when unreadable or outside the field's bounds."""
    noun = "a whole number" if column.kind == "int" else "a number"
    checks: list[tuple[pl.Expr, str]] = [(raw.is_not_null() & number.is_null(), f"not {noun}")]
    if column.kind == "float":
        checks.append((~number.is_finite(), "not a finite number"))
    if column.ge is not None:
        checks.append((number < column.ge, f"must be ≥ {_num(column.ge)}"))
    if column.le is not None:
        checks.append((number > column.le, f"must be ≤ {_num(column.le)}"))
    if column.multiple_of is not None:
        checks.append(
            (number % column.multiple_of != 0, f"must be a multiple of {column.multiple_of}")
        )
    problem = first_of([(failed, pl.lit(message)) for failed, message in checks], _NO_PROBLEM)
    return Parsed(number, problem)


def problems(sources: Mapping[str, pl.DataType]) -> dict[str, Parsed]:
    """Every column, read from a file whose columns have dtypes ``sources``."""
    return {name: parsed(column, sources.get(name)) for name, column in COLUMNS.items()}


def any_problem(read: Mapping[str, Parsed]) -> pl.Expr:
    """True for a row with at least one problem."""
    return reduce(or_, (p.problem.is_not_null() for p in read.values()))

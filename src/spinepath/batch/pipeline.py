"""Score a cohort file: scan, validate, score, and sink accepted and rejected rows apart.

Everything is lazy: the input is scanned, each row is read and checked column by column
(``columns``), rows without a problem are scored (``scores``) and sunk to the output, rows
with one are sunk, one line per problem, to the rejects file beside it. The file is
validated once, in one streaming pass that scores the accepted rows and notes the row
numbers of the rejected ones; a second pass reads only those rows back to list their
problems. So a file larger than memory is scored in bounded memory (plus 4 bytes per
rejected row).

The rejects file is ``<output stem>.rejects.<output extension>`` with the columns
``row`` (1-based data row of the input), ``column``, ``value`` (as text), ``reason`` and
``allowed``. It is always written, empty when nothing was rejected, so a stale one from an
earlier run cannot be mistaken for this run's.

Where the two files may go, and how they are written (to temporary files renamed over the
targets only when the run succeeds), is ``files``: the input is never written to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from pathlib import Path
from typing import Final

import polars as pl

from spinepath.batch.columns import COLUMNS, Parsed, check_columns, parsed, unreadable
from spinepath.batch.conditions import score_column
from spinepath.batch.files import (
    FORMATS,
    REJECT_COLUMNS,
    BatchInputError,
    BatchWriteError,
    Format,
    file_format,
    plan_outputs,
    rejects_path,
    shown,
    staged,
    write_problem,
)
from spinepath.batch.scores import SCORE_KEYS, TRIAGE, output_columns, score_frame
from spinepath.clinical.text import shorten

__all__ = [
    "FORMATS",
    "REJECT_COLUMNS",
    "BatchInputError",
    "BatchSummary",
    "BatchWriteError",
    "Format",
    "file_format",
    "read_rows",
    "rejects_path",
    "score_file",
    "score_rows",
]

_ROW: Final = "__row"
_FACT: Final = "__fact."
_PROBLEM: Final = "__problem."
_HAS_PROBLEM: Final = "__problem"
_NULL_COUNTS_ONLY: Final = {"min": False, "max": False, "distinct_count": False, "null_count": True}
_NO_REJECTS: Final = pl.LazyFrame(
    schema={"row": pl.UInt32, **{c: pl.String for c in REJECT_COLUMNS[1:]}}
)
_MORSEL_ROWS: Final = 100_000
"""Rows per streaming chunk, bounding memory. At 10 million rows (benchmarks/batch.py, quiet
machine): polars' default chunks peaked at 3.3 GB; 25,000 rows at 0.6 GB and 0.96 M cases/s;
100,000 rows at 0.9 GB and 1.08–1.14 M cases/s."""


@dataclass(frozen=True)
class BatchSummary:
    rows_read: int
    rows_scored: int
    rows_rejected: int
    problems: int
    """Problems listed in the rejects file (a rejected row has at least one)."""
    incomplete: dict[str, int] = field(default_factory=dict)
    """Scored rows whose score (or triage) is incomplete, per key."""
    not_applicable: dict[str, int] = field(default_factory=dict)


def _scan(path: Path) -> pl.LazyFrame:
    match file_format(path):
        case "csv":
            # Every cell as text: the batch reader parses and checks each value itself.
            return pl.scan_csv(path, infer_schema=False)
        case "parquet":
            return pl.scan_parquet(path)
        case "ndjson":
            return pl.scan_ndjson(path, infer_schema_length=None)


def read_rows(path: Path) -> pl.LazyFrame:
    """Scan ``path``, checking that it can be read and has only batch columns."""
    if not path.is_file():
        raise BatchInputError(f"{shown(path)}: no such file")
    try:
        frame = _scan(path)
        schema = frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise BatchInputError(f"{shown(path)}: cannot be read: {_first_line(exc)}") from None
    unknown = [shorten(name) for name in check_columns(schema.names())]
    if unknown:
        raise BatchInputError(
            f"{shown(path)}: unknown column(s): {', '.join(unknown)} "
            f"(allowed: {', '.join(COLUMNS)})"
        )
    wrong = [f"{name} {problem}" for name, t in schema.items() if (problem := unreadable(name, t))]
    if wrong:
        raise BatchInputError(f"{shown(path)}: column(s) of the wrong type: {'; '.join(wrong)}")
    return frame


def _first_line(error: BaseException) -> str:
    """A library's error in one line (polars adds the expression it was evaluating)."""
    return shorten(str(error).strip().split("\n", 1)[0], 300)


def _fact(name: str) -> pl.Expr:
    return pl.col(_FACT + name)


def score_rows(
    frame: pl.LazyFrame, keys: Sequence[str] = SCORE_KEYS
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The scored rows and the rejects (one row per problem) of ``frame``, both lazy.

    The scored rows keep every input column as read and add the columns of ``keys``.
    """
    schema = frame.collect_schema()
    checked = _checked(frame.with_row_index(_ROW, offset=1), schema)
    return _scored(checked, schema, keys), _rejected(checked, schema)


def _checked(numbered: pl.LazyFrame, schema: pl.Schema) -> pl.LazyFrame:
    """``numbered`` with every column read (``__fact.<name>``), its problem per row
    (``__problem.<name>``), and whether the row has any problem."""
    read: dict[str, Parsed] = {
        name: parsed(column, schema.get(name)) for name, column in COLUMNS.items()
    }
    return (
        numbered.with_columns(*(shared for r in read.values() for shared in r.shared))
        .with_columns(
            *(r.value.alias(_FACT + name) for name, r in read.items()),
            *(r.problem.alias(_PROBLEM + name) for name, r in read.items()),
        )
        .with_columns(
            reduce(or_, (pl.col(_PROBLEM + n).is_not_null() for n in read)).alias(_HAS_PROBLEM)
        )
    )


def _scored(
    checked: pl.LazyFrame, schema: pl.Schema, keys: Sequence[str], encoded: bool = False
) -> pl.LazyFrame:
    """The accepted rows of ``checked``, scored. With ``encoded``, a coded input column read
    from text keeps its cells as an Enum (the same values, dictionary-encoded: cheaper to
    write to Parquet than re-encoding the text); otherwise every input column is as read."""
    outputs = [c for key in SCORE_KEYS if key in keys for c in output_columns(key)]
    accepted = checked.filter(~pl.col(_HAS_PROBLEM))
    inputs = [pl.col(name) for name in schema.names()]
    if encoded:
        written = {n: parsed(COLUMNS[n], t).written for n, t in schema.items()}
        inputs = [pl.col(n) if w is None else w.alias(n) for n, w in written.items()]
    return score_frame(accepted, keys, _fact).select(*inputs, *outputs)


def _rejected(checked: pl.LazyFrame, schema: pl.Schema) -> pl.LazyFrame:
    if not schema.names():
        return _NO_REJECTS
    listed = pl.concat_list(
        pl.struct(
            pl.lit(name).alias("column"),
            _as_text(pl.col(name), schema[name]).alias("value"),
            pl.col(_PROBLEM + name).alias("reason"),
            pl.lit(COLUMNS[name].allowed).alias("allowed"),
        )
        for name in schema.names()
    )
    return (
        checked.filter(pl.col(_HAS_PROBLEM))
        .select(pl.col(_ROW).alias("row"), listed.alias("problem"))
        .explode("problem")
        .unnest("problem")
        .filter(pl.col("reason").is_not_null())
    )


def _as_text(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.List):
        return value.cast(pl.List(pl.String)).list.join(";")
    return value.cast(pl.String)


def _sink(frame: pl.LazyFrame, path: Path) -> pl.LazyFrame:
    fmt = file_format(path)
    if fmt == "csv":
        # CSV has no lists: a list column (symptoms from Parquet/NDJSON) is written ";"-joined.
        schema = frame.collect_schema()
        lists = [n for n, t in schema.items() if isinstance(t, pl.List)]
        frame = frame.with_columns(pl.col(n).cast(pl.List(pl.String)).list.join(";") for n in lists)
        return frame.sink_csv(path, lazy=True)
    if fmt == "parquet":
        # Null counts but no min/max statistics: those cost about a fifth of the writing
        # (the Enum score columns), and a scored cohort is read whole, not filtered by range.
        return frame.sink_parquet(path, lazy=True, statistics=_NULL_COUNTS_ONLY)
    return frame.sink_ndjson(path, lazy=True)


Progress = Callable[[int], None]
"""Called with the number of rows just read, as the scan goes."""


def score_file(
    source: Path,
    output: Path,
    keys: Sequence[str] = SCORE_KEYS,
    progress: Progress | None = None,
    *,
    force: bool = False,
) -> BatchSummary:
    """Score ``source`` into ``output`` (and its rejects file); see the module docstring.

    Raises BatchInputError when the input cannot be read or the output may not be written
    where asked (``force`` replaces an existing rejects file that is not spinepath's), and
    BatchWriteError when writing fails part-way. Either way nothing was replaced and
    nothing is left behind.
    """
    frame = read_rows(source)
    outputs = plan_outputs(source, output, force=force)
    schema = frame.collect_schema()
    counted = frame if progress is None else frame.map_batches(_counting(progress), streamable=True)
    # One validating pass scores the accepted rows and notes the numbers of the rejected
    # ones (4 bytes each); only those rows are read again and listed in the rejects file.
    problem_rows: list[pl.Series] = []
    checked = _checked(counted.with_row_index(_ROW, offset=1), schema).map_batches(
        _noting_problem_rows(problem_rows), streamable=True
    )
    with staged(outputs) as (scored_to, rejects_to):
        try:
            with pl.Config(streaming_chunk_size=_MORSEL_ROWS):
                encoded = file_format(output) == "parquet"
                _sink(_scored(checked, schema, keys, encoded), scored_to).collect()
                rejected = _NO_REJECTS
                if problem_rows:
                    numbers = pl.concat(problem_rows).implode()
                    numbered = frame.with_row_index(_ROW, offset=1).filter(
                        pl.col(_ROW).is_in(numbers)
                    )
                    rejected = _rejected(_checked(numbered, schema), schema)
                _sink(rejected, rejects_to).collect()
            return _summarise(scored_to, rejects_to, keys)
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise _failure(source, output, outputs.output_target.parent, exc) from None
        except pl.exceptions.PanicException as exc:  # a polars bug: say so, without a traceback
            raise BatchWriteError(
                f"{shown(source)}: not scored (polars failed: {_first_line(exc)})"
            ) from None


def _failure(source: Path, output: Path, directory: Path, error: Exception) -> Exception:
    """A failure to read or write the files (the disk is full, a device failed: the error
    names a system error, or the output's directory takes no more), or else an input error
    (a value polars cannot read: exit 2). The Parquet writer reports a full disk as
    "Invalid thrift: transport error", hence the check of the directory itself."""
    message = _first_line(error)
    if isinstance(error, OSError) or "(os error" in message:
        return BatchWriteError(f"{shown(output)}: not written ({message}); nothing was replaced")
    refused = write_problem(directory)
    if refused is not None:
        return BatchWriteError(f"{shown(output)}: not written ({refused}); nothing was replaced")
    return BatchInputError(f"{shown(source)}: cannot be read: {message}")


def _noting_problem_rows(rows: list[pl.Series]) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def note(batch: pl.DataFrame) -> pl.DataFrame:
        numbers = batch.get_column(_ROW).filter(batch.get_column(_HAS_PROBLEM))
        if numbers.len():
            rows.append(numbers)
        return batch

    return note


def _counting(progress: Progress) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def count(batch: pl.DataFrame) -> pl.DataFrame:
        progress(batch.height)
        return batch

    return count


def _summarise(output: Path, rejects: Path, keys: Sequence[str]) -> BatchSummary:
    statuses = {
        key: score_column(key, "status") if key != TRIAGE else "triage_status"
        for key in SCORE_KEYS
        if key in keys
    }
    counted = [
        (pl.col(column).cast(pl.String) == status).sum().alias(f"{key}:{status}")
        for key, column in statuses.items()
        for status in ("incomplete", "not_applicable")
    ]
    counts: dict[str, int] = {"rows": 0, **{str(e.meta.output_name()): 0 for e in counted}}
    if output.stat().st_size:  # an NDJSON file with no rows is empty: nothing to scan
        counts = _scan(output).select(pl.len().alias("rows"), *counted).collect().row(0, named=True)
    problems = (0, 0)
    if rejects.stat().st_size:
        problems = _scan(rejects).select(pl.len(), pl.col("row").n_unique()).collect().row(0)
    scored = int(counts["rows"])
    return BatchSummary(
        rows_read=scored + int(problems[1]),
        rows_scored=scored,
        rows_rejected=int(problems[1]),
        problems=int(problems[0]),
        incomplete={k: int(counts[f"{k}:incomplete"]) for k in statuses},
        not_applicable={k: int(counts[f"{k}:not_applicable"]) for k in statuses},
    )

"""``spinepath batch INPUT -o OUTPUT``: score a cohort file (case-format §5).

Registered by ``cli.main`` with ``add_parser(subparsers)``; the parsed arguments carry
``run`` (as the other commands do).

Exit codes: 0 when at least one row was scored, 2 when the input cannot be read (or
names unknown columns) or the output may not be written where asked, 1 otherwise (nothing
scored, writing failed part-way, or an unexpected error).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from spinepath.batch import SCORE_KEYS, BatchInputError, BatchSummary, rejects_path, score_file
from spinepath.clinical.text import shorten

__all__ = ["add_parser", "run"]

_EPILOG = """\
INPUT and OUTPUT are .csv, .parquet or .ndjson. One row is one case with at most one
lesion: the case fields and the lesion fields as columns, unprefixed. In CSV an empty cell
is "not recorded"; symptoms are ";"-separated codes, and a quoted empty string ("") records
"no symptoms". Rows with a problem are not scored: each problem is written to
OUTPUT-STEM.rejects.EXT beside the output (row, column, value, reason, allowed).

The input is never written to: an OUTPUT (or rejects file) that is the input, by any name
or link, is refused. Both files are written to temporary files and replace any earlier
ones only when the run succeeds. An existing rejects file is replaced only when it is
empty or a spinepath rejects file, unless --force is given.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``batch`` command to an argparse ``add_subparsers()`` object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="score a cohort file (CSV, Parquet or NDJSON)",
        description="Score every case of a cohort file: every score and the triage.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", type=Path, metavar="INPUT", help="the cohort file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the scored file")
    parser.add_argument(
        "--scores",
        type=_score_list,
        default=SCORE_KEYS,
        metavar="KEY,…",
        help=f"only these (default: all): {','.join(SCORE_KEYS)}",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing rejects file even when it is not a spinepath rejects file",
    )
    parser.set_defaults(run=run)
    return parser


def _score_list(text: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in keys if k not in SCORE_KEYS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"unknown score(s): {', '.join(unknown) or '(none given)'}; "
            f"choose from {','.join(SCORE_KEYS)}"
        )
    return keys


def run(args: argparse.Namespace) -> int:
    err = Console(stderr=True)
    source: Path = args.input
    output: Path = args.output
    show_progress = not args.quiet and err.is_terminal
    try:
        if show_progress:
            with _ProgressBar(err, source) as (bar, task):
                summary = score_file(
                    source,
                    output,
                    args.scores,
                    progress=lambda n: bar.advance(task, n),
                    force=args.force,
                )
        else:
            summary = score_file(source, output, args.scores, force=args.force)
    except BatchInputError as exc:
        message = escape(str(exc))
        err.print(f"[red]spinepath batch:[/red] {message}", highlight=False, soft_wrap=True)
        return 2
    except Exception as exc:
        message = escape(shorten(str(exc), 300))
        err.print(f"[red]spinepath batch failed:[/red] {message}", highlight=False, soft_wrap=True)
        return 1
    if not args.quiet:
        _print_summary(err, summary, output)
    return 0 if summary.rows_scored else 1


class _ProgressBar:
    """A rich progress bar over the input's rows (total known for Parquet only)."""

    def __init__(self, console: Console, source: Path) -> None:
        total = _row_count(source)
        self.progress = Progress(
            TextColumn("scoring"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("rows", total=total)

    def __enter__(self) -> tuple[Progress, Any]:
        self.progress.start()
        return self.progress, self.task

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _row_count(source: Path) -> int | None:
    if source.suffix.lower() != ".parquet":
        return None
    try:
        return int(pl.scan_parquet(source).select(pl.len()).collect().item())
    except (pl.exceptions.PolarsError, OSError):
        return None


def _print_summary(console: Console, summary: BatchSummary, output: Path) -> None:
    console.print(
        f"{summary.rows_read:,} rows read, {summary.rows_scored:,} scored, "
        f"{summary.rows_rejected:,} rejected"
        + (
            f" ({summary.problems:,} problems listed in {rejects_path(output)})"
            if summary.rows_rejected
            else ""
        ),
        highlight=False,
        soft_wrap=True,
    )
    table = Table("score", "incomplete", "not applicable", box=None, pad_edge=False)
    for key, count in summary.incomplete.items():
        table.add_row(key, f"{count:,}", f"{summary.not_applicable.get(key, 0):,}")
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    """Run ``batch`` on its own (``python -m spinepath.cli.batch``)."""
    parser = argparse.ArgumentParser(prog="spinepath")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

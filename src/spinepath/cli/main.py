"""The ``spinepath`` command.

Exit codes (case-format §5): 0 success, 2 bad input (every problem on standard error,
nothing on standard output), 1 anything else.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from spinepath import __version__
from spinepath.cli.report import EXPLAINABLE, render_assessment, render_explanation
from spinepath.cli.sources import render_sources
from spinepath.clinical.assess import assess
from spinepath.clinical.case import CaseValidationError, case_json_schema, parse_case_json
from spinepath.clinical.text import shorten

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spinepath",
        description="Clinical decision support for spinal tumours and MSCC. "
        "Suggestions only: the MDT decides.",
    )
    parser.add_argument("--version", action="version", version=f"spinepath {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    assess_cmd = commands.add_parser("assess", help="assess one case (JSON file, or - for stdin)")
    assess_cmd.add_argument("case", help="path to a spinepath-case/1 JSON file, or - for stdin")
    assess_cmd.add_argument("--format", choices=("text", "json"), default="text")
    assess_cmd.set_defaults(run=_assess)

    explain_cmd = commands.add_parser("explain", help="show one score's table, bands and sources")
    explain_cmd.add_argument(
        "score", choices=EXPLAINABLE, metavar="SCORE", help=", ".join(EXPLAINABLE)
    )
    explain_cmd.set_defaults(run=_explain)

    schema_cmd = commands.add_parser("schema", help="print the JSON Schema of a case")
    schema_cmd.set_defaults(run=_schema)

    sources_cmd = commands.add_parser(
        "sources", help="print the clinical-sources document (docs/clinical-sources.md)"
    )
    sources_cmd.set_defaults(run=_sources)

    _register_batch(commands)
    return parser


def _register_batch(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    try:
        batch = importlib.import_module("spinepath.cli.batch")
    except ModuleNotFoundError:  # the batch scorer is optional until it lands
        return
    batch.add_parser(commands)


def _assess(args: argparse.Namespace) -> int:
    name = shorten(args.case)
    try:
        text = sys.stdin.read() if args.case == "-" else Path(args.case).read_text("utf-8")
    except OSError as exc:
        print(f"spinepath: cannot read {name}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnicodeDecodeError:
        print(f"spinepath: {name} is not UTF-8 text", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        case = parse_case_json(text)
    except CaseValidationError as exc:
        # One problem on one line; several as the error's list.
        problem = exc.errors[0] if len(exc.errors) == 1 else exc
        print(f"spinepath: {name}: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    data = assess(case).to_dict()
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_assessment(data))
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    sys.stdout.write(render_explanation(args.score))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _sources(args: argparse.Namespace) -> int:
    sys.stdout.write(render_sources())
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # e.g. `spinepath explain sins | head`
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())

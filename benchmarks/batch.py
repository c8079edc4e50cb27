"""Benchmark the batch scorer against assess() row by row.

    .venv/bin/python benchmarks/batch.py 1000000

Generates a synthetic cohort of N cases as Parquet in a temporary directory (a realistic
mix of primaries, levels and performance status; about 5 % of rows incomplete and 0.1 %
invalid), then measures in the same run:

- the batch scorer end to end, Parquet to Parquet, every score and the triage, in a child
  process so that its peak memory (RSS high-water mark) is its own;
- the naive baseline, ``assess(parse_case(row))`` per row in a Python loop, on a sample
  (20,000 rows by default), extrapolated to a rate.

Prints cases per second for both, the ratio, and the batch run's peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from spinepath.batch import score_file
from spinepath.clinical import vocab
from spinepath.clinical.assess import assess
from spinepath.clinical.case import CaseValidationError, Lesion, parse_case
from spinepath.clinical.catalogue import PRIMARY_SITES

LESION_FIELDS = tuple(Lesion.model_fields)

# Rough weights for a metastatic spine cohort (most common primaries first).
PRIMARY_WEIGHTS = {
    "breast": 18,
    "lung": 16,
    "prostate": 14,
    "kidney": 7,
    "myeloma": 6,
    "colon": 4,
    "rectum": 2,
    "lymphoma": 3,
    "thyroid": 2,
    "unknown": 5,
    "melanoma": 2,
    "lung_small_cell": 2,
    "other": 3,
}


def _pick(seed: int, choices: Mapping[str, int] | Sequence[str]) -> pl.Expr:
    """A column of ``choices`` drawn by weight from a per-row hash (reproducible)."""
    weights = choices if isinstance(choices, Mapping) else dict.fromkeys(choices, 1)
    pool = [code for code, weight in weights.items() for _ in range(weight)]
    index = (pl.col("i").hash(seed) % len(pool)).cast(pl.UInt32)
    return index.replace_strict(dict(enumerate(pool)), return_dtype=pl.String)


def _uniform(seed: int, n: int) -> pl.Expr:
    return (pl.col("i").hash(seed) % n).cast(pl.Int64)


def generate(n: int, path: Path) -> None:
    """Write a synthetic cohort of ``n`` cases to ``path`` (Parquet)."""
    assert set(PRIMARY_WEIGHTS) <= set(PRIMARY_SITES)
    symptom_codes = list(vocab.SYMPTOMS)
    pairs = [f"{a};{b}" for a in symptom_codes[:12:3] for b in symptom_codes[10:19:2]]
    symptoms = {**{p: 2 for p in pairs}, **{s: 3 for s in symptom_codes}, "": 6}
    frame = pl.DataFrame({"i": pl.int_range(n, dtype=pl.UInt64, eager=True)}).select(
        case_id=pl.format("case-{}", pl.col("i")),
        age=30 + _uniform(1, 60),
        cancer_history=_pick(2, {"known": 8, "suspected": 1, "none": 1}),
        primary_site=_pick(3, PRIMARY_WEIGHTS),
        kps=10 * (3 + _uniform(4, 8)),
        ecog=_uniform(5, 5),
        extraspinal_bone_metastases=_uniform(6, 5),
        vertebral_metastases=1 + _uniform(7, 4),
        visceral_metastases=_pick(8, {"none": 5, "removable": 2, "unremovable": 3}),
        pathological_fracture=_uniform(9, 4) == 0,
        frankel=_pick(10, {"A": 1, "B": 1, "C": 2, "D": 4, "E": 12}),
        ambulatory=_pick(11, {"independent": 6, "assisted": 3, "non_ambulatory": 1}),
        albumin_g_per_l=(25 + _uniform(12, 200) / 10).cast(pl.Float64),
        symptoms=_pick(13, symptoms),
        level=_pick(14, vocab.VERTEBRAL_LEVELS[1:25]),
        pain=_pick(15, {"mechanical": 4, "occasional": 3, "none": 1}),
        bone_lesion=_pick(16, {"lytic": 5, "mixed": 2, "blastic": 2}),
        alignment=_pick(17, {"normal": 8, "deformity": 1, "subluxation": 1}),
        collapse=_pick(18, {"none": 4, "body_involved": 2, "under_50": 3, "over_50": 1}),
        posterolateral=_pick(19, {"none": 5, "unilateral": 3, "bilateral": 2}),
        bilsky=_pick(20, {"0": 2, "1a": 2, "1b": 2, "1c": 1, "2": 2, "3": 1}),
    )
    draw = _uniform(21, 1000)
    incomplete = draw < 50  # 5 %: a few answers not recorded
    invalid = draw == 999  # 0.1 %: an impossible KPS or an unknown code
    frame = frame.with_columns(i=pl.int_range(n, dtype=pl.UInt64)).with_columns(
        kps=pl.when(invalid).then(65).when(incomplete).then(None).otherwise(pl.col("kps")),
        frankel=pl.when(incomplete).then(None).otherwise(pl.col("frankel")),
        pain=pl.when(incomplete).then(None).otherwise(pl.col("pain")),
        primary_site=pl.when(invalid & (_uniform(22, 2) == 0))
        .then(pl.lit("spleen"))
        .otherwise(pl.col("primary_site")),
    )
    frame.drop("i").write_parquet(path)


def case_from_row(row: Mapping[str, object]) -> dict[str, object]:
    """A flat batch row as a case (case-format §1): the lesion columns nested, symptoms split."""
    case = {k: v for k, v in row.items() if k not in LESION_FIELDS and v is not None}
    lesion = {k: row[k] for k in LESION_FIELDS if row.get(k) is not None}
    if lesion:
        case["lesions"] = [lesion]
    if isinstance(case.get("symptoms"), str):
        text = str(case["symptoms"])
        case["symptoms"] = text.split(";") if text else []
    return case


def baseline(path: Path, sample: int) -> tuple[int, float]:
    """assess(parse_case(row)) per row over the first ``sample`` rows: (rows, seconds)."""
    rows = pl.read_parquet(path, n_rows=sample).to_dicts()
    started = time.perf_counter()
    for row in rows:
        with contextlib.suppress(CaseValidationError):  # invalid rows cost a parse too
            assess(parse_case(case_from_row(row)))
    return len(rows), time.perf_counter() - started


def _peak_rss_kib() -> int:
    """This process's RSS high-water mark (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that across exec, so a child would report the parent's peak (the generated cohort)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _child(source: Path, output: Path) -> None:
    """Run the batch scorer once and print its time and peak RSS as JSON."""
    started = time.perf_counter()
    summary = score_file(source, output)
    elapsed = time.perf_counter() - started
    peak_kib = _peak_rss_kib()
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_rss_mib": peak_kib / 1024,
                "rows_read": summary.rows_read,
                "rows_scored": summary.rows_scored,
                "rows_rejected": summary.rows_rejected,
            }
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic cases")
    parser.add_argument("--sample", type=int, default=20_000, help="rows for the baseline")
    parser.add_argument("--child", nargs=2, metavar=("INPUT", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]))
        return 0

    with tempfile.TemporaryDirectory(prefix="spinepath-bench-") as tmp:
        source, output = Path(tmp) / "cohort.parquet", Path(tmp) / "scored.parquet"
        started = time.perf_counter()
        generate(args.n, source)
        size = source.stat().st_size / 2**20
        print(
            f"generated {args.n:,} cases ({size:,.0f} MiB) in {time.perf_counter() - started:.1f} s"
        )

        run = subprocess.run(
            [sys.executable, __file__, str(args.n), "--child", str(source), str(output)],
            check=True,
            capture_output=True,
            text=True,
        )
        batch = json.loads(run.stdout.strip().splitlines()[-1])
        rows, seconds = baseline(source, min(args.sample, args.n))

    batch_rate = args.n / batch["seconds"]
    naive_rate = rows / seconds
    print(
        f"batch    {batch_rate:>14,.0f} cases/s  ({args.n:,} cases in {batch['seconds']:.2f} s; "
        f"{batch['rows_scored']:,} scored, {batch['rows_rejected']:,} rejected)"
    )
    print(f"baseline {naive_rate:>14,.0f} cases/s  ({rows:,} cases in {seconds:.2f} s)")
    print(f"ratio    {batch_rate / naive_rate:>14,.0f} ×")
    print(f"peak RSS {batch['peak_rss_mib']:>14,.0f} MiB (batch run, end to end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`spinepath batch` on real files: formats, rejects, exit codes, --scores, incomplete rows."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import polars as pl
import pytest

from spinepath.batch import SCORE_KEYS, rejects_path, score_file
from spinepath.cli import batch as batch_cli
from spinepath.clinical.assess import assess
from spinepath.clinical.case import parse_case

HEADER = (
    "case_id,cancer_history,primary_site,kps,extraspinal_bone_metastases,vertebral_metastases,"
    "visceral_metastases,frankel,ambulatory,albumin_g_per_l,symptoms,level,pain,bone_lesion,"
    "alignment,collapse,posterolateral,bilsky"
)
COMPLETE = (
    "p1,known,breast,70,0,1,none,E,independent,40,limb_weakness;fatigue,"
    "L1,mechanical,lytic,normal,none,none,2"
)
INCOMPLETE = "p2,known,prostate,,,2,none,D,assisted,,,T5,,blastic,normal,under_50,unilateral,"
INVALID = "p3,maybe,spleen,65,0,1,none,E,independent,40,fatigue,L1,none,lytic,normal,none,none,1d"


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8")
    return path


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    batch_cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["batch", *argv])
    return int(args.run(args))


def read(path: Path) -> pl.DataFrame:
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema=False)
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    return pl.read_ndjson(path)


def scalar(line: str) -> dict[str, object]:
    """assess() of one CSV line of the fixture, for the expected values."""
    row = dict(zip(HEADER.split(","), line.split(","), strict=True))
    lesion_fields = (
        "level",
        "pain",
        "bone_lesion",
        "alignment",
        "collapse",
        "posterolateral",
        "bilsky",
    )
    case: dict[str, object] = {}
    lesion: dict[str, object] = {}
    for name, text in row.items():
        if text == "":
            continue
        value: object = text
        if name in ("kps", "extraspinal_bone_metastases", "vertebral_metastases"):
            value = int(text)
        elif name == "albumin_g_per_l":
            value = float(text)
        elif name == "symptoms":
            value = text.split(";")
        (lesion if name in lesion_fields else case)[name] = value
    case["lesions"] = [lesion]
    return assess(parse_case(case)).to_dict()


@pytest.mark.parametrize("out_ext", [".csv", ".parquet", ".ndjson"])
def test_it_scores_a_csv_into_each_format(tmp_path: Path, out_ext: str) -> None:
    source = write_csv(tmp_path / "cohort.csv", COMPLETE, INCOMPLETE)
    output = tmp_path / f"scored{out_ext}"
    assert run(str(source), "-o", str(output), "--quiet") == 0
    scored = read(output)
    assert scored["case_id"].to_list() == ["p1", "p2"]
    expected = scalar(COMPLETE)["scores"]["sins"]  # type: ignore[index]
    assert str(scored["sins_total"][0]) == str(expected["total"])
    assert scored["sins_band"][0] == expected["band"]["code"]
    assert scored["triage_category"][0] == scalar(COMPLETE)["triage"]["category"]  # type: ignore[index]


@pytest.mark.parametrize("ext", [".parquet", ".ndjson"])
def test_it_round_trips_typed_files_with_list_or_text_symptoms(tmp_path: Path, ext: str) -> None:
    source = write_csv(tmp_path / "cohort.csv", COMPLETE, INCOMPLETE)
    first = tmp_path / f"first{ext}"
    assert score_file(source, first).rows_scored == 2
    inputs = (
        read(first)
        .select(pl.col(HEADER.split(",")).cast(pl.String))
        .with_columns(
            pl.col("kps", "extraspinal_bone_metastases", "vertebral_metastases").cast(pl.Int64),
            pl.col("albumin_g_per_l").cast(pl.Float64),
        )
    )
    as_list = inputs.with_columns(pl.col("symptoms").str.split(";"))
    reference = tmp_path / "reference.csv"
    score_file(source, reference)
    for variant, frame in (("text", inputs), ("list", as_list)):
        typed = tmp_path / f"typed-{variant}{ext}"
        if ext == ".parquet":
            frame.write_parquet(typed)
        else:
            frame.write_ndjson(typed)
        again = tmp_path / f"again-{variant}.csv"
        assert score_file(typed, again).rows_scored == 2
        outputs = [c for c in read(reference).columns if c not in inputs.columns]
        assert read(again).select(outputs).equals(read(reference).select(outputs))


def test_it_writes_each_problem_of_a_rejected_row_to_the_rejects_file(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "cohort.csv", COMPLETE, INVALID, INCOMPLETE)
    output = tmp_path / "scored.csv"
    assert run(str(source), "-o", str(output), "--quiet") == 0
    assert read(output)["case_id"].to_list() == ["p1", "p2"]
    rejects = read(rejects_path(output))
    assert rejects_path(output) == tmp_path / "scored.rejects.csv"
    assert rejects.columns == ["row", "column", "value", "reason", "allowed"]
    problems = {(r["row"], r["column"], r["value"]) for r in rejects.to_dicts()}
    assert problems == {
        ("2", "cancer_history", "maybe"),
        ("2", "primary_site", "spleen"),
        ("2", "kps", "65"),
        ("2", "bilsky", "1d"),
    }
    assert all(rejects["reason"].str.len_chars() > 0)


def test_it_keeps_incomplete_rows_with_their_range_and_no_total(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "cohort.csv", INCOMPLETE)
    output = tmp_path / "scored.parquet"
    score_file(source, output)
    row = read(output).row(0, named=True)
    expected = scalar(INCOMPLETE)["scores"]
    for key in ("sins", "tokuhashi_revised", "nesms"):
        assert row[f"{key}_status"] == "incomplete"
        assert row[f"{key}_total"] is None
        assert (row[f"{key}_min"], row[f"{key}_max"]) == (
            expected[key]["min"],  # type: ignore[index]
            expected[key]["max"],  # type: ignore[index]
        )
        assert row[f"{key}_min"] < row[f"{key}_max"]


def test_it_scores_only_the_scores_asked_for(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "cohort.csv", COMPLETE)
    output = tmp_path / "scored.csv"
    assert run(str(source), "-o", str(output), "--scores", "nesms,sins", "--quiet") == 0
    added = [c for c in read(output).columns if c not in HEADER.split(",")]
    assert added == [
        f"{k}_{p}" for k in ("sins", "nesms") for p in ("status", "total", "band", "min", "max")
    ]


def test_it_rejects_an_unknown_score_name() -> None:
    with pytest.raises(SystemExit):
        run("in.csv", "-o", "out.csv", "--scores", "sins,karnofsky")


def test_it_fails_with_2_naming_unknown_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cohort.csv"
    source.write_text("case_id,kps,shoe_size\np1,70,9\n", encoding="utf-8")
    assert run(str(source), "-o", str(tmp_path / "out.csv")) == 2
    assert "shoe_size" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_it_fails_with_2_when_the_input_cannot_be_read(tmp_path: Path) -> None:
    garbage = tmp_path / "cohort.parquet"
    garbage.write_bytes(b"not parquet at all")
    assert run(str(garbage), "-o", str(tmp_path / "out.csv")) == 2
    assert run(str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out.csv")) == 2
    assert run(str(garbage), "-o", str(tmp_path / "out.xlsx")) == 2


def test_it_exits_1_when_no_row_could_be_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "cohort.csv", INVALID)
    assert run(str(source), "-o", str(tmp_path / "out.csv")) == 1
    err = capsys.readouterr().err
    assert "1 rows read, 0 scored, 1 rejected" in err


def test_it_prints_a_summary_with_incomplete_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "cohort.csv", COMPLETE, INCOMPLETE, INVALID)
    assert run(str(source), "-o", str(tmp_path / "out.ndjson")) == 0
    err = capsys.readouterr().err
    assert "3 rows read, 2 scored, 1 rejected" in err
    summary = score_file(source, tmp_path / "again.ndjson")
    assert summary.incomplete["sins"] == 1
    assert summary.incomplete["tokuhashi_revised"] == 1
    assert set(summary.incomplete) == set(SCORE_KEYS)


def test_it_reports_progress_as_rows_are_read(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "cohort.csv", *([COMPLETE] * 50))
    seen: list[int] = []
    score_file(source, tmp_path / "out.csv", progress=seen.append)
    assert sum(seen) == 50


def test_a_quoted_empty_symptoms_cell_means_none_and_an_empty_one_unknown(tmp_path: Path) -> None:
    source = tmp_path / "cohort.csv"
    source.write_text(
        'case_id,cancer_history,symptoms\nnone,known,""\nunknown,known,\n', encoding="utf-8"
    )
    output = tmp_path / "out.ndjson"
    score_file(source, output)
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert [r["triage_category"] for r in rows] == ["routine", None]
    assert [r["triage_status"] for r in rows] == ["complete", "incomplete"]


def test_parquet_output_keeps_coded_cells_as_written(tmp_path: Path) -> None:
    # Coded columns are written as an Enum of their codes (and ""): the same values.
    source = tmp_path / "cohort.parquet"
    cells = ["known", "", None, "suspected"]
    pl.DataFrame({"case_id": ["a", "b", "c", "d"], "cancer_history": cells}).write_parquet(source)
    output = tmp_path / "scored.parquet"
    assert score_file(source, output).rows_scored == 4
    written = read(output)["cancer_history"]
    assert isinstance(written.dtype, pl.Enum)
    assert written.cast(pl.String).to_list() == cells

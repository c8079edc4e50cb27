"""The `spinepath` command, run as a user runs it: a real process, real files, real stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from spinepath.clinical.assess import assess
from spinepath.clinical.case import parse_case
from spinepath.clinical.scores import SCORE_KEYS

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed-case.json"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spinepath.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_prints_the_exact_assessment_json() -> None:
    result = run("assess", str(SEED), "--format", "json")

    assert result.returncode == 0, result.stderr
    expected = assess(parse_case(json.loads(SEED.read_text()))).to_dict()
    assert json.loads(result.stdout) == expected
    assert result.stderr == ""


def test_it_reads_the_case_from_stdin() -> None:
    result = run("assess", "-", "--format", "json", stdin=SEED.read_text())

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["case_id"] == "seed-clinic-001"


def test_it_puts_triage_first_then_scores_then_plan_in_the_text_report() -> None:
    result = run("assess", str(SEED))

    assert result.returncode == 0, result.stderr
    text = result.stdout
    positions = [text.index(h) for h in ("TRIAGE", "SCORES", "PROPOSED PLAN", "WARNINGS")]
    assert positions == sorted(positions)
    # The seed case walks with help: a recorded neurological sign with known cancer is an
    # emergency whatever the symptoms say (spec §15.1), and the report names the sign.
    assert "EMERGENCY" in text
    assert "URGENT" not in text
    assert "Recorded signs: walks with help or aids" in text
    assert "Rules fired: RF-MSCC-03, RF-SMET-01" in text
    assert "long-standing" in text
    assert "10 at L2 → Potentially unstable (7–12)" in text
    # SINS 10 with the surgeon's judgement recorded (unstable): one NOMS cell, no branches.
    assert "NOMS (NOMS-04): stabilisation → srs" in text
    assert "if the spinal surgeon judges" not in text
    # Every statement is printed with its code in brackets (spec §15.9).
    assert "[CV-NOMS-01]" in text
    assert "[WN-SIGN-OFF-01]" in text


def test_it_shows_the_noms_branches_when_the_surgeon_has_not_judged(tmp_path: Path) -> None:
    seed = json.loads(SEED.read_text())
    del seed["instability_judgement"]
    case = tmp_path / "case.json"
    case.write_text(json.dumps(seed))

    result = run("assess", str(case))

    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "NOMS (NOMS-04)" not in text
    assert "if the spinal surgeon judges the spine stable" in text
    assert "if the spinal surgeon judges the spine unstable" in text
    assert "NOMS-03" in text
    assert "NOMS-04" in text
    assert "[CV-SINS-INDETERMINATE-01]" in text


def test_it_reports_every_problem_of_a_bad_case_on_stderr_and_exits_2(tmp_path: Path) -> None:
    case = tmp_path / "bad.json"
    case.write_text(json.dumps({"kps": 65, "colour": "red", "lesions": [{"level": "Co1"}]}))

    result = run("assess", str(case))

    assert result.returncode == 2
    assert result.stdout == ""
    assert "3 problems" in result.stderr
    assert "kps" in result.stderr
    assert "65" in result.stderr
    assert "colour: unknown field" in result.stderr
    assert "lesions[0].level" in result.stderr
    assert "'Co1'" in result.stderr
    assert "S5" in result.stderr  # the allowed values are named


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "must be an object"), ("", "not valid JSON")],
)
def test_it_rejects_unreadable_input_with_exit_2(
    tmp_path: Path, content: str, message: str
) -> None:
    case = tmp_path / "case.json"
    case.write_text(content)

    result = run("assess", str(case))

    assert (result.returncode, result.stdout) == (2, "")
    assert message in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"kps": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 32 levels deep"),
        ('{"kps": ' + "9" * 5000 + "}", "a number of more than 4300 digits"),
    ],
    ids=["nested-100000-levels", "5000-digit-integer"],
)
def test_it_exits_2_with_one_line_for_json_python_cannot_decode(
    tmp_path: Path, content: str, message: str
) -> None:
    case = tmp_path / "case.json"
    case.write_text(content)

    result = run("assess", str(case))

    assert (result.returncode, result.stdout) == (2, "")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_it_shortens_a_huge_value_it_echoes() -> None:
    result = run("assess", "-", stdin='{"case_id": "' + "x" * 5000 + '"}')

    assert result.returncode == 2
    assert f"'{'x' * 79}… (5,002 characters)" in result.stderr
    assert len(result.stderr) < 300


def test_it_exits_2_for_a_missing_file() -> None:
    result = run("assess", "/nonexistent/case.json")

    assert (result.returncode, result.stdout) == (2, "")
    assert "cannot read" in result.stderr


def test_it_exits_2_for_an_unknown_command_or_score() -> None:
    assert run("frobnicate").returncode == 2
    result = run("explain", "osri")
    assert result.returncode == 2
    assert result.stdout == ""


@pytest.mark.parametrize("score", SCORE_KEYS)
def test_it_explains_every_score(score: str) -> None:
    result = run("explain", score)

    assert result.returncode == 0, result.stderr
    assert "Source:" in result.stdout
    assert "Caveats:" in result.stdout


def test_it_explains_sins_with_its_points_bands_and_source() -> None:
    text = run("explain", "sins").stdout

    assert "Fisher et al., Spine 2010" in text
    assert " 3  Junctional" in text
    assert "13–18 unstable" in text


def test_it_lists_unplaced_sites_when_explaining_tomita() -> None:
    text = run("explain", "tomita").stdout

    assert "Not placed (the item stays open" in text
    assert "melanoma" in text


def test_it_prints_a_json_schema_listing_every_case_field() -> None:
    result = run("schema")

    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    for field in ("kps", "ecog", "primary_site", "symptoms", "lesions", "albumin_g_per_l"):
        assert field in schema["properties"]
    lesion = schema["$defs"]["Lesion"]["properties"]
    assert "C0" in lesion["level"]["anyOf"][0]["enum"]
    assert "Co1" not in lesion["level"]["anyOf"][0]["enum"]


def test_it_keeps_docs_clinical_sources_in_step_with_the_code() -> None:
    result = run("sources")

    assert result.returncode == 0, result.stderr
    committed = (ROOT / "docs" / "clinical-sources.md").read_text("utf-8")
    assert result.stdout == committed, "run: spinepath sources > docs/clinical-sources.md"


def test_it_shows_the_seed_case_in_the_readme_exactly_as_the_command_prints_it() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### The seed clinic's case", 1)[1]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]

    printed = run("assess", str(SEED)).stdout

    assert shown == printed, "refresh the README's seed-case block from `spinepath assess`"

"""`spinepath batch` never writes to its input, and replaces its outputs only on success.

Issue 8: `-o` naming the input (by any path or link), or an output whose rejects file is
the input, used to delete or overwrite the input. Every run here is a real run on real
files; the full disk is a real one (a tiny tmpfs, or a file-size limit).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings

from spinepath.batch import BatchInputError, rejects_path, score_file
from spinepath.batch.files import REJECT_COLUMNS, plan_outputs, staged
from spinepath.cli import batch as batch_cli
from tests.strategies import batch_run_layouts

ROWS = "case_id,kps,primary_site\np1,70,breast\np2,40,lung\n"
INVALID = "p3,65,spleen\n"
PARTIAL = ".spinepath-partial"


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    batch_cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["batch", "--quiet", *argv])
    return int(args.run(args))


def write_input(path: Path, *, invalid: bool = False) -> Path:
    text = ROWS + (INVALID if invalid else "")
    if path.suffix == ".parquet":
        pl.read_csv(text.encode(), infer_schema=False).write_parquet(path)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_rejects(path: Path) -> None:
    """A rejects file as an earlier run would have written it."""
    frame = pl.DataFrame([[3], ["kps"], ["65"], ["not allowed"], ["0-100"]], schema=REJECT_COLUMNS)
    {".csv": frame.write_csv, ".parquet": frame.write_parquet, ".ndjson": frame.write_ndjson}[
        path.suffix.lower()
    ](path)


def snapshot(root: Path) -> dict[str, tuple[str, object]]:
    """Every entry under ``root`` (links not followed): its kind and content."""
    found: dict[str, tuple[str, object]] = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(directory) / name
            mode = path.lstat().st_mode
            key = str(path.relative_to(root))
            if stat.S_ISLNK(mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                found[key] = ("file", path.read_bytes())
            else:
                found[key] = ("dir" if stat.S_ISDIR(mode) else "other", None)
    return found


# --- Refusals: the output or its rejects file would be the input ---------------------------


@pytest.mark.parametrize("ext", ["csv", "parquet"])
@pytest.mark.parametrize(
    ("output", "prepare"),
    [
        ("cohort.{ext}", None),
        ("o/../cohort.{ext}", "dir o"),
        ("link.{ext}", "symlink"),
        ("hard.{ext}", "hardlink"),
    ],
    ids=["same-path", "dot-dot", "symlink", "hard-link"],
)
def test_it_refuses_an_output_that_is_the_input_and_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ext: str, output: str, prepare: str | None
) -> None:
    source = write_input(tmp_path / f"cohort.{ext}", invalid=True)
    if prepare == "dir o":
        (tmp_path / "o").mkdir()
    elif prepare == "symlink":
        (tmp_path / f"link.{ext}").symlink_to(source.name)
    elif prepare == "hardlink":
        os.link(source, tmp_path / f"hard.{ext}")
    before = snapshot(tmp_path)

    assert run(str(source), "-o", str(tmp_path / output.format(ext=ext))) == 2

    assert "would be the input" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("ext", ["csv", "parquet"])
@pytest.mark.parametrize("invalid", [False, True], ids=["nothing-rejected", "one-rejected"])
def test_it_refuses_an_output_whose_rejects_file_is_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ext: str, invalid: bool
) -> None:
    source = write_input(tmp_path / f"cohort.rejects.{ext}", invalid=invalid)
    before = snapshot(tmp_path)

    assert run(str(source), "-o", str(tmp_path / f"cohort.{ext}")) == 2

    assert "the rejects file of" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_it_refuses_a_missing_output_directory_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_input(tmp_path / "cohort.csv")

    assert run(str(source), "-o", str(tmp_path / "missing" / "out.csv")) == 2

    assert f"{tmp_path / 'missing'}: no such directory" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.csv"]


def test_it_refuses_an_output_through_a_directory_that_does_not_exist(tmp_path: Path) -> None:
    # The system cannot open o/../out.csv without o, so neither does spinepath.
    source = write_input(tmp_path / "cohort.csv")

    assert run(str(source), "-o", str(tmp_path / "o" / ".." / "out.csv")) == 2
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_it_refuses_an_output_that_is_not_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    source = write_input(tmp_path / "cohort.csv")
    target = tmp_path / "out.csv"
    target.mkdir() if kind == "directory" else os.mkfifo(target)

    assert run(str(source), "-o", str(target)) == 2

    assert "not a regular file" in capsys.readouterr().err


def test_it_refuses_an_output_linked_to_its_own_rejects_file(tmp_path: Path) -> None:
    source = write_input(tmp_path / "cohort.csv")
    (tmp_path / "out.rejects.csv").write_text("row,column,value,reason,allowed\n")
    (tmp_path / "out.csv").symlink_to("out.rejects.csv")

    with pytest.raises(BatchInputError, match="are the same file"):
        score_file(source, tmp_path / "out.csv")


# --- Existing files: the named output is replaced, a foreign rejects file is not -----------


def test_it_replaces_an_existing_output_and_rejects_file_of_an_earlier_run(
    tmp_path: Path,
) -> None:
    source = write_input(tmp_path / "cohort.csv", invalid=True)
    output = tmp_path / "scored.csv"
    assert run(str(source), "-o", str(output)) == 0
    output.write_text("case_id\nstale\n")

    assert run(str(source), "-o", str(output)) == 0  # run again: its own rejects are replaced

    assert pl.read_csv(output)["case_id"].to_list() == ["p1", "p2"]
    assert pl.read_csv(rejects_path(output))["row"].to_list() == [3, 3]


@pytest.mark.parametrize("ext", ["csv", "parquet", "ndjson"])
def test_it_refuses_to_replace_a_rejects_file_spinepath_did_not_write_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ext: str
) -> None:
    source = write_input(tmp_path / "cohort.csv")
    output = tmp_path / f"notes.{ext}"
    foreign = rejects_path(output)
    foreign.write_bytes(b"my own notes, not a rejects file\n")

    assert run(str(source), "-o", str(output)) == 2
    assert "give --force" in capsys.readouterr().err
    assert foreign.read_bytes() == b"my own notes, not a rejects file\n"
    assert not output.exists()

    assert run(str(source), "-o", str(output), "--force") == 0
    assert b"my own notes" not in foreign.read_bytes()
    plan_outputs(source, output)  # a spinepath rejects file now: replaced without --force


@pytest.mark.parametrize("ext", ["csv", "parquet", "ndjson"])
def test_it_recognises_the_rejects_files_it_writes(tmp_path: Path, ext: str) -> None:
    source = write_input(tmp_path / "cohort.csv", invalid=True)
    output = tmp_path / f"scored.{ext}"
    score_file(source, output)

    plan = plan_outputs(source, output)  # no error: its own rejects file may be replaced

    assert plan.rejects_target == rejects_path(output).resolve()
    assert REJECT_COLUMNS == ("row", "column", "value", "reason", "allowed")


def test_it_keeps_the_permissions_of_a_replaced_output(tmp_path: Path) -> None:
    source = write_input(tmp_path / "cohort.csv")
    output = tmp_path / "scored.csv"
    output.write_text("old\n")
    output.chmod(0o600)  # a private cohort stays private

    assert run(str(source), "-o", str(output)) == 0

    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert stat.S_IMODE(rejects_path(output).stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --- Failures part-way: nothing replaced, nothing left behind ------------------------------


def test_it_leaves_an_earlier_output_alone_when_the_input_fails_part_way(tmp_path: Path) -> None:
    source = tmp_path / "ragged.csv"
    source.write_text("case_id,kps\np1,70\np2,70,extra\n")  # the schema reads; row 2 does not
    output = tmp_path / "scored.csv"
    output.write_text("earlier\n")
    before = snapshot(tmp_path)

    assert run(str(source), "-o", str(output)) == 2

    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("column", "message"),
    [
        (pl.Series("kps", [[70]]), "kps (List(Int64)"),
        (pl.Series("symptoms", [{"a": 1}]), "symptoms (Struct"),
        (pl.Series("age", [[[1]]]), "age (List(List(Int64))"),
    ],
)
def test_it_refuses_a_parquet_input_with_a_column_of_the_wrong_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: pl.Series, message: str
) -> None:
    source = tmp_path / "cohort.parquet"
    pl.DataFrame([pl.Series("case_id", ["a"]), column]).write_parquet(source)
    output = tmp_path / "scored.parquet"
    output.write_bytes(b"earlier")

    assert run(str(source), "-o", str(output)) == 2

    err = capsys.readouterr().err
    assert f"{source}: column(s) of the wrong type: {message}" in err
    assert output.read_bytes() == b"earlier"


def test_it_removes_only_its_temporary_files_when_interrupted(tmp_path: Path) -> None:
    source = write_input(tmp_path / "cohort.csv")
    output = tmp_path / "scored.csv"
    output.write_text("earlier\n")
    before = snapshot(tmp_path)

    def interrupted() -> None:
        with staged(plan_outputs(source, output)) as (scored, rejects):
            scored.write_text("half a file")
            rejects.write_text("half a file")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()

    assert snapshot(tmp_path) == before


def _big_input(path: Path) -> Path:
    path.write_text("case_id,kps\n" + "".join(f"p{i},70\n" for i in range(20_000)) + "bad,65\n")
    return path


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Any:
    """A real 16 KiB filesystem (tmpfs), when this process may mount one (root)."""
    disk = tmp_path / "tiny"
    disk.mkdir()
    mount = shutil.which("mount")
    mounted = mount and subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if not mounted or mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the file-size-limit test covers it")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.parametrize("ext", ["csv", "parquet", "ndjson"])
def test_a_full_disk_leaves_the_earlier_output_whole_and_no_partial_file(
    tmp_path: Path, tiny_disk: Path, capsys: pytest.CaptureFixture[str], ext: str
) -> None:
    source = _big_input(tmp_path / "cohort.csv")
    output = tiny_disk / f"scored.{ext}"
    output.write_text("earlier\n")
    before = snapshot(tiny_disk)

    assert run(str(source), "-o", str(output)) == 1

    assert "No space left on device" in capsys.readouterr().err
    assert snapshot(tiny_disk) == before


def test_a_full_disk_leaves_no_output_when_there_was_none(tmp_path: Path, tiny_disk: Path) -> None:
    source = _big_input(tmp_path / "cohort.csv")

    assert run(str(source), "-o", str(tiny_disk / "scored.csv")) == 1

    assert list(tiny_disk.iterdir()) == []


def _limit_file_size() -> None:  # pragma: no cover - runs in the child process
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, resource.RLIM_INFINITY))


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE semantics are Linux's")
@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_a_write_the_system_refuses_part_way_replaces_nothing(tmp_path: Path, ext: str) -> None:
    # The kernel stops the process's writes at 16 KiB (EFBIG), as a full disk would.
    source = _big_input(tmp_path / "cohort.csv")
    output = tmp_path / f"scored.{ext}"
    output.write_text("earlier\n")
    before = snapshot(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "spinepath.cli.main", "batch", str(source), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_limit_file_size,  # the child runs no threads before exec
    )

    assert result.returncode == 1, result.stderr
    assert "File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


# --- The property: whatever the arguments, the input and the bystanders are untouched ------


def _build(root: Path, layout: dict[str, Any]) -> tuple[Path, Path]:
    """Make ``layout``'s files under ``root``: (input, output as named)."""
    ext, out_ext = layout["input_format"], layout["output_ext"]
    source = write_input(root / f"{layout['input_stem']}.{ext}", invalid=layout["invalid_row"])
    (root / "notes.txt").write_text("a bystander\n")
    named = {
        "fresh": f"out.{out_ext}",
        "existing": f"prev.{out_ext}",
        "same": source.name,
        "dotdot": f"o/../{source.name}",
        "dotdot_missing": f"o/../{source.name}",
        "symlink": f"link.{ext}",
        "hardlink": f"hard.{ext}",
        "rejects_is_input": f"cohort.{ext}",
        "missing_dir": f"missing/out.{out_ext}",
        "directory": f"d.{out_ext}",
        "fifo": f"f.{out_ext}",
        "link_to_own_rejects": f"out.{out_ext}",
        "dangling_link": f"dangling.{out_ext}",
        "other_case": source.name.upper(),
    }[layout["output"]]
    output = root / named
    match layout["output"]:
        case "existing":
            output.write_text("an earlier output\n")
        case "dotdot":
            (root / "o").mkdir()
        case "symlink":
            output.symlink_to(source.name)
        case "hardlink":
            os.link(source, output)
        case "directory":
            output.mkdir()
        case "fifo":
            os.mkfifo(output)
        case "link_to_own_rejects":
            output.symlink_to(rejects_path(output).name)
        case "dangling_link":
            output.symlink_to(f"missing/x.{out_ext}")
    rejects = rejects_path(output)
    if rejects.parent.is_dir() and not os.path.lexists(rejects):
        match layout["rejects"]:
            case "empty":
                rejects.write_bytes(b"")
            case "foreign":
                rejects.write_text("somebody's notes\n")
            case "spinepath":
                write_rejects(rejects)
    return source, output


@settings(max_examples=120, deadline=None)
@given(batch_run_layouts())
def test_no_arguments_change_the_input_or_any_file_but_the_runs_outputs(
    layout: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source, output = _build(root, layout)
        input_bytes = source.read_bytes()
        before = snapshot(root)
        outputs = {
            os.path.relpath(os.path.realpath(p), root) for p in (output, rejects_path(output))
        }

        code = run(str(source), "-o", str(output), *(["--force"] if layout["force"] else []))

        after = snapshot(root)
        assert source.read_bytes() == input_bytes
        assert not [name for name in after if PARTIAL in name]
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        assert changed <= outputs - {os.path.relpath(source, root)}
        if code == 2:
            assert after == before
        if layout["output"] in ("same", "dotdot", "symlink", "hardlink", "rejects_is_input"):
            assert code == 2


def test_it_writes_an_output_whose_name_is_as_long_as_the_system_allows(tmp_path: Path) -> None:
    source = write_input(tmp_path / "cohort.csv")
    output = tmp_path / ("s" * (255 - len(".rejects.csv")) + ".csv")

    assert run(str(source), "-o", str(output)) == 0

    assert pl.read_csv(output)["case_id"].to_list() == ["p1", "p2"]

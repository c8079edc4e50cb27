"""The files of a batch run: their formats, where the rejects go, and writing them safely.

A run reads one input and writes two files: the output the user named and its rejects file
beside it (``<output stem>.rejects.<output extension>``). Before a row is read,
``plan_outputs`` checks where they go:

- each is resolved (symbolic links followed, ``..`` collapsed) and compared with the input
  by file identity (device and inode), so a symbolic link, a hard link or a
  case-insensitive alias of the input *is* the input: neither file may be the input, nor
  may the two be one file;
- the output's directory must exist, and an existing file in the way must be a regular file;
- an existing output may be replaced: the user named it. An existing rejects file may be
  replaced only when it is empty or a spinepath rejects file (its columns are exactly
  ``REJECT_COLUMNS``), so re-running a command replaces its own rejects; any other file there
  is refused unless ``force`` is given.

``staged`` then writes each file to a new temporary file in its target's directory and
renames both over their targets only when the whole run succeeded (after flushing them to
disk). On any failure it removes the temporary files, and only them: the earlier files stay
as they were, and a full disk leaves no truncated output.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import polars as pl

from spinepath.clinical.text import shorten

__all__ = [
    "FORMATS",
    "REJECT_COLUMNS",
    "BatchInputError",
    "BatchWriteError",
    "Format",
    "Outputs",
    "file_format",
    "plan_outputs",
    "rejects_path",
    "shown",
    "staged",
    "write_problem",
]

Format = Literal["csv", "parquet", "ndjson"]
FORMATS: Final[Mapping[str, Format]] = {".csv": "csv", ".parquet": "parquet", ".ndjson": "ndjson"}
REJECT_COLUMNS: Final = ("row", "column", "value", "reason", "allowed")
_TEMPORARY: Final = ".spinepath-partial"


class BatchInputError(Exception):
    """The run cannot start or cannot go on because of what it was given: an unreadable or
    unknown input, or an output that is the input, in a missing directory, or in the way."""


class BatchWriteError(Exception):
    """Reading or writing failed part-way (e.g. the disk is full). Nothing was replaced."""


def shown(path: Path) -> str:
    """A path as a message shows it (shortened when huge)."""
    return shorten(str(path), 200)


def file_format(path: Path) -> Format:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        allowed = ", ".join(FORMATS)
        raise BatchInputError(f"{shown(path)}: unknown file type (use {allowed})") from None


def rejects_path(output: Path) -> Path:
    """Where the rejected rows of a run writing ``output`` go."""
    return output.with_name(f"{output.stem}.rejects{output.suffix}")


@dataclass(frozen=True)
class Outputs:
    """Where a run writes: the files as named, and the real paths that are replaced."""

    output: Path
    rejects: Path
    output_target: Path
    rejects_target: Path


def plan_outputs(source: Path, output: Path, *, force: bool = False) -> Outputs:
    """Check where a run reading ``source`` may write ``output`` and its rejects file.

    Raises BatchInputError naming the path when it may not (see the module docstring).
    """
    file_format(output)
    rejects = rejects_path(output)
    identity = _identity(source)
    targets: list[Path] = []
    for named, what in ((output, "the output"), (rejects, f"the rejects file of {shown(output)}")):
        if not named.parent.is_dir():  # as the system sees it: "o/../x.csv" needs o
            raise BatchInputError(f"{shown(named.parent)}: no such directory (for {what})")
        target = Path(os.path.realpath(named))
        if not target.parent.is_dir():  # a symbolic link into a missing directory
            raise BatchInputError(f"{shown(target.parent)}: no such directory (for {what})")
        found = _stat(target)
        if found is not None:
            if (found.st_dev, found.st_ino) == identity:
                raise BatchInputError(
                    f"{shown(named)}: {what} would be the input {shown(source)}; "
                    "choose another output name"
                )
            if not stat.S_ISREG(found.st_mode):
                raise BatchInputError(f"{shown(named)}: {what} is in the way: not a regular file")
        targets.append(target)
    output_target, rejects_target = targets
    if output_target == rejects_target or _same_file(output_target, rejects_target):
        raise BatchInputError(f"{shown(output)} and {shown(rejects)} are the same file")
    if not force and rejects_target.exists() and not _is_rejects_file(rejects_target):
        raise BatchInputError(
            f"{shown(rejects)} exists and is not a spinepath rejects file; "
            "move it, choose another output name, or give --force to replace it"
        )
    return Outputs(output, rejects, output_target, rejects_target)


def _identity(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError as exc:
        raise BatchInputError(f"{shown(path)}: cannot be read: {exc.strerror}") from None
    return found.st_dev, found.st_ino


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BatchInputError(f"{shown(path)}: cannot be checked: {exc.strerror}") from None


def _same_file(a: Path, b: Path) -> bool:
    found_a, found_b = _stat(a), _stat(b)
    if found_a is None or found_b is None:
        return False
    return (found_a.st_dev, found_a.st_ino) == (found_b.st_dev, found_b.st_ino)


def _is_rejects_file(path: Path) -> bool:
    """Whether ``path`` is empty or has exactly the rejects file's columns."""
    if path.stat().st_size == 0:
        return True
    try:
        match file_format(path):
            case "parquet":
                return tuple(pl.read_parquet_schema(path)) == REJECT_COLUMNS
            case "csv":
                with path.open("rb") as file:
                    first = file.readline(4096).rstrip(b"\r\n")
                return first == ",".join(REJECT_COLUMNS).encode()
            case "ndjson":
                with path.open("rb") as file:
                    record = json.loads(file.readline(1 << 16))
                return isinstance(record, dict) and tuple(record) == REJECT_COLUMNS
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return False


@contextlib.contextmanager
def staged(outputs: Outputs) -> Iterator[tuple[Path, Path]]:
    """Temporary files for the output and the rejects, renamed over their targets when the
    block succeeds and removed when it raises (anything, even KeyboardInterrupt)."""
    created: list[Path] = []
    try:
        for target in (outputs.output_target, outputs.rejects_target):
            created.append(_create_temporary(target))
        yield created[0], created[1]
        for temporary in created:
            _flush_to_disk(temporary)
        for temporary, target in zip(
            created, (outputs.output_target, outputs.rejects_target), strict=True
        ):
            temporary.replace(target)
        created.clear()
        for directory in {outputs.output_target.parent, outputs.rejects_target.parent}:
            with contextlib.suppress(OSError):  # the renames are done; this makes them durable
                _flush_to_disk(directory)
    finally:
        for temporary in created:
            temporary.unlink(missing_ok=True)


def _create_temporary(target: Path) -> Path:
    """A new empty file beside ``target``, created by this run (never an existing one), with
    the mode of the file it will replace, or else of a new file (the umask applies): not
    mkstemp's 0600, and never wider than a replaced file's (a cohort may be private)."""
    while True:
        # The stem cut short: the longest name the target's own may be is NAME_MAX.
        name = f".{target.stem[:100]}.{secrets.token_hex(4)}{_TEMPORARY}{target.suffix}"
        path = target.with_name(name)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:  # pragma: no cover - 32 random bits
            continue
        except OSError as exc:
            raise BatchInputError(
                f"{shown(target.parent)}: cannot write there: {exc.strerror}"
            ) from None
        break
    try:
        replaced = _stat(target)
        if replaced is not None:
            os.chmod(path, stat.S_IMODE(replaced.st_mode))
    except BaseException:
        path.unlink()
        raise
    return path


def write_problem(directory: Path, size: int = 1 << 20) -> str | None:
    """Why ``directory`` will not take ``size`` more bytes now (a full disk, a file-size
    limit), or None. It writes them to a new file of its own and removes it: after a failed
    run, this tells the disk's fault from the input's when the error does not say."""
    probe = directory / f".probe.{secrets.token_hex(4)}{_TEMPORARY}"
    try:
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        return exc.strerror
    try:
        block = memoryview(bytes(min(size, 1 << 16)))
        written = 0
        while written < size:
            written += os.write(descriptor, block[: size - written])
    except OSError as exc:
        return exc.strerror
    finally:
        os.close(descriptor)
        probe.unlink()
    return None


def _flush_to_disk(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)

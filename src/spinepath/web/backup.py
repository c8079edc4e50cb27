"""Back up the database to one file: SQLite's online backup API, or pg_dump for PostgreSQL.

The copy is written beside its destination under a temporary name and then linked into
place, so a backup file is either complete or absent, and an existing file is never
overwritten. Restoring is the database's own tool (docs/deployment.md): copy the SQLite
file into place, or `pg_restore --dbname=... PATH` into an empty PostgreSQL database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["BackupError", "backup"]


class BackupError(Exception):
    """The backup could not be made; carries the destination and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def backup(database: Mapping[str, Any], path: Path) -> Path:
    """Copy the database described by a Django DATABASES entry to a new file at `path`."""
    path = Path(path).absolute()
    if path.exists():
        raise BackupError(path, "already exists; a backup never overwrites a file")
    if not path.parent.is_dir():
        raise BackupError(path, f"no such directory {path.parent}")
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return _atomically(path, lambda temp: _sqlite(str(database["NAME"]), temp))
    if engine.endswith("postgresql"):
        return _atomically(path, lambda temp: _pg_dump(database, temp, path))
    raise BackupError(path, f"no backup method for the database engine {engine}")


def _atomically(path: Path, write: Callable[[Path], None]) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        write(temp)
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        try:
            os.link(temp, path)  # fails, rather than replaces, if the name was taken meanwhile
        except FileExistsError:
            raise BackupError(path, "already exists; a backup never overwrites a file") from None
    finally:
        temp.unlink(missing_ok=True)
    return path


def _sqlite(source: str, temp: Path) -> None:
    # The online backup API copies a consistent snapshot while the app keeps writing.
    # uri=True as Django connects: a "file:...?mode=memory" name (the test database) works.
    live, copy = sqlite3.connect(source, uri=True), sqlite3.connect(temp)
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()


def _pg_dump(database: Mapping[str, Any], temp: Path, path: Path) -> None:
    settings = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    env = {**os.environ, **{k: str(v) for k, v in settings.items() if v}}
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={temp}"]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        reason = "pg_dump is not installed (apt-get install postgresql-client)"
        raise BackupError(path, reason) from None
    if result.returncode != 0:
        raise BackupError(path, f"pg_dump failed: {result.stderr.strip()}")

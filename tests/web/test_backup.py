"""`spinepath-manage backup PATH`, restored into a new database, on SQLite and PostgreSQL."""

import os
import sqlite3
import subprocess
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from spinepath.web.backup import BackupError, backup

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed data only


def _restored_names(path) -> list[str]:
    """Restore the backup into a new database and read the patients' names from it."""
    query = "SELECT given_name FROM patients_patient ORDER BY given_name"
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as restored:
            return [name for (name,) in restored.execute(query)]
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    name = f"{settings['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
            restore = ["pg_restore", "--no-owner", f"--host={params['host']}"]
            restore += [f"--port={params['port']}", f"--username={params['user']}"]
            subprocess.run([*restore, f"--dbname={name}", str(path)], env=env, check=True)
            with psycopg.connect(dbname=name, **params) as restored:
                return [name for (name,) in restored.execute(query)]
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_it_backs_up_a_database_that_restores_with_its_data(patient, tmp_path, capsys) -> None:
    path = tmp_path / "spinepath.backup"
    call_command("backup", str(path))
    assert f"Backed up {connection.vendor} to {path}" in capsys.readouterr().out
    assert _restored_names(path) == ["Ada"]
    assert [p.name for p in tmp_path.iterdir()] == ["spinepath.backup"]  # no partial file left


def test_it_never_overwrites_an_existing_file(patient, tmp_path) -> None:
    path = tmp_path / "spinepath.backup"
    path.write_text("an earlier backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))
    assert path.read_text() == "an earlier backup"


def test_it_refuses_a_missing_directory(tmp_path) -> None:
    with pytest.raises(CommandError, match="no such directory"):
        call_command("backup", str(tmp_path / "missing" / "spinepath.backup"))


def test_it_leaves_nothing_behind_when_pg_dump_fails(tmp_path) -> None:
    unreachable = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "spinepath",
        "HOST": "127.0.0.1",
        "PORT": "1",  # nothing listens here
        "USER": "postgres",
    }
    with pytest.raises(BackupError, match="pg_dump failed") as error:
        backup(unreachable, tmp_path / "spinepath.backup")
    assert error.value.path == tmp_path / "spinepath.backup"
    assert list(tmp_path.iterdir()) == []

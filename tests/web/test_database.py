import sqlite3
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.utils import ConnectionHandler


def test_it_puts_a_file_sqlite_database_in_wal_mode(tmp_path: Path, django_db_blocker) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("WAL mode is SQLite's; this run uses " + connection.vendor)
    settings = dict(connections["default"].settings_dict)
    settings["NAME"] = str(tmp_path / "wal.sqlite3")
    handler = ConnectionHandler({"default": settings})
    wrapper = handler["default"]
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        wrapper.close()
    # The mode is persistent in the file: a plain sqlite3 connection sees it too.
    with sqlite3.connect(settings["NAME"]) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.django_db
def test_it_runs_on_the_database_chosen_by_database_url() -> None:
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected

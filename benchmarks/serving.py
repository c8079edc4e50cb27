"""The production server for the serving benchmarks (durability.py, load.py): gunicorn
started as `make run` starts it (spinepath.web.gunicorn_conf, debug off) on loopback, and
plain HTTP requests to it with a session made server-side.

Sessions are created in the database with Django's test client `force_login` (the same
signed session a sign-in makes), so the benchmarks do not depend on the login form's steps.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import string
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def configure(directory: Path, database_url: str | None) -> dict[str, str]:
    """Set this process's environment for a throwaway database and return it for gunicorn.

    SQLite when `database_url` is None (a file in `directory`), else that PostgreSQL
    database. Call before django.setup(); the server gets the same settings (and secret
    key, so it reads the sessions made here).
    """
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "spinepath.web.settings",
            "SPINEPATH_SECRET_KEY": secrets.token_urlsafe(50),
            "SPINEPATH_ALLOWED_HOSTS": HOST,
            "SPINEPATH_SQLITE_PATH": str(directory / "bench.sqlite3"),
            "SPINEPATH_STATIC_ROOT": str(directory / "static"),
            "SPINEPATH_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    return dict(os.environ)


def recreate_postgres(url: str) -> None:
    """Drop and create the database named in `url` (a loopback throwaway, never real data)."""
    import psycopg
    from psycopg import sql

    info = psycopg.conninfo.conninfo_to_dict(url)
    name = str(info.pop("dbname"))
    if info.get("host") not in (HOST, "localhost"):
        raise SystemExit(f"refusing to drop {name} on {info.get('host')}: loopback only")
    with psycopg.connect(**info, dbname="postgres", autocommit=True) as admin:
        database = sql.Identifier(name)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(database))


def session_cookies(user: Any, count: int) -> list[str]:
    """`count` signed-in sessions for `user`, as Cookie header values (with a CSRF secret)."""
    from django.test import Client

    cookies = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}; {csrf_cookie()}")
    return cookies


def csrf_cookie() -> str:
    """A CSRF cookie; Django accepts its own 32-character secret as the form token."""
    return "csrftoken=" + "".join(
        secrets.choice(string.ascii_letters + string.digits) for _ in range(32)
    )


@dataclass
class Answer:
    status: int
    location: str
    ms: float


def request(
    port: int, method: str, path: str, cookie: str = "", form: dict[str, str] | None = None
) -> Answer:
    """One request on a new connection (gunicorn's sync workers close it after each answer)."""
    headers = {"Host": HOST, "Cookie": cookie}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = cookie.split("csrftoken=")[1].split(";")[0]
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location", "")
        return Answer(response.status, location, (time.perf_counter() - started) * 1000)
    finally:
        connection.close()


class Server:
    """gunicorn in its own process group, so SIGKILL reaches the master and every worker."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env = {**env, "SPINEPATH_BIND": f"{HOST}:{port}"}
        self.port = port
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        command = [
            str(BIN / "gunicorn"),
            "-c",
            "python:spinepath.web.gunicorn_conf",
            "spinepath.web.wsgi",
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/api/health").status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        tail = self.log.read_text()[-2000:]
        raise SystemExit(f"gunicorn did not answer on port {self.port}:\n{tail}")

    def kill(self) -> None:
        """kill -9 the master and all its workers at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def workers() -> int:
    """The worker count gunicorn_conf chooses on this machine."""
    from spinepath.web import gunicorn_conf

    return gunicorn_conf.workers

"""The production server as `make run` starts it: gunicorn, spinepath.web.gunicorn_conf,
debug off; whitenoise serves the static files."""

import http.client
import importlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spinepath.web.env import EnvError


@pytest.fixture
def gunicorn(tmp_path):
    """A running gunicorn on a free loopback port; yields the port."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SPINEPATH_", "DJANGO_"))}
    environ |= {
        "DJANGO_SETTINGS_MODULE": "spinepath.web.settings",
        "SPINEPATH_SECRET_KEY": secrets.token_urlsafe(50),
        "SPINEPATH_ALLOWED_HOSTS": "127.0.0.1",
        "SPINEPATH_VAR_DIR": str(tmp_path),
        "SPINEPATH_BIND": "127.0.0.1:0",
        "SPINEPATH_WORKERS": "1",
    }
    log = tmp_path / "gunicorn.log"
    command = [Path(sys.executable).parent / "gunicorn", "-c", "python:spinepath.web.gunicorn_conf"]
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [*command, "spinepath.web.wsgi"], env=environ, stdout=out, stderr=out
        )
    try:
        port = None
        for _ in range(300):  # the log says where it listens; stop looking after 30 s
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
            if found and "Booting worker" in log.read_text():
                port = int(found.group(1))
                break
            time.sleep(0.1)
        assert port, log.read_text()
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _get(port: int, path: str) -> tuple[http.client.HTTPResponse, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    return response, body


def test_it_serves_our_not_found_page_not_the_debug_page(gunicorn) -> None:
    response, body = _get(gunicorn, "/no-such-page/")
    assert response.status == 404
    assert "Page not found" in body
    assert "URLconf" not in body  # Django's debug 404 lists every URL pattern
    assert response.getheader("Server", "").startswith("gunicorn")
    assert "script-src 'self'" in response.getheader("Content-Security-Policy", "")
    assert "no-store" in response.getheader("Cache-Control", "")


def test_it_serves_static_files_through_whitenoise(gunicorn) -> None:
    response, body = _get(gunicorn, "/static/spinepath/js-enabled.js")
    assert response.status == 200
    assert "nhsuk-frontend-supported" in body
    assert "no-store" not in response.getheader("Cache-Control", "")


def _conf(monkeypatch, **env):
    for name in ("SPINEPATH_BIND", "SPINEPATH_WORKERS", "SPINEPATH_REQUEST_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    from spinepath.web import gunicorn_conf

    return importlib.reload(gunicorn_conf)


def test_it_sizes_workers_to_the_machine(monkeypatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    conf = _conf(monkeypatch)
    assert conf.workers == 9
    assert conf.bind == "127.0.0.1:8000"


def test_it_takes_workers_and_bind_from_the_environment(monkeypatch) -> None:
    conf = _conf(monkeypatch, SPINEPATH_WORKERS="3", SPINEPATH_BIND="0.0.0.0:9000")
    assert (conf.workers, conf.bind) == (3, "0.0.0.0:9000")


def test_it_rejects_zero_workers(monkeypatch) -> None:
    with pytest.raises(EnvError, match="SPINEPATH_WORKERS"):
        _conf(monkeypatch, SPINEPATH_WORKERS="0")

"""Durability under a crash: no acknowledged write may be lost when the server is killed.

    .venv/bin/python benchmarks/durability.py                     # SQLite, then PostgreSQL
    .venv/bin/python benchmarks/durability.py --database sqlite --writers 8 --seconds 5
    .venv/bin/python benchmarks/durability.py --postgres postgres://postgres@127.0.0.1:5432/NAME

For each database: a fresh one (SQLite in a temporary directory; the PostgreSQL database
named by --postgres is DROPPED and created again, loopback only), migrated, with one
coordinator. The production server (gunicorn, spinepath.web.gunicorn_conf) starts on
127.0.0.1:--port; --writers threads each add patients through the real form
(POST /patients/new/, signed in) as fast as they can. After --seconds the master and every
worker get SIGKILL at once. The server is started again and every patient whose creation
was acknowledged (302 to the patient list) must be in the database. Prints the counts;
exits 1 if any acknowledged write is missing or the restarted server does not serve.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import serving  # benchmarks/serving.py: gunicorn and HTTP helpers

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/spinepath_durability"


@dataclass
class Tally:
    """One writer's outcomes, by the family name that identifies each patient it sent."""

    acknowledged: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # sent, connection lost
    refused: int = 0  # answered, but not with the success redirect
    errors: list[str] = field(default_factory=list)


def write(port: int, cookie: str, site: int, writer: int, stop: threading.Event, t: Tally) -> None:
    """Add patients until the server dies (or `stop`); record what was acknowledged."""
    for i in range(1_000_000):
        name = f"Writer{writer}x{i}"
        form = {
            "given_name": "Durable",
            "family_name": name,
            "date_of_birth": "1950-01-31",
            "sex": "female",
            "nhs_number": "",
            "hospital_number": name,  # a private patient: no NHS number
            "home_site": str(site),
        }
        try:
            answer = serving.request(port, "POST", "/patients/new/", cookie, form)
        except ConnectionRefusedError:
            return  # the server is down: nothing was sent
        except OSError as error:
            t.unanswered.append(name)  # sent, then the connection broke: outcome unknown
            t.errors.append(type(error).__name__)
            if stop.is_set():
                return
            continue
        if answer.status == 302 and answer.location == "/patients/":
            t.acknowledged.append(name)
        else:
            t.refused += 1
            t.errors.append(str(answer.status))


def run(label: str, database_url: str | None, args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix="spinepath-durability-") as tmp:
        directory = Path(tmp)
        if database_url:
            serving.recreate_postgres(database_url)
        env = serving.configure(directory, database_url)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from spinepath.accounts.models import Role, User
        from spinepath.clinics.models import Site
        from spinepath.patients.models import Patient

        call_command("migrate", verbosity=0)
        site = Site.objects.create(code="london", name="London spine clinic")
        coordinator = User.objects.create_user(
            "coord@bench.test", None, role=Role.COORDINATOR, site=site
        )
        cookies = serving.session_cookies(coordinator, args.writers)
        connections.close_all()

        log = directory / "gunicorn.log"
        server = serving.Server(env, args.port, log).start()
        stop = threading.Event()
        tallies = [Tally() for _ in cookies]
        threads = [
            threading.Thread(target=write, args=(args.port, c, site.pk, n, stop, tallies[n]))
            for n, c in enumerate(cookies)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        server.kill()
        killed_at = time.perf_counter()
        for thread in threads:
            thread.join(timeout=60)

        with serving.Server(env, args.port, log):
            acknowledged = {n for t in tallies for n in t.acknowledged}
            unanswered = {n for t in tallies for n in t.unanswered}
            stored = set(
                Patient.objects.filter(given_name="Durable").values_list("family_name", flat=True)
            )
            after = serving.request(args.port, "POST", "/patients/new/", cookies[0], {})
            serves = after.status == 200  # the form again, with its errors: the app is up
            connections.close_all()
        restarted_in = time.perf_counter() - killed_at
        missing = acknowledged - stored
        refused = sum(t.refused for t in tallies)
        print(
            f"{label:<11} {args.writers:>7} {len(acknowledged):>6} {len(stored):>6} "
            f"{len(missing):>7} {len(unanswered):>10} {len(unanswered & stored):>14} "
            f"{refused:>7} {restarted_in:>9.1f}  {'yes' if serves else 'NO'}"
        )
        if refused:
            print(f"{'':<11} other answers: {sorted({e for t in tallies for e in t.errors})}")
        return not missing and serves and bool(acknowledged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="dropped and recreated")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="load before the kill")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--row", action="store_true", help=argparse.SUPPRESS)  # one database
    args = parser.parse_args(argv)
    if args.row:  # Django is set up once per process: one database per child process
        url = args.postgres if args.database == "postgres" else None
        return 0 if run("PostgreSQL" if url else "SQLite", url, args) else 1

    print(f"gunicorn, {serving.workers()} sync workers; kill -9 after {args.seconds:g} s of load")
    print(
        f"{'database':<11} {'writers':>7} {'acked':>6} {'stored':>6} {'missing':>7} "
        f"{'unanswered':>10} {'unanswered+in':>14} {'refused':>7} {'restart s':>9}  serves"
    )
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    ok = True
    for database in databases:
        child = [sys.executable, __file__, *(argv or sys.argv[1:]), "--row"]
        ok &= subprocess.run([*child, "--database", database], check=False).returncode == 0
    print(f"acknowledged writes lost: {'none' if ok else 'SOME (or the server did not serve)'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

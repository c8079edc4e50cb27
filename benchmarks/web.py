"""Benchmark server time of the web pages with 100,000 patients and referrals loaded.

    .venv/bin/python benchmarks/web.py            # 100,000 referrals, 200 requests a page
    .venv/bin/python benchmarks/web.py --referrals 20000 --requests 50

Builds a throwaway SQLite database in a temporary directory (migrated, then filled with
bulk_create: patients, referrals with real triage snapshots and deadlines at every status,
and their status histories), signs in a coordinator with Django's test client and requests
each page in PAGES N times. Prints p50, p95 and max in milliseconds and p95 as a ratio of
the 150 ms budget. The time is the whole server side (middleware, view, queries,
templates), not the network.

To add a page, append (name, url-builder) to PAGES: the builder gets the Dataset (ids of
what was loaded, a seeded random generator) and returns a URL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUDGET_MS = 150.0


@dataclass
class Dataset:
    """What was loaded, for the URL builders."""

    rng: random.Random
    referral_ids: list[int] = field(default_factory=list)
    patient_ids: list[int] = field(default_factory=list)
    site_codes: list[str] = field(default_factory=list)


WORKLIST = "/referrals/worklist/"
PAGES: list[tuple[str, Callable[[Dataset], str]]] = [
    ("worklist, first page", lambda d: WORKLIST),
    (
        "worklist, site + status filter",
        lambda d: f"{WORKLIST}?site={d.rng.choice(d.site_codes)}&status=imaging_requested",
    ),
    ("worklist, site filter, page 20", lambda d: f"{WORKLIST}?site={d.site_codes[0]}&page=20"),
    ("referral detail", lambda d: f"/referrals/{d.rng.choice(d.referral_ids)}/"),
    # The assessment page itself, with assessments loaded, is timed by benchmarks/assessments.py.
    ("patient's assessments", lambda d: f"/assessments/patient/{d.rng.choice(d.patient_ids)}/"),
]


def _setup_django(directory: Path) -> None:
    os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real db
    os.environ["SPINEPATH_SQLITE_PATH"] = str(directory / "bench.sqlite3")
    os.environ["SPINEPATH_STATIC_ROOT"] = str(directory / "static")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinepath.web.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# Fact sets whose triage is each category, as a referral form would record them.
FACTS = {
    "emergency": {"cancer_history": "known", "symptoms": ["limb_weakness", "mechanical_pain"]},
    "urgent": {"cancer_history": "known", "symptoms": ["thoracic_or_cervical_pain"]},
    "routine": {"cancer_history": "known", "symptoms": ["fatigue"]},
}
CATEGORY_WEIGHTS = {"emergency": 15, "urgent": 45, "routine": 40}


def load(count: int, rng: random.Random) -> tuple[Dataset, Any]:
    """Fill the database; returns the dataset and the coordinator to sign in as."""
    from django.db import connection

    from spinepath.accounts.models import Role, User
    from spinepath.clinical.case import parse_case
    from spinepath.clinical.triage import due_at, triage
    from spinepath.clinical.triage.rules import CATEGORIES
    from spinepath.clinics.models import Site
    from spinepath.patients.demo import synthetic_nhs_numbers
    from spinepath.patients.models import Patient
    from spinepath.referrals import deadlines
    from spinepath.referrals.models import Referral, Status, StatusChange
    from spinepath.referrals.services import ENGINE_VERSION

    sites = [
        Site.objects.create(code="london", name="London spine clinic"),
        Site.objects.create(code="norwich", name="Norwich spine clinic"),
    ]
    coordinator = User.objects.create_user("coord@bench.test", "x", role=Role.COORDINATOR)
    referrer = User.objects.create_user("gp@bench.test", "x", role=Role.REFERRER)

    numbers = synthetic_nhs_numbers()
    Patient.objects.bulk_create(
        (
            Patient(
                given_name=f"Given{i}",
                family_name=f"Family{i % 997}",
                date_of_birth=dt.date(1930 + i % 60, 1 + i % 12, 1 + i % 28),
                sex="female" if i % 2 else "male",
                nhs_number=next(numbers),
                home_site=sites[i % 2],
            )
            for i in range(count)
        ),
        batch_size=5000,
    )
    patient_ids = list(Patient.objects.values_list("pk", flat=True))

    results = {c: triage(parse_case(f)) for c, f in FACTS.items()}
    steps = list(Status)
    now = deadlines.now()
    referrals = []
    for pid in patient_ids:
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        result = results[category]
        received = now - dt.timedelta(hours=rng.uniform(0, 24 * 60))
        step = min(int(rng.expovariate(0.45)), len(steps) - 1)
        r = Referral(
            patient_id=pid,
            referrer=referrer,
            site=sites[rng.randrange(2)],
            facts=FACTS[category],
            category=category,
            category_rank=CATEGORIES[category].rank,
            triage=result.to_dict(),
            engine_version=ENGINE_VERSION,
            ruleset_version=result.ruleset_version,
            received_at=received,
            status=steps[step],
            status_changed_at=received + dt.timedelta(hours=step * 6),
            idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
        )
        for action in result.actions:
            name = deadlines.ACTION_DEADLINES.get(action.code)
            if name and action.anchor != "decision_to_treat":
                setattr(r, name, due_at(action, received))
            elif name and step >= steps.index(Status.PLAN_AGREED):
                setattr(r, name, due_at(action, r.status_changed_at))
        r.next_due_at = deadlines.pending_due_at(r)
        referrals.append(r)
    Referral.objects.bulk_create(referrals, batch_size=5000)
    ids = list(Referral.objects.order_by("pk").values_list("pk", "status", "received_at"))
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                referral_id=pk,
                from_status="" if i == 0 else steps[i - 1],
                to_status=steps[i],
                at=received + dt.timedelta(hours=i * 6),
                by=coordinator,
            )
            for pk, status, received in ids
            for i in range(steps.index(Status(status)) + 1)
        ),
        batch_size=10000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what a production database's maintenance would do
    data = Dataset(rng, [pk for pk, _, _ in ids], patient_ids, [s.code for s in sites])
    return data, coordinator


def reopen(rng: random.Random) -> tuple[Dataset, Any]:
    """The dataset of a database kept by an earlier run (--keep)."""
    from spinepath.accounts.models import User
    from spinepath.clinics.models import Site
    from spinepath.patients.models import Patient
    from spinepath.referrals.models import Referral

    data = Dataset(
        rng,
        list(Referral.objects.values_list("pk", flat=True)),
        list(Patient.objects.values_list("pk", flat=True)),
        list(Site.objects.values_list("code", flat=True)),
    )
    return data, User.objects.get(email="coord@bench.test")


def measure(client: Any, url_for: Callable[[], str], requests: int) -> list[float]:
    for _ in range(5):  # warm up: template compilation, connection, caches
        client.get(url_for())
    times = []
    for _ in range(requests):
        url = url_for()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the database in this directory and keep it; reuse it if it is there",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="spinepath-bench-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        reuse = (directory / "bench.sqlite3").exists()
        _setup_django(directory)
        from django.test import Client

        started = time.perf_counter()
        if reuse:
            data, coordinator = reopen(random.Random(20250101))
        else:
            data, coordinator = load(args.referrals, random.Random(20250101))
        print(
            f"{'reused' if reuse else 'loaded'} {len(data.referral_ids):,} referrals "
            f"in {time.perf_counter() - started:.1f} s (SQLite, {directory})"
        )
        client = Client()
        client.force_login(coordinator)
        rows = [
            (name, measure(client, lambda build=build: build(data), args.requests))
            for name, build in PAGES
        ]
    return report(rows)


def report(rows: list[tuple[str, list[float]]]) -> int:
    """Print p50/p95/max and p95 against the budget per page; 0 when every page meets it."""
    print(f"{'page':<36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/budget':>11}")
    worst = 0.0
    for name, times in rows:
        p95 = percentile(times, 95)
        worst = max(worst, p95 / BUDGET_MS)
        print(
            f"{name:<36} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f} "
            f"{p95 / BUDGET_MS:10.2f}x"
        )
    print(f"budget {BUDGET_MS:.0f} ms at p95: {'met' if worst <= 1 else 'NOT met'}")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())

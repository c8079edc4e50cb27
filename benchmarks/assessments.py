"""Benchmark server time of the assessment pages with 100,000 patients and referrals loaded.

    .venv/bin/python benchmarks/assessments.py                  # 100,000 patients, 200 requests
    .venv/bin/python benchmarks/assessments.py --referrals 20000 --requests 50

Loads the same throwaway SQLite database as benchmarks/web.py (its `load`), then saves
assessment versions (real engine results, about 20 KB each) for `--assessed` patients,
and times each page in PAGES as a clinician or a coordinator: p50, p95 and max in ms and
p95 as a ratio of the 150 ms budget. The time is the whole server side (middleware, view,
the engine's assessment, queries, templates), not the network.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import web as web_bench  # benchmarks/web.py: the loader and the timing helpers

CASE = json.loads((Path(__file__).resolve().parents[1] / "examples/seed-case.json").read_text())


def load_assessments(patient_ids: list[int], count: int, rng: random.Random) -> tuple[Any, Any]:
    """Versions 1 and 2 for `count` patients; returns (clinician, {patient: [ids]})."""
    from spinepath.accounts.models import Role, User
    from spinepath.assessments.models import Assessment
    from spinepath.assessments.services import case_facts, evaluate
    from spinepath.clinical.case import parse_case

    clinician = User.objects.create_user("clin@bench.test", "x", role=Role.CLINICIAN)
    first, second = dict(CASE), dict(CASE, kps=60)
    versions = []
    for data in (first, second):
        case = parse_case(data)
        versions.append((case_facts(case), evaluate(case)))
    assessed = rng.sample(patient_ids, count)
    Assessment.objects.bulk_create(
        (
            Assessment(
                patient_id=pid,
                version=number,
                facts=facts,
                result=result,
                engine_version=result["engine_version"],
                created_by=clinician,
            )
            for pid in assessed
            for number, (facts, result) in enumerate(versions, 1)
        ),
        batch_size=2000,
    )
    ids = list(Assessment.objects.values_list("pk", flat=True))
    return clinician, (assessed, ids)


def measure_post(client: Any, url_for: Callable[[], str], requests: int) -> list[float]:
    """The live update: an htmx POST of the whole form, answered with the results block."""
    form = {"lesion_count": "1", "kps": "70", "primary_site": "kidney", "frankel": "E"}
    form.update({f"lesion-0-{k}": v for k, v in CASE["lesions"][0].items()})
    times = []
    for i in range(requests + 5):
        start = time.perf_counter()
        response = client.post(url_for(), form, headers={"HX-Request": "true"})
        if i >= 5:
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"live update answered {response.status_code}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--assessed", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    rng = random.Random(20250101)

    with tempfile.TemporaryDirectory(prefix="spinepath-bench-") as tmp:
        web_bench._setup_django(Path(tmp))
        from django.db import connection
        from django.test import Client

        started = time.perf_counter()
        data, coordinator = web_bench.load(args.referrals, rng)
        clinician, (assessed, assessment_ids) = load_assessments(
            data.patient_ids, min(args.assessed, len(data.patient_ids)), rng
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"loaded {len(data.patient_ids):,} patients and referrals, "
            f"{len(assessment_ids):,} assessment versions in {time.perf_counter() - started:.1f} s"
        )
        as_clinician, as_coordinator = Client(), Client()
        as_clinician.force_login(clinician)
        as_coordinator.force_login(coordinator)
        new = "/assessments/patient/{}/new/"

        def assessed_page() -> str:
            return new.format(rng.choice(assessed))

        pages: list[tuple[str, Any, Callable[[], str]]] = [
            ("assessment page, assessed patient", as_clinician, assessed_page),
            (
                "assessment page, new patient",
                as_clinician,
                lambda: new.format(rng.choice(data.patient_ids)),
            ),
            (
                "assessment version (read)",
                as_coordinator,
                lambda: f"/assessments/{rng.choice(assessment_ids)}/",
            ),
            (
                "patient's versions",
                as_coordinator,
                lambda: f"/assessments/patient/{rng.choice(assessed)}/",
            ),
        ]
        rows = [(name, web_bench.measure(c, url, args.requests)) for name, c, url in pages]
        rows.append(
            ("live update (htmx POST)", measure_post(as_clinician, assessed_page, args.requests))
        )
    return web_bench.report(rows)


if __name__ == "__main__":
    sys.exit(main())

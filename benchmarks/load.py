"""Throughput and p95 through the production server, and signed-in p95 under a login flood.

    .venv/bin/python benchmarks/load.py                    # 100,000 referrals, 8 clients
    .venv/bin/python benchmarks/load.py --referrals 20000 --requests 20

Loads the throwaway SQLite database of benchmarks/web.py (its `load`: patients, referrals
at every status, histories), starts gunicorn as `make run` does (spinepath.web.gunicorn_conf:
debug off, workers sized to the machine, whitenoise) on 127.0.0.1:--port and times real
HTTP requests, one connection each, as a signed-in coordinator:

  1. each page with 1 client (the baseline), then with --clients concurrent clients:
     throughput (answers/s) and p50/p95, and p95 as a ratio of the 1-client p95;
  2. --clients signed-in clients mixing the two pages, first alone, then while --flooders
     anonymous clients post wrong passwords to the login form as fast as they can: the
     signed-in p95 as a ratio of the same mix without the flood.

The time is the client's (connect, server, transfer) on loopback.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import serving  # benchmarks/serving.py: gunicorn and HTTP helpers
import web as web_bench  # benchmarks/web.py: the loader and percentile()

Page = Callable[[random.Random], str]


PAGES: dict[str, Page] = {
    "worklist": lambda rng: "/referrals/worklist/",
    "patient search": lambda rng: f"/patients/?q=Family{rng.randrange(997)}",
}


def clients(
    port: int, cookies: list[str], urls: list[Page], requests: int
) -> tuple[list[float], float]:
    """Each cookie is a client making `requests` requests (cycling through `urls`) one after
    another; all clients at once. Returns every answer's ms and the wall time in s."""
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(n: int, cookie: str) -> None:
        rng = random.Random(n)
        for i in range(requests):
            path = urls[(n + i) % len(urls)](rng)
            answer = serving.request(port, "GET", path, cookie)
            with lock:
                times.append(answer.ms)
                if answer.status != 200:
                    failures.append(f"{path} answered {answer.status}")

    threads = [threading.Thread(target=client, args=(n, c)) for n, c in enumerate(cookies)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(failures[0])
    return times, time.perf_counter() - started


def flood(port: int, count: int, stop: threading.Event) -> tuple[list[int], list[str]]:
    """`count` anonymous clients posting wrong passwords to the login form until `stop`;
    returns how many attempts each made and any answer other than the form again."""
    attempts = [0] * count
    failures: list[str] = []

    def flooder(n: int) -> None:
        cookie = serving.csrf_cookie()
        while not stop.is_set():
            email = f"nobody{n}-{attempts[n]}@flood.test"  # a new address: never locked out
            form = {"email": email, "password": "wrong", "next": "/"}
            answer = serving.request(port, "POST", "/accounts/login/", cookie, form)
            if answer.status != 200:
                failures.append(f"the login form answered {answer.status}")
            attempts[n] += 1

    threads = [threading.Thread(target=flooder, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(2)  # let the flood build up before measuring
    return attempts, failures


def row(name: str, n: int, times: list[float], seconds: float, base: float) -> None:
    p95 = web_bench.percentile(times, 95)
    print(
        f"{name:<34} {n:>7} {len(times) / seconds:>9.1f} {statistics.median(times):>8.1f} "
        f"{p95:>8.1f} {p95 / base:>9.2f}x"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--flooders", type=int, default=4)
    parser.add_argument("--requests", type=int, default=40, help="per client, per phase")
    parser.add_argument("--port", type=int, default=8108)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="spinepath-load-") as tmp:
        directory = Path(tmp)
        env = serving.configure(directory, None)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        data, coordinator = web_bench.load(args.referrals, random.Random(20250101))
        cookies = serving.session_cookies(coordinator, args.clients)
        connections.close_all()
        print(
            f"loaded {len(data.referral_ids):,} referrals in {time.perf_counter() - started:.1f} s"
            f" (SQLite); gunicorn with {serving.workers()} sync workers on {args.port}"
        )
        with serving.Server(env, args.port, directory / "gunicorn.log"):
            clients(args.port, cookies, list(PAGES.values()), 3)  # warm every worker
            header = f"{'phase':<34} {'clients':>7} {'answers/s':>9} {'p50 ms':>8} {'p95 ms':>8}"
            print(f"{header} {'p95/base':>10}")
            for name, page in PAGES.items():
                times, seconds = clients(args.port, cookies[:1], [page], args.requests)
                base = web_bench.percentile(times, 95)
                row(f"{name}", 1, times, seconds, base)
                times, seconds = clients(args.port, cookies, [page], args.requests)
                row(f"{name}", args.clients, times, seconds, base)

            mix = list(PAGES.values())
            times, seconds = clients(args.port, cookies, mix, args.requests)
            base = web_bench.percentile(times, 95)
            row("signed in, both pages", args.clients, times, seconds, base)
            stop = threading.Event()
            attempts, failures = flood(args.port, args.flooders, stop)
            before = sum(attempts)
            times, seconds = clients(args.port, cookies, mix, args.requests)
            during = sum(attempts) - before
            stop.set()
            row(f"  while {args.flooders} flood the login", args.clients, times, seconds, base)
            print(f"login flood: {during / seconds:.1f} failed sign-ins/s during the mix")
            if failures:
                raise SystemExit(failures[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())

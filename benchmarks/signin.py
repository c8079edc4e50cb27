"""Do anonymous sign-in attempts slow down a signed-in user? (Password hashing is slow.)

    .venv/bin/python benchmarks/signin.py                 # 4 attackers, port 8103
    .venv/bin/python benchmarks/signin.py --attackers 8 --requests 100

Runs `spinepath-manage runserver` (threaded, one process) on a throwaway SQLite database
with the real PBKDF2 hasher, signs a referrer in, and times their home page: first alone,
then while N anonymous clients post wrong passwords as fast as they can (a new email
address each time, so no account locks). Three configurations: password checks
unbounded (as before this limit existed); one at a time per process (the rest get 429)
with the per-address limit off; and the defaults. Prints the signed-in user's median and
p95 in milliseconds and the attackers' outcomes by HTTP status (200: a wrong password
checked; 429: refused unchecked).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
# (name, SPINEPATH_SIGNIN_CONCURRENCY, SPINEPATH_ADDRESS_FAILURES)
CONFIGURATIONS = [
    ("unbounded (as before)", 64, 1_000_000),
    ("1 check at a time, no address limit", 1, 1_000_000),
    ("defaults (1 at a time, 30/address)", 1, 30),
]
PASSWORD = "a-long-benchmark-password-1"


def _env(directory: Path, concurrency: int, address_limit: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spinepath.web.settings",
        "SPINEPATH_DEBUG": "true",
        "SPINEPATH_LOG_LEVEL": "WARNING",
        "SPINEPATH_SQLITE_PATH": str(directory / "bench.sqlite3"),
        "SPINEPATH_STATIC_ROOT": str(directory / "static"),
        "SPINEPATH_ADDRESS_FAILURES": str(address_limit),
        "SPINEPATH_SIGNIN_CONCURRENCY": str(concurrency),
    }


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _login_form(base: str) -> tuple[urllib.request.OpenerDirector, str]:
    """A client with a CSRF cookie, and the form's token (reusable for its posts)."""
    opener = _opener()
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    return opener, token.group(1)


def _post_login(
    opener: urllib.request.OpenerDirector, token: str, base: str, email: str, password: str
) -> int:
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "email": email, "password": password}
    ).encode()
    try:
        return opener.open(f"{base}/accounts/login/", data).status  # type: ignore[no-any-return]
    except urllib.error.HTTPError as error:
        return error.code


def _time_home(opener: urllib.request.OpenerDirector, base: str, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        opener.open(f"{base}/").read()
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(
    concurrency: int, address_limit: int, attackers: int, requests: int, port: int
) -> dict[str, object]:
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp), concurrency, address_limit)
        manage = [str(BIN / "spinepath-manage")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        create = (
            "from spinepath.accounts.models import User; "
            f"User.objects.create_user('gp@example.test', '{PASSWORD}', role='referrer')"
        )
        subprocess.run([*manage, "shell", "-c", create], env=env, check=True)
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/api/health")
                    break
                except OSError:
                    time.sleep(0.1)
            user, token = _login_form(base)
            status = _post_login(user, token, base, "gp@example.test", PASSWORD)
            assert status == 200, status  # followed the redirect to the home page
            alone = _time_home(user, base, requests)
            stop = threading.Event()
            outcomes: dict[int, int] = {}
            lock = threading.Lock()

            def attack() -> None:
                opener, token = _login_form(base)
                while not stop.is_set():
                    email = f"{uuid.uuid4().hex}@example.test"
                    code = _post_login(opener, token, base, email, "wrong")
                    with lock:
                        outcomes[code] = outcomes.get(code, 0) + 1

            threads = [threading.Thread(target=attack) for _ in range(attackers)]
            for thread in threads:
                thread.start()
            time.sleep(1)  # let the attack get going
            busy = _time_home(user, base, requests)
            stop.set()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait()
    return {"alone": alone, "busy": busy, "outcomes": outcomes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attackers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--port", type=int, default=8103)
    args = parser.parse_args(argv)
    print(f"Signed-in home page, ms ({args.requests} requests; {args.attackers} attackers)")
    print(f"{'configuration':<34} {'alone p50':>9} {'attacked p50':>12} {'p95':>7}  attempts")
    for name, concurrency, address_limit in CONFIGURATIONS:
        result = run(concurrency, address_limit, args.attackers, args.requests, args.port)
        alone, busy = result["alone"], result["busy"]
        p95 = statistics.quantiles(busy, n=20)[-1]  # type: ignore[arg-type]
        print(
            f"{name:<34} {statistics.median(alone):>9.1f} "  # type: ignore[arg-type]
            f"{statistics.median(busy):>12.1f} {p95:>7.1f}  {result['outcomes']}"  # type: ignore[arg-type]
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Guesses sent all at once: at most SPINEPATH_LOCKOUT_FAILURES passwords are checked.

Real threads, each with its own test client and database connection, on PostgreSQL
(where SELECT ... FOR UPDATE takes effect); the password-check slots are opened wide so
that the lockout, not the hashing limit, is what is tested.
"""

import threading
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client

from spinepath.accounts import services
from spinepath.accounts.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LOGIN = "/accounts/login/"
WAIT = 30  # seconds; only a broken test waits this long


@pytest.fixture(autouse=True)
def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def checks(monkeypatch):
    """Every password checked, in order. Checks of wrong passwords wait at `hold` (open
    unless a test closes it); `entered` is released as each check begins."""
    calls: list[str] = []
    lock = threading.Lock()
    hold = threading.Event()
    hold.set()
    entered = threading.Semaphore(0)
    real = User.check_password

    def check_password(self, raw_password):
        with lock:
            calls.append(raw_password)
        entered.release()
        if raw_password != "correct-horse-battery-staple":
            hold.wait(WAIT)
        return real(self, raw_password)

    monkeypatch.setattr(User, "check_password", check_password)
    monkeypatch.setattr(services, "_PASSWORD_CHECKS", threading.BoundedSemaphore(64))
    return SimpleNamespace(calls=calls, hold=hold, entered=entered)


def _attempt(email: str, password: str, start: threading.Barrier, results: list) -> None:
    client = Client()
    try:
        start.wait(WAIT)
        response = client.post(LOGIN, {"email": email, "password": password})
        results.append((password, response.status_code, "_auth_user_id" in client.session))
    finally:
        connection.close()


def _run_together(attempts: list[tuple[str, str]]) -> list:
    results: list = []
    start = threading.Barrier(len(attempts))
    threads = [threading.Thread(target=_attempt, args=(*a, start, results)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert len(results) == len(attempts)
    return results


def test_29_wrong_and_1_right_at_once_check_at_most_5_passwords(
    coordinator, password, checks
) -> None:
    attempts = [(coordinator.email, f"wrong-{i}") for i in range(29)]
    attempts.insert(15, (coordinator.email, password))
    results = _run_together(attempts)
    assert len(checks.calls) <= 5
    signed_in = [r for r in results if r[2]]
    # The right password gets in only if it was one of the checked five.
    assert all(r[0] == password for r in signed_in)
    assert bool(signed_in) == (password in checks.calls)


def test_the_right_password_is_refused_while_five_wrong_ones_are_being_checked(
    coordinator, password, checks
) -> None:
    checks.hold.clear()  # the five wrong guesses stay in their password checks
    results: list = []
    start = threading.Barrier(5)
    wrong = [
        threading.Thread(target=_attempt, args=(coordinator.email, f"wrong-{i}", start, results))
        for i in range(5)
    ]
    for thread in wrong:
        thread.start()
    try:
        start_right = threading.Barrier(1)
        for _ in range(5):  # each guess was counted before its check began
            assert checks.entered.acquire(timeout=WAIT)
        _attempt(coordinator.email, password, start_right, results)
    finally:
        checks.hold.set()
        for thread in wrong:
            thread.join(WAIT)
    right = [r for r in results if r[0] == password]
    assert right == [(password, 200, False)]
    assert password not in checks.calls
    assert len(checks.calls) == 5
    assert not any(r[2] for r in results)

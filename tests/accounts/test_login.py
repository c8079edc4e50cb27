import datetime as dt
import threading

import pytest
import time_machine
from django.test import Client

from spinepath.accounts import lockout, services
from spinepath.accounts.browsers import COOKIE
from spinepath.accounts.models import SignInCounter

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _post(client, email, password, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_shows_the_login_page(client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Log in to spinepath" in html
    assert 'autocomplete="current-password"' in html


def test_it_logs_in_and_goes_to_next(client, referrer, password) -> None:
    response = _post(client, "Referrer@Example.test", password, next="/referrals/")
    assert response.status_code == 302
    assert response["Location"] == "/referrals/"
    assert client.get("/").status_code == 200


def test_it_ignores_a_next_url_on_another_host(client, referrer, password) -> None:
    response = _post(client, referrer.email, password, next="https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.parametrize("next_url", ["patients", "\ufffd\ufffd(", "home"])
def test_it_sends_a_signed_in_user_home_for_a_next_that_is_not_a_path(
    client, coordinator, next_url
) -> None:
    client.force_login(coordinator)
    response = client.get("/accounts/login/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_rejects_a_wrong_password_inline(client, coordinator) -> None:
    response = _post(client, coordinator.email, "nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert "nope" not in html  # the password is never echoed back


def test_it_names_the_missing_fields(client) -> None:
    html = _post(client, "", "").content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert 'href="#id_email"' in html


def test_it_locks_out_after_five_failures(client, coordinator, password) -> None:
    for _ in range(4):
        assert "Enter a correct email" in _post(client, coordinator.email, "bad").content.decode()
    html = _post(client, coordinator.email, "bad").content.decode()
    assert "locked after too many failed sign-in attempts" in html
    # Even the right password is refused while locked.
    html = _post(client, coordinator.email, password).content.decode()
    assert "locked" in html
    assert not _signed_in(client)


def test_it_does_not_check_the_password_of_a_locked_account(
    client, coordinator, password, monkeypatch
) -> None:
    for _ in range(5):
        _post(client, coordinator.email, "bad")
    checked = []
    monkeypatch.setattr(services, "authenticate", lambda *a, **k: checked.append(k))
    _post(client, coordinator.email, password)
    assert checked == []


def test_it_lets_the_user_in_once_the_lock_expires(client, coordinator, password) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            _post(client, coordinator.email, "bad")
        clock.shift(dt.timedelta(minutes=15) - dt.timedelta(seconds=1))
        assert "locked" in _post(client, coordinator.email, password).content.decode()
        clock.shift(dt.timedelta(seconds=1))
        assert _post(client, coordinator.email, password).status_code == 302
    assert not SignInCounter.objects.filter(key__startswith="account:").exists()


def test_it_clears_the_failure_count_on_success(client, referrer, password) -> None:
    for _ in range(4):
        _post(client, referrer.email, "bad")
    assert _post(client, referrer.email, password).status_code == 302
    client.logout()
    for _ in range(4):
        html = _post(client, referrer.email, "bad").content.decode()
    assert "locked" not in html


def test_it_locks_for_fifteen_minutes_exactly() -> None:
    key, limit = lockout.account_key("A@example.test "), lockout.account_limit()
    for i in range(5):
        assert lockout.take_guess(key, limit, now=T0 + dt.timedelta(seconds=i)) is None
    until = T0 + dt.timedelta(seconds=4, minutes=15)
    assert lockout.take_guess(key, limit, now=T0 + dt.timedelta(seconds=5)) == until
    assert lockout.locked_until("account:a@example.test", now=until - dt.timedelta(seconds=1))
    assert lockout.locked_until(key, now=until) is None
    assert lockout.take_guess(key, limit, now=until) is None


def test_it_starts_a_fresh_count_after_a_lock_expires() -> None:
    key, limit = lockout.account_key("a@example.test"), lockout.account_limit()
    for i in range(5):
        lockout.take_guess(key, limit, now=T0 + dt.timedelta(seconds=i))
    assert lockout.take_guess(key, limit, now=T0 + dt.timedelta(minutes=30)) is None
    assert SignInCounter.objects.get().attempts == 1


def test_it_forgets_failures_older_than_the_lock_period() -> None:
    key, limit = lockout.account_key("a@example.test"), lockout.account_limit()
    for i in range(4):
        lockout.take_guess(key, limit, now=T0 + dt.timedelta(seconds=i))
    assert lockout.take_guess(key, limit, now=T0 + dt.timedelta(minutes=16)) is None
    assert SignInCounter.objects.get().attempts == 1


# --- strangers' guesses do not lock out the account's own browser ----------------------


def test_a_strangers_failures_do_not_lock_out_a_browser_that_signed_in_before(
    referrer, password
) -> None:
    own = Client()
    assert _post(own, referrer.email, password).status_code == 302
    assert COOKIE in own.cookies
    own.post("/accounts/logout/")  # (Client.logout() would drop every cookie)
    stranger = Client()
    for _ in range(5):
        _post(stranger, referrer.email, "bad")
    assert "locked" in _post(stranger, referrer.email, password).content.decode()
    assert _post(own, referrer.email, password).status_code == 302


def test_a_known_browser_has_its_own_lock(referrer, password) -> None:
    own = Client()
    _post(own, referrer.email, password)
    own.post("/accounts/logout/")  # (Client.logout() would drop every cookie)
    for _ in range(5):
        _post(own, referrer.email, "bad")
    assert "locked" in _post(own, referrer.email, password).content.decode()
    assert _post(Client(), referrer.email, password).status_code == 302


def test_a_browser_cookie_counts_only_for_the_account_that_signed_in(
    referrer, outsider, password
) -> None:
    own = Client()
    _post(own, referrer.email, password)
    own.post("/accounts/logout/")  # (Client.logout() would drop every cookie)
    for _ in range(5):
        _post(Client(), outsider.email, "bad")
    assert "locked" in _post(own, outsider.email, password).content.decode()


def test_a_forged_browser_cookie_counts_as_a_stranger(client, referrer, password) -> None:
    for _ in range(5):
        _post(Client(), referrer.email, "bad")
    client.cookies[COOKIE] = '{"id": "x", "accounts": ["referrer@example.test"]}'
    assert "locked" in _post(client, referrer.email, password).content.decode()


# --- per client address ---------------------------------------------------------------


def test_one_address_is_refused_after_its_failures_whichever_accounts(
    client, referrer, outsider, password, settings
) -> None:
    settings.SPINEPATH_ADDRESS_FAILURES = 3
    for email in ("a@example.test", "b@example.test", "c@example.test"):
        assert _post(client, email, "bad").status_code == 200
    response = _post(client, referrer.email, password)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "too many failed sign-in attempts from your network" in response.content.decode()
    assert not _signed_in(client)
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert _post(other, outsider.email, password).status_code == 302


def test_an_address_gets_its_guess_back_on_success(client, referrer, password, settings) -> None:
    settings.SPINEPATH_ADDRESS_FAILURES = 3
    for _ in range(10):  # a ward of colleagues signing in from one hospital address
        assert _post(client, referrer.email, password).status_code == 302
        client.logout()
    assert not SignInCounter.objects.filter(key__startswith="address:", attempts__gt=0).exists()


def test_it_counts_an_address_lock_for_only_the_attempts_that_checked_a_password(
    client, coordinator, settings
) -> None:
    settings.SPINEPATH_ADDRESS_FAILURES = 8
    for _ in range(7):  # five to lock the account, two refused unchecked
        _post(client, coordinator.email, "bad")
    assert SignInCounter.objects.get(key="address:127.0.0.1").attempts == 5


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "203.0.113.7", "10.0.0.1"),  # no proxy: the header is ignored
        (1, "10.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the proxy's entry
        (2, "10.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "10.0.0.1", "", "10.0.0.1"),  # header missing: the peer
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),  # IPv6: its /64
    ],
)
def test_it_finds_the_client_address(rf, settings, proxies, remote, forwarded, expected) -> None:
    settings.SPINEPATH_PROXY_COUNT = proxies
    request = rf.post(LOGIN, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    if not forwarded:
        del request.META["HTTP_X_FORWARDED_FOR"]
    assert lockout.client_address(request) == expected


# --- bounded password hashing ---------------------------------------------------------


def test_it_answers_429_when_every_password_check_slot_is_busy(
    client, coordinator, password, monkeypatch
) -> None:
    slots = threading.BoundedSemaphore(1)
    slots.acquire()  # another sign-in is hashing
    monkeypatch.setattr(services, "_PASSWORD_CHECKS", slots)
    response = _post(client, coordinator.email, password)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "busy signing other people in" in response.content.decode()
    assert not SignInCounter.objects.exists()  # and no guess was counted
    slots.release()
    assert _post(client, coordinator.email, password).status_code == 302


def test_it_logs_out_on_post_only(client_for, coordinator) -> None:
    client = client_for(coordinator)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_it_redirects_a_signed_in_user_away_from_login(client_for, coordinator) -> None:
    assert client_for(coordinator).get(LOGIN)["Location"] == "/"

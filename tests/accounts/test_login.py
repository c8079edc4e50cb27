import datetime as dt

import pytest
from django.utils import timezone

from spinepath.accounts import lockout
from spinepath.accounts.models import LoginThrottle

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _post(client, email, password, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def test_it_shows_the_login_page(client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Log in to spinepath" in html
    assert 'autocomplete="current-password"' in html


def test_it_logs_in_and_goes_to_next(client, coordinator, password) -> None:
    response = _post(client, "Coordinator@Example.test", password, next="/patients/")
    assert response.status_code == 302
    assert response["Location"] == "/patients/"
    assert client.get("/").status_code == 200


def test_it_ignores_a_next_url_on_another_host(client, coordinator, password) -> None:
    response = _post(client, coordinator.email, password, next="https://evil.example/")
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
    assert "_auth_user_id" not in client.session


def test_it_lets_the_user_in_once_the_lock_expires(client, coordinator, password) -> None:
    for _ in range(5):
        _post(client, coordinator.email, "bad")
    # Move the lock into the past rather than waiting 15 minutes.
    LoginThrottle.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert _post(client, coordinator.email, password).status_code == 302
    assert not LoginThrottle.objects.exists()


def test_it_clears_the_failure_count_on_success(client, coordinator, password) -> None:
    for _ in range(4):
        _post(client, coordinator.email, "bad")
    assert _post(client, coordinator.email, password).status_code == 302
    client.logout()
    for _ in range(4):
        html = _post(client, coordinator.email, "bad").content.decode()
    assert "locked" not in html


def test_it_locks_for_fifteen_minutes_exactly() -> None:
    t0 = timezone.now()
    for i in range(4):
        assert lockout.record_failure("a@example.test", now=t0 + dt.timedelta(seconds=i)) is None
    until = lockout.record_failure("A@example.test ", now=t0 + dt.timedelta(seconds=4))
    assert until == t0 + dt.timedelta(seconds=4, minutes=15)
    assert lockout.locked_until("a@example.test", now=until - dt.timedelta(seconds=1)) == until
    assert lockout.locked_until("a@example.test", now=until) is None


def test_it_starts_a_fresh_count_after_a_lock_expires() -> None:
    t0 = timezone.now()
    for i in range(5):
        lockout.record_failure("a@example.test", now=t0 + dt.timedelta(seconds=i))
    later = t0 + dt.timedelta(minutes=30)
    assert lockout.record_failure("a@example.test", now=later) is None
    assert LoginThrottle.objects.get().failures == 1


def test_it_logs_out_on_post_only(client_for, coordinator) -> None:
    client = client_for(coordinator)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_it_redirects_a_signed_in_user_away_from_login(client_for, coordinator) -> None:
    assert client_for(coordinator).get(LOGIN)["Location"] == "/"

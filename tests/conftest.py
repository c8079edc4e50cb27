"""Shared fixtures: personas (one signed-in user per role), the database choice, a browser.

Database: the suite runs on SQLite unless DATABASE_URL is set, e.g.
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` (pytest-django then creates and
drops `test_test`). Tests that touch the database get the `database` marker
automatically; `make tests-postgres` runs those. If PostgreSQL is asked for but cannot
be reached they are skipped with the reason, except under CI=true, where the run fails.

Browser: tests marked `browser` get `page` (Playwright on Debian's /usr/bin/chromium,
against pytest-django's live_server) and `screenshot(page, name)`, which saves
test-artifacts/screenshots/<name>.png. No Chromium: skipped, or a failure under CI=true.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
PASSWORD = "correct-horse-battery-staple"
# Every persona with a staff role has an authenticator app with this secret (hex).
TOTP_KEY = "3132333435363738393031323334353637383930"

# Playwright's sync API keeps an event loop on the test thread; the ORM calls made by
# fixtures on that thread are still synchronous, so tell Django they are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _postgres_problem() -> str | None:
    """Why the PostgreSQL in DATABASE_URL cannot be used, or None (also when unset)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL at DATABASE_URL is unreachable: {str(error).strip()}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    uses_db = [
        item
        for item in items
        if item.get_closest_marker("django_db") or _DB_FIXTURES & set(item.fixturenames)  # type: ignore[attr-defined]
    ]
    for item in uses_db:
        item.add_marker(pytest.mark.database)
    if not uses_db:
        return
    problem = _postgres_problem()
    if problem and CI:
        pytest.exit(f"{problem} (CI=true: a missing PostgreSQL fails the run)", returncode=1)
    if problem:
        for item in uses_db:
            item.add_marker(pytest.mark.skip(reason=problem))


# --- the clock -----------------------------------------------------------------------


@pytest.fixture
def frozen_clock(time_machine: Any) -> Callable[[dt.datetime], None]:
    """`frozen_clock(at)`: stop the app's one clock (spinepath.common.clock) at `at`; call
    again to move it. Time stands still in between, in the live server's thread too, so a
    page shows exactly the times a test expects, whatever the hour it runs at."""

    def set_to(at: dt.datetime) -> None:
        time_machine.move_to(at, tick=False)

    return set_to


# --- forms ---------------------------------------------------------------------------


def form_version(response: Any, name: str = "version") -> str:
    """The version a page's edit form was loaded at (its hidden field), as posted back.
    `response`: a test client's response, or the page's HTML."""
    html = response if isinstance(response, str) else response.content.decode()
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="(\d+)"', html) or re.search(
        rf'value="(\d+)"[^>]*name="{re.escape(name)}"', html
    )
    assert match, f"no hidden {name!r} field in the page"
    return match.group(1)


def signed_in_client(user: Any) -> Any:
    """A test client of its own (its own cookies), signed in as `user`: one per person."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# --- personas -------------------------------------------------------------------------


@pytest.fixture
def sites(db: Any) -> dict[str, Any]:
    from spinepath.clinics.models import Site

    return {
        "london": Site.objects.create(code="london", name="London spine clinic"),
        "norwich": Site.objects.create(code="norwich", name="Norwich spine clinic"),
    }


def _user(role: str, email: str, site: Any = None) -> Any:
    from spinepath.accounts.models import User

    user = User.objects.create_user(email, PASSWORD, role=role, site=site, first_name=role)
    _authenticator_for(user)
    return user


def _authenticator_for(user: Any) -> Any:
    """The user's authenticator app (secret TOTP_KEY), created for staff roles; or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from spinepath.accounts import mfa

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and mfa.needs_two_step(user):
        device = TOTPDevice.objects.create(user=user, name="Test app", key=TOTP_KEY)
    return device


def two_step_code(user: Any) -> str:
    """The code the user's authenticator app shows now.

    Browser tests cannot freeze the live server's clock (its sessions would expire), so
    this reads the real time; the server accepts the codes of the neighbouring 30-second
    steps too, so a code typed within seconds cannot go stale. The replay guard is reset
    because a test may sign the same persona in twice within one step.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = _authenticator_for(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in_through_form(tab: Any, base_url: str, user: Any, password: str = PASSWORD) -> None:
    """Sign in through the login page, and the two-step page when the user has one."""
    tab.goto(f"{base_url}/accounts/login/")
    tab.get_by_label("Email address").fill(user.email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Log in").click()
    if _authenticator_for(user) is not None:
        tab.get_by_role("heading", name="Enter your code").wait_for()
        tab.get_by_label("Code", exact=True).fill(two_step_code(user))
        tab.get_by_role("button", name="Continue").click()


@pytest.fixture(autouse=True)
def _force_login_passes_two_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login(user)` also passes the second step (as force_login skips the
    password); tests of two-step verification sign in through the forms instead."""
    from django.test import Client

    original = Client.force_login

    def force_login(self: Any, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        if (device := _authenticator_for(user)) is not None:
            from django_otp import DEVICE_ID_SESSION_KEY

            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def referrer(sites: dict[str, Any]) -> Any:
    return _user("referrer", "referrer@example.test")


@pytest.fixture
def coordinator(sites: dict[str, Any]) -> Any:
    return _user("coordinator", "coordinator@example.test", sites["london"])


@pytest.fixture
def clinician(sites: dict[str, Any]) -> Any:
    return _user("clinician", "clinician@example.test", sites["london"])


@pytest.fixture
def clinic_admin(sites: dict[str, Any]) -> Any:
    return _user("clinic_admin", "clinic-admin@example.test", sites["norwich"])


@pytest.fixture
def system_admin(sites: dict[str, Any]) -> Any:
    user = _user("system_admin", "system-admin@example.test")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def outsider(sites: dict[str, Any]) -> Any:
    """A signed-in referrer from another practice: sees nothing of other referrers' work."""
    return _user("referrer", "other-referrer@example.test")


@pytest.fixture
def client_for(client: Any) -> Callable[[Any], Any]:
    """`client_for(coordinator)`: the test client, signed in as that persona."""

    def sign_in(user: Any) -> Any:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def patient(sites: dict[str, Any]) -> Any:
    from spinepath.patients.models import Patient

    return Patient.objects.create(
        given_name="Ada",
        family_name="Fictional",
        date_of_birth="1950-01-31",
        sex="female",
        nhs_number="9990000018",
        home_site=sites["london"],
    )


# --- browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if CI:
            pytest.fail(f"{message}; CI=true needs it", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def new_context(browser: Any, **options: Any) -> Any:
    """A browser context (its own cookies) that stays off the internet: any request to
    another host is refused at once (the app makes none; `make assets` drops the NHS.UK
    web font's assets.nhs.uk rules, and the Content-Security-Policy would block them)."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda r: r.abort())
    return context


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab; `page.goto(live_server.url + "/")`."""
    context = new_context(browser)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """`screenshot(page, "home-coordinator")` -> test-artifacts/screenshots/<name>.png."""

    def save(tab: Any, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        # Text in a web font that is still loading is drawn invisible: wait for the page
        # and its fonts (evaluate runs even in a context with JavaScript disabled).
        tab.wait_for_load_state("load")
        tab.evaluate("document.fonts.ready.then(() => null)")
        tab.screenshot(path=str(path), full_page=full_page)
        return path

    return save


@pytest.fixture
def log_in(live_server: Any) -> Callable[[Any, Any], None]:
    """`log_in(page, coordinator)`: sign in through the real login form (and the two-step
    form, for staff roles)."""

    def sign_in(tab: Any, user: Any) -> None:
        sign_in_through_form(tab, live_server.url, user)
        tab.wait_for_url(f"{live_server.url}/")

    return sign_in


@pytest.fixture
def password() -> str:
    """Every persona's password."""
    return PASSWORD

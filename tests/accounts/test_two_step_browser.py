"""Two-step verification in a real browser: signing in, and setting up an app.

The live server's clock cannot be frozen (its sessions would expire), so codes are
computed for the real time; the server accepts the neighbouring 30-second steps too.
"""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect
from tests.conftest import PASSWORD, two_step_code

from spinepath.accounts.models import User

pytestmark = pytest.mark.browser


def test_a_clinician_signs_in_with_password_then_code(
    page, live_server, clinician, screenshot
) -> None:
    page.goto(f"{live_server.url}/patients/")
    page.get_by_label("Email address").fill(clinician.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.goto(f"{live_server.url}/patients/")  # the password alone reaches nothing
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    screenshot(page, "two-step-code")
    page.get_by_label("Code", exact=True).fill(two_step_code(clinician))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Patients", exact=True)).to_be_visible()


def test_a_new_coordinator_sets_up_an_authenticator_app(
    page, live_server, sites, screenshot
) -> None:
    user = User.objects.create_user("new-coordinator@example.test", PASSWORD, role="coordinator")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Set up two-step verification")).to_be_visible()
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    screenshot(page, "two-step-set-up")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    code = f"{TOTP(b32decode(secret)).token():06d}"
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator("#recovery-codes li").count() == 10
    screenshot(page, "two-step-recovery-codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", name="Welcome to spinepath")).to_be_visible()

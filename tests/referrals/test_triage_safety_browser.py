"""In Chromium, with and without JavaScript: "None of these symptoms" ticked with limb
weakness shows an error in the triage panel, never a result (spec §15.2). Screenshots:
test-artifacts/screenshots/referral-none-and-weakness-*."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spinepath.referrals.models import Referral
from tests.conftest import new_context

pytestmark = pytest.mark.browser


def _contradict(page) -> None:
    page.get_by_label("Past or current cancer diagnosis").check()
    page.get_by_label("Weakness of an arm or leg").check()
    page.get_by_label("Difficulty walking or unsteadiness").check()
    page.get_by_label("None of these symptoms").check()


def test_live_triage_shows_an_error_for_none_of_these_with_weakness(
    page, live_server, log_in, referrer, sites, screenshot
) -> None:
    log_in(page, referrer)
    page.goto(f"{live_server.url}/referrals/new/")
    result = page.locator("#triage-result")
    expect(result).to_contain_text("Answer the questions")
    _contradict(page)
    expect(result).to_contain_text("No triage result: correct the answers first.")
    expect(result).not_to_contain_text("Routine")
    screenshot(page, "referral-none-and-weakness-live")
    page.get_by_label("None of these symptoms").uncheck()
    expect(result.locator(".app-triage__label")).to_have_text(
        "Emergency: suspected spinal cord compression"
    )


def test_check_triage_without_javascript_shows_an_error_never_a_result(
    browser, live_server, log_in, referrer, sites, screenshot
) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, referrer)
        page.goto(f"{live_server.url}/referrals/new/")
        _contradict(page)
        page.get_by_role("button", name="Check triage").click()
        result = page.locator("#triage-result")
        assert "No triage result: correct the answers first." in result.inner_text()
        assert "Routine" not in result.inner_text()
        screenshot(page, "referral-none-and-weakness-no-javascript")
        page.get_by_role("button", name="Send referral").click()
        assert "is ticked together with symptoms" in page.content()
        assert not Referral.objects.exists()
    finally:
        context.close()

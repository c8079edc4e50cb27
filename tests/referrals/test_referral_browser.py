"""The referral journey in Chromium: live triage with htmx, the same without JavaScript,
and the worklist with a breach. Screenshots go to test-artifacts/screenshots/referral-*."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from spinepath.referrals.models import Referral
from spinepath.referrals.services import advance_status
from tests.referrals.conftest import NOW

pytestmark = pytest.mark.browser


def _fill_new_patient(page) -> None:
    page.get_by_label("First name").fill("Bert")
    page.get_by_label("Last name").fill("Madeup")
    page.get_by_label("Date of birth").fill("1948-05-06")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("NHS number").fill("999 000 0026")
    page.get_by_label("Refer to which clinic?").select_option(label="London spine clinic")


def test_it_shows_the_triage_live_as_the_form_is_filled(
    page, live_server, log_in, referrer, sites, screenshot
) -> None:
    log_in(page, referrer)
    page.goto(f"{live_server.url}/referrals/new/")
    result = page.locator("#triage-result")
    assert "Answer the questions" in result.inner_text()
    _fill_new_patient(page)
    page.get_by_label("Past or current cancer diagnosis").check()
    page.get_by_label("Pain in the middle (thoracic) or upper (neck) spine").check()
    label = result.locator(".app-triage__label")
    expect(label).to_have_text("Urgent: suspected spinal metastases without neurology")
    page.get_by_label("Weakness of an arm or leg").check()
    expect(label).to_have_text("Emergency: suspected spinal cord compression")
    assert "Within 24 hours" in result.inner_text()
    screenshot(page, "referral-form-live-triage")

    page.get_by_role("button", name="Send referral").click()
    page.get_by_role("heading", name="Referral sent").wait_for()
    referral = Referral.objects.get()
    assert referral.category == "emergency"
    expect(page.get_by_text(referral.reference).first).to_be_visible()
    screenshot(page, "referral-confirmation")
    page.emulate_media(media="print")
    screenshot(page, "referral-confirmation-print")
    expect(page.locator("header.nhsuk-header")).to_be_hidden()


def test_it_checks_triage_and_refers_without_javascript(
    browser, live_server, referrer, sites, password, screenshot
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(referrer.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server.url}/referrals/new/")
        _fill_new_patient(page)
        page.get_by_label("Cancer suspected, not yet diagnosed").check()
        page.get_by_label("Back pain worse lying down").check()
        page.get_by_role("button", name="Check triage").click()
        result = page.locator("#triage-result")
        assert "Urgent: suspected spinal metastases" in result.inner_text()
        assert page.get_by_label("Back pain worse lying down").is_checked()  # answers kept
        assert page.get_by_label("First name").input_value() == "Bert"
        screenshot(page, "referral-form-no-javascript")
        page.get_by_role("button", name="Send referral").click()
        page.get_by_role("heading", name="Referral sent").wait_for()
        assert Referral.objects.get().category == "urgent"
    finally:
        context.close()


def test_it_highlights_a_breach_on_the_worklist(
    page, live_server, log_in, coordinator, make_referral, screenshot, frozen_now
) -> None:
    make_referral(at=NOW - dt.timedelta(hours=30))  # emergency: 24-hour MRI breached
    near = make_referral(symptoms=["thoracic_or_cervical_pain"], at=NOW - dt.timedelta(hours=140))
    advance_status(near, "acknowledged", coordinator, at=NOW - dt.timedelta(hours=100))
    log_in(page, coordinator)
    page.goto(f"{live_server.url}/referrals/worklist/")
    rows = page.locator("table.app-referrals tbody tr")
    expect(rows).to_have_count(2)
    # NOW is Mon 12 Jan 2026, 09:00 (GMT): the emergency's MRI was due 6 hours ago, the
    # urgent one's 1-week MRI is due in 28 hours (near breach: under 42 hours left).
    expect(rows.nth(0)).to_contain_text("Breached")
    expect(rows.nth(0).locator(".app-deadline")).to_have_text(
        "Whole-spine MRI: Mon 12 Jan 2026, 03:00 overdue by 6 h 0 min", use_inner_text=True
    )
    expect(rows.nth(1)).to_contain_text("Near breach")
    expect(rows.nth(1).locator(".app-deadline")).to_have_text(
        "Whole-spine MRI: Tue 13 Jan 2026, 13:00 1 day 4 h left", use_inner_text=True
    )
    screenshot(page, "referral-worklist")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "referral-worklist-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="FICTIONAL, Ada").first.click()
    page.get_by_role("heading", name="Move the referral on").wait_for()
    screenshot(page, "referral-detail")


def test_it_shows_the_triage_under_the_symptoms_on_a_phone(
    page, live_server, log_in, referrer, sites, screenshot
) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, referrer)
    page.goto(f"{live_server.url}/referrals/new/")
    page.get_by_label("Past or current cancer diagnosis").check()
    weakness = page.get_by_label("Weakness of an arm or leg")
    weakness.check()
    expect(page.locator("#triage-result .app-triage__label")).to_have_text(
        "Emergency: suspected spinal cord compression"
    )
    symptoms = page.locator("fieldset", has_text="Cancer and symptoms").first.bounding_box()
    triage = page.locator("#triage-result").bounding_box()
    send = page.get_by_role("button", name="Send referral").bounding_box()
    assert symptoms is not None
    assert triage is not None
    assert send is not None
    # Straight after the symptoms, full width, and well above the Send button.
    assert symptoms["y"] + symptoms["height"] <= triage["y"] < send["y"]
    assert triage["width"] > 300
    # All of it in the page's flow: not a box that scrolls inside the page.
    column = page.locator(".app-triage-column")
    assert column.evaluate("e => e.scrollHeight <= e.clientHeight")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Cannot walk").scroll_into_view_if_needed()
    screenshot(page, "referral-form-phone-triage", full_page=False)
    screenshot(page, "referral-form-phone")


def _settled(page) -> None:
    """Wait until htmx has swapped and settled (its classes gone): the new content's own
    htmx attributes work only from then on."""
    expect(page.locator(".htmx-request, .htmx-added, .htmx-settling")).to_have_count(0)


def _choose_patient_by_search(page, javascript: bool) -> None:
    # htmx reads the field's value when it starts ("input changed"): typing before the
    # page's deferred scripts have run would look unchanged to it on a slow machine.
    page.wait_for_load_state("load")
    page.get_by_label("Find a patient already on spinepath").fill("999 000 0018")
    if not javascript:
        page.get_by_role("button", name="Find patient").click()
    expect(page.get_by_role("link", name="Choose FICTIONAL, Ada")).to_be_visible()
    _settled(page)
    page.get_by_role("link", name="Choose FICTIONAL, Ada").click()
    expect(page.locator(".app-chosen-patient")).to_contain_text("FICTIONAL, Ada")
    expect(page.get_by_label("First name")).to_have_count(0)  # no new-patient details


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_it_lets_a_coordinator_find_the_patient_by_search(
    browser, live_server, coordinator, patient, password, screenshot, javascript
) -> None:
    from tests.conftest import new_context, sign_in_through_form

    context = new_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in_through_form(page, live_server.url, coordinator, password)
        page.get_by_role("link", name="Refer a patient").first.click()
        page.wait_for_load_state("load")
        if javascript:  # the results come as you type, and the rest of the form stays
            page.get_by_label("Past or current cancer diagnosis").check()
        _choose_patient_by_search(page, javascript)
        run = "js" if javascript else "nojs"
        screenshot(page, f"referral-form-patient-chosen-{run}")
        if javascript:
            expect(page.get_by_label("Past or current cancer diagnosis")).to_be_checked()
            page.get_by_role("link", name="Choose a different patient").click()
            expect(page.get_by_label("Find a patient already on spinepath")).to_be_visible()
            _settled(page)
            page.get_by_label("Find a patient already on spinepath").press_sequentially("fiction")
            expect(page.get_by_role("link", name="Choose FICTIONAL, Ada")).to_be_visible()
            _settled(page)
            page.get_by_role("link", name="Choose FICTIONAL, Ada").click()
            expect(page.locator(".app-chosen-patient")).to_contain_text("FICTIONAL, Ada")
        else:
            page.get_by_label("Past or current cancer diagnosis").check()
        page.get_by_label("Weakness of an arm or leg").check()
        page.get_by_label("Refer to which clinic?").select_option(label="London spine clinic")
        page.get_by_label("Referring clinician").fill("Dr Example, Any Surgery (phone)")
        page.get_by_role("button", name="Send referral").click()
        expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
        referral = Referral.objects.get()
        assert referral.patient == patient
        assert referral.category == "emergency"
    finally:
        context.close()

"""Two people edit one patient in Chromium: the second save is refused with a conflict
page. Screenshot: test-artifacts/screenshots/patient-edit-conflict.png."""

import pytest
from playwright.sync_api import expect
from tests.conftest import new_context

from spinepath.patients.models import Patient

pytestmark = pytest.mark.browser


def test_it_shows_the_second_editor_a_conflict_and_keeps_the_first_save(
    browser, live_server, page, log_in, clinician, coordinator, patient, screenshot
) -> None:
    other = new_context(browser).new_page()
    try:
        log_in(page, clinician)
        log_in(other, coordinator)
        url = f"{live_server.url}/patients/{patient.pk}/edit/"
        page.goto(url)
        other.goto(url)
        page.get_by_label("First name").fill("Adah")
        page.get_by_role("button", name="Save patient").click()
        expect(page.get_by_text("Patient FICTIONAL, Adah updated.")).to_be_visible()
        other.get_by_label("Last name").fill("Other")
        other.get_by_role("button", name="Save patient").click()
        expect(
            other.get_by_role("heading", name="was changed while you were editing")
        ).to_be_visible()
        row = other.locator("table.app-conflict tr", has_text="Last name")
        expect(row).to_contain_text("Differs")
        expect(row.locator("td").nth(0)).to_have_text("Other")
        expect(row.locator("td").nth(1)).to_have_text("Fictional")
        screenshot(other, "patient-edit-conflict")
        other.get_by_role("link", name="Open the saved version").click()
        expect(other.get_by_label("First name")).to_have_value("Adah")
        stored = Patient.objects.get(pk=patient.pk)
        assert (stored.given_name, stored.family_name, stored.version) == ("Adah", "Fictional", 2)
    finally:
        other.context.close()

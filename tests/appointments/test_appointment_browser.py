import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from spinepath.appointments.services import generate_slots

pytestmark = pytest.mark.browser


def test_it_books_an_emergency_into_the_earliest_slot_and_prints_the_clinic_list(
    page, live_server, log_in, coordinator, patient, sites, make_referral, screenshot, frozen_views
) -> None:
    today = timezone.localdate(frozen_views)  # Monday 23 November 2026, 08:00
    generate_slots(sites["norwich"], today, today + dt.timedelta(days=14), weekdays=range(7))
    generate_slots(sites["london"], today + dt.timedelta(days=3), today + dt.timedelta(days=14))
    make_referral(patient, "emergency", received_at=frozen_views)
    log_in(page, coordinator)
    page.goto(f"{live_server.url}/appointments/patients/{patient.pk}/book/")
    screenshot(page, "appointments-book-emergency")
    assert "earliest free slot at any site" in page.locator("#offer-reason").inner_text()
    first = page.locator("input[name=slot]").first
    assert "Norwich" in page.locator(f"label[for={first.get_attribute('id')}]").inner_text()
    screenshot(page, "appointments-book-emergency")
    first.check()
    page.get_by_role("button", name="Book appointment").click()
    expect(page.get_by_text("Booked:")).to_be_visible()
    screenshot(page, "appointments-patient")

    page.get_by_role("link", name="Appointments", exact=True).click()
    page.get_by_role("link", name="See a clinic list").click()
    page.get_by_label("Site").select_option(label="Norwich spine clinic")
    page.get_by_role("button", name="Show clinic list").click()
    expect(
        page.get_by_role("heading", name="Norwich spine clinic, Monday 23 November 2026")
    ).to_be_visible()
    expect(page.locator("tr", has_text="FICTIONAL, Ada")).to_contain_text("09:00")
    screenshot(page, "appointments-clinic-list")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "appointments-clinic-list-phone")
    page.emulate_media(media="print")
    expect(page.locator("header.nhsuk-header")).to_be_hidden()

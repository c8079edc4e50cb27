"""The whole pathway in Chromium, once with JavaScript and once without: a GP refers a
patient, the MSCC coordinator triages the worklist, a clinician assesses and records the
MDT decision, a clinic admin books the appointment.

Each role signs in through the login page in its own browser context, and every step is
taken through the pages. Fixtures only create the users, the sites and the clinic slots.
The app's clock stands still at REFERRED_AT (a summer afternoon, so local time is BST) and
is moved on between the steps, so every date and time on the pages is exact.
Screenshots: test-artifacts/screenshots/journey-js-*.png and journey-nojs-*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from spinepath.appointments.services import generate_slots
from tests.conftest import new_context, sign_in_through_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LESION = {  # T10: semi-rigid, 1 point; with these items SINS = 1+3+2+0+2+1 = 9
    "level": "T10",
    "compartment": "extradural",
    "pain": "mechanical",
    "bone_lesion": "lytic",
    "alignment": "normal",
    "collapse": "under_50",
    "posterolateral": "unilateral",
    "bilsky": "2",
}
SYSTEMIC = {
    "primary_site": "prostate",
    "cancer_history": "known",
    "kps": "70",
    "visceral_metastases": "none",
    "frankel": "D",
    "ambulatory": "assisted",
    "fit_for_surgery": "true",
    # SINS 9 asks a spinal surgeon (spec §15.3); the surgeon has judged the spine stable.
    "instability_judgement": "stable",
    "myelopathy": "true",
}
COUNTS = {"extraspinal_bone_metastases": "2", "vertebral_metastases": "1"}
# Monday 15 June 2026, 14:05 in London (BST, UTC+1).
REFERRED_AT = dt.datetime(2026, 6, 15, 13, 5, tzinfo=dt.UTC)
TRIAGED_AT = REFERRED_AT + dt.timedelta(hours=1, minutes=30)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return request.param


@pytest.fixture
def clock(frozen_clock: Callable[[dt.datetime], None]) -> Callable[[dt.datetime], None]:
    """The app's clock, standing at REFERRED_AT until the test moves it."""
    frozen_clock(REFERRED_AT)
    return frozen_clock


@pytest.fixture
def tomorrow(sites: dict[str, Any], clock: Any) -> dt.date:
    """Clinic slots: Norwich from tomorrow, London from the day after (so the earliest
    slot anywhere is at the other clinic than the one referred to)."""
    day = dt.date(2026, 6, 16)
    generate_slots(sites["norwich"], day, day + dt.timedelta(days=7), weekdays=range(7))
    later = day + dt.timedelta(days=1)
    generate_slots(sites["london"], later, later + dt.timedelta(days=7), weekdays=range(7))
    return day


@pytest.fixture
def signed_in(
    browser: Any, live_server: Any, javascript: bool, password: str
) -> Iterator[Callable[[Any], Page]]:
    """`signed_in(user)`: a new browser (its own cookies) signed in through the login page."""
    contexts = []

    def open_as(user: Any) -> Page:
        context = new_context(browser, java_script_enabled=javascript)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        sign_in_through_form(tab, live_server.url, user, password)
        expect(tab.get_by_role("heading", name=re.compile("^Welcome|spinepath"))).to_be_visible()
        return tab

    yield open_as
    for context in contexts:
        context.close()


def test_a_patient_goes_from_referral_to_an_appointment(
    signed_in,
    javascript,
    referrer,
    coordinator,
    clinician,
    clinic_admin,
    tomorrow,
    screenshot,
    clock,
) -> None:
    run = "js" if javascript else "nojs"

    def shot(tab: Page, step: str) -> None:
        screenshot(tab, f"journey-{run}-{step}")

    # 1. The GP refers a new patient: known prostate cancer, back pain, new leg weakness.
    gp = signed_in(referrer)
    gp.get_by_role("link", name="Refer a patient").first.click()
    expect(gp.get_by_role("heading", name="Refer a patient")).to_be_visible()
    gp.get_by_label("First name").fill("Bert")
    gp.get_by_label("Last name").fill("Madeup")
    gp.get_by_label("Date of birth").fill("1948-05-06")
    gp.get_by_label("Male", exact=True).check()
    gp.get_by_label("NHS number").fill("999 000 0026")
    gp.get_by_label("Past or current cancer diagnosis").check()
    gp.get_by_label("Primary cancer site").select_option(label="Prostate")
    gp.get_by_label("Back pain on movement or when sitting or standing up").check()
    gp.get_by_label("Weakness of an arm or leg").check()
    gp.get_by_label("Walks with help or aids").check()
    gp.get_by_label("Clinical notes").fill("Legs weak since yesterday. On apixaban.")
    gp.get_by_label("Refer to which clinic?").select_option(label="London spine clinic")
    triage = gp.locator("#triage-result")
    if not javascript:
        expect(triage).to_contain_text("Answer the questions")  # nothing updates by itself
        gp.get_by_role("button", name="Check triage").click()
        expect(gp.get_by_label("Weakness of an arm or leg")).to_be_checked()  # answers kept
    expect(triage.locator(".app-triage__category")).to_have_text("Emergency")
    expect(triage.locator(".app-triage__label")).to_have_text(
        "Emergency: suspected spinal cord compression"
    )
    expect(triage).to_contain_text("Within 24 hours")
    expect(triage).to_contain_text("Safety-net advice for the patient")
    shot(gp, "01-referral-triage")
    gp.get_by_role("button", name="Send referral").click()
    expect(gp.get_by_role("heading", name="Referral sent")).to_be_visible()
    reference = gp.locator(".app-reference").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]{6,}", reference), reference
    expect(gp.get_by_text("Emergency: suspected spinal cord compression").first).to_be_visible()
    # The MRI is due 24 hours after the referral, shown in London time.
    expect(gp.get_by_text("Whole-spine MRI: by Tue 16 Jun 2026, 14:05")).to_be_visible()
    shot(gp, "02-confirmation")

    # 2. An hour and a half later the coordinator finds it at the top of the worklist,
    # its MRI due 24 hours after the referral: 22 h 30 min left.
    clock(TRIAGED_AT)
    mscc = signed_in(coordinator)
    mscc.get_by_role("link", name="Worklist").first.click()
    expect(mscc.get_by_role("heading", name="Referrals worklist")).to_be_visible()
    top = mscc.locator("table.app-referrals tbody tr").first
    expect(top).to_contain_text("MADEUP, Bert")
    expect(top).to_contain_text(reference)
    expect(top).to_contain_text("Emergency")
    expect(top).to_contain_text("Received")
    expect(top.locator(".app-deadline")).to_have_text(
        "Whole-spine MRI: Tue 16 Jun 2026, 14:05 22 h 30 min left", use_inner_text=True
    )
    shot(mscc, "03-worklist")
    top.get_by_role("link", name="MADEUP, Bert").click()
    expect(mscc.get_by_role("heading", name="MADEUP, Bert")).to_be_visible()
    expect(mscc.get_by_text(f"Referral {reference}", exact=True)).to_be_visible()
    for status in ("Acknowledged", "Imaging requested", "Imaging done", "MDT discussion"):
        mscc.get_by_label("Move to").select_option(label=status)
        mscc.get_by_role("button", name="Update status").click()
        expect(mscc.get_by_text(f"Referral {reference}: {status}.")).to_be_visible()
        expect(mscc.locator("main strong.nhsuk-tag--blue")).to_have_text(status)
    history = mscc.locator("table.nhsuk-table").last
    for status in ("Received", "Acknowledged", "Imaging requested", "Imaging done"):
        expect(history).to_contain_text(status)
    expect(history).to_contain_text(coordinator.email)
    shot(mscc, "04-referral-at-mdt")

    # 3. The clinician assesses the patient and records the MDT decision.
    doctor = signed_in(clinician)
    doctor.get_by_role("link", name="Worklist").first.click()
    doctor.get_by_role("link", name="MADEUP, Bert").first.click()
    doctor.get_by_role("link", name="Assessments and MDT decisions for MADEUP, Bert").click()
    doctor.get_by_role("link", name="Start an assessment").click()
    expect(doctor.get_by_role("heading", name="Assessment", exact=True)).to_be_visible()
    sins = doctor.locator('[data-score="sins"]')
    for name, value in LESION.items():
        doctor.select_option(f"#id_lesion-0-{name}", value)
    for name, value in SYSTEMIC.items():
        doctor.select_option(f"#id_{name}", value)
    for name, value in COUNTS.items():
        doctor.fill(f"#id_{name}", value)
    expect(doctor.get_by_label("Referral")).to_have_value(re.compile(r"\d+"))  # linked
    if javascript:
        expect(sins).to_contain_text("Potentially unstable (7–12)")
    else:
        expect(sins).to_contain_text("Incomplete")  # the page as it loaded, until asked
        doctor.get_by_role("button", name="Recalculate").click()
    expect(sins).to_contain_text("9")
    expect(sins).to_contain_text("Potentially unstable (7–12)")
    # The counts typed last (the cursor still in the field) count too: 12, no longer a range.
    expect(doctor.locator('[data-score="tokuhashi_revised"]')).to_contain_text(
        "12 Predicted survival ≥ 1 year"
    )
    expect(doctor.locator("#proposed-plan")).to_contain_text(
        "Conventional external-beam radiotherapy (cEBRT)"
    )
    shot(doctor, "05-assessment-scores")
    doctor.get_by_role("button", name="Save assessment").click()
    expect(doctor.get_by_role("heading", name="Assessment version 1")).to_be_visible()
    expect(doctor.get_by_text("Assessment version 1 saved.")).to_be_visible()
    shot(doctor, "06-assessment-saved")
    doctor.get_by_role("link", name="Record the MDT decision").click()
    if javascript:
        doctor.get_by_label("Accept the proposed plan").check()
    else:
        doctor.get_by_label("Modify the plan").check()
        doctor.get_by_label("Reason for modifying the proposed plan").fill(
            "Frail; the patient prefers radiotherapy alone"
        )
    shot(doctor, "07-mdt-decision")
    doctor.get_by_role("button", name="Record decision").click()
    expect(doctor.get_by_text("MDT decision recorded.")).to_be_visible()
    decision = doctor.locator(".app-decision").first
    expect(decision).to_contain_text("Proposed plan accepted" if javascript else "Plan modified")
    expect(decision).to_contain_text(clinician.email)
    shot(doctor, "08-decision-recorded")

    # 4. The plan is agreed; the clinic admin books the earliest slot and sees the list.
    admin = signed_in(clinic_admin)
    admin.get_by_role("link", name="Worklist").first.click()
    row = admin.locator("table.app-referrals tbody tr", has_text="MADEUP, Bert")
    expect(row).to_contain_text("Plan agreed")
    row.get_by_role("link", name="MADEUP, Bert").click()
    expect(admin.locator("main strong.nhsuk-tag--blue")).to_have_text("Plan agreed")
    expect(admin.locator("table.nhsuk-table").last).to_contain_text(clinician.email)
    shot(admin, "09-plan-agreed")
    admin.get_by_role("link", name="Appointments for MADEUP, Bert").click()
    admin.get_by_role("button", name="Book an appointment").click()
    expect(admin.locator("#offer-reason")).to_contain_text("earliest free slot at any site")
    first = admin.locator("input[name=slot]").first
    label = admin.locator(f"label[for={first.get_attribute('id')}]")
    expect(label).to_contain_text("Norwich spine clinic")
    expect(label).to_contain_text(f"{tomorrow:%d %b}".lstrip("0"))
    expect(admin.locator(".nhsuk-radios__item").first).to_contain_text("Offered first")
    shot(admin, "10-book")
    first.check()
    admin.get_by_role("button", name="Book appointment").click()
    expect(admin.get_by_text("Booked:")).to_be_visible()
    shot(admin, "11-booked")
    admin.get_by_role("link", name="Appointments", exact=True).click()
    admin.get_by_role("link", name="See a clinic list").click()
    admin.get_by_label("Site").select_option(label="Norwich spine clinic")
    admin.get_by_label("Day").fill(tomorrow.isoformat())
    admin.get_by_role("button", name="Show clinic list").click()
    expect(admin.get_by_role("heading", name=re.compile("Norwich"))).to_be_visible()
    booked = admin.locator("tr", has_text="MADEUP, Bert")
    expect(booked).to_have_count(1)
    expect(booked).to_contain_text("09:00")
    shot(admin, "12-clinic-list")

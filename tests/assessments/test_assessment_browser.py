"""The assessment journey in Chromium: live scores as facts are entered, the same with
JavaScript off, and the MDT decision. Screenshots: test-artifacts/screenshots/assessment-*."""

import pytest
from playwright.sync_api import expect

from spinepath.assessments.models import Assessment, MdtDecision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LESION = {
    "level": "L1",
    "compartment": "extradural",
    "pain": "mechanical",
    "bone_lesion": "lytic",
    "alignment": "normal",
    "collapse": "under_50",
    "posterolateral": "unilateral",
    "bilsky": "1b",
}
SYSTEMIC = {
    "primary_site": "kidney",
    "kps": "70",
    "frankel": "E",
    "visceral_metastases": "none",
    "fit_for_surgery": "true",
    "myelopathy": "false",
}


def _fill(page, live: bool) -> None:
    sins = page.locator('[data-score="sins"]')
    for name, value in LESION.items():
        page.select_option(f"#id_lesion-0-{name}", value)
        if live and name == "level":
            expect(sins).to_contain_text("Incomplete")
            expect(sins).to_contain_text("3–18")  # junctional: 3 points, the rest open
    for name, value in SYSTEMIC.items():
        page.select_option(f"#id_{name}", value)


def test_it_updates_sins_and_the_plan_live(
    page, live_server, log_in, clinician, patient, screenshot
):
    log_in(page, clinician)
    page.goto(f"{live_server.url}/assessments/patient/{patient.pk}/new/")
    expect(page.get_by_role("heading", name="Assessment", exact=True)).to_be_visible()
    screenshot(page, "assessment-empty")
    _fill(page, live=True)
    sins = page.locator('[data-score="sins"]')
    expect(sins).to_contain_text("11")
    expect(sins).to_contain_text("Potentially unstable (7–12)")
    # SINS 7–12 asks a surgeon (spec §15.3): both NOMS branches until the judgement is in.
    branched = page.locator('[data-noms="branched"]')
    expect(branched).to_contain_text("If the spinal surgeon judges the spine unstable")
    expect(page.locator("#recommendations")).to_contain_text("Spinal surgical opinion")
    screenshot(page, "assessment-branched-desktop")
    page.select_option("#id_instability_judgement", "unstable")
    expect(page.locator('[data-noms="complete"]')).to_contain_text("Stabilisation")
    expect(page.locator("#recommendations")).to_contain_text("Stereotactic radiosurgery")
    assert not Assessment.objects.exists()  # live updates never save
    page.locator("#score-sins summary").click()
    screenshot(page, "assessment-live-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "assessment-live-phone")
    for part in ("#id_lesion-0-level", "#proposed-plan", "#score-sins", "#score-tomita"):
        page.locator(part).scroll_into_view_if_needed()
        screenshot(page, f"assessment-phone-{part.strip('#')}", full_page=False)
    # Nothing is wider than the phone's screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_role("heading", name="Assessment version 1")).to_be_visible()
    assert Assessment.objects.get().result["scores"]["sins"]["total"] == 11
    screenshot(page, "assessment-saved-phone")


def test_it_works_with_javascript_off(browser, live_server, log_in, clinician, patient, screenshot):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, clinician)
        page.goto(f"{live_server.url}/assessments/patient/{patient.pk}/new/")
        page.get_by_role("button", name="Add another lesion").click()
        expect(page.locator("#id_lesion-1-level")).to_be_visible()
        _fill(page, live=False)
        page.select_option("#id_lesion-1-level", "L1")  # the same level twice
        page.get_by_role("button", name="Recalculate").click()
        expect(page.get_by_text("There is a problem")).to_be_visible()
        expect(page.locator("#id_lesion-1-level-error")).to_contain_text("one lesion per level")
        screenshot(page, "assessment-nojs-error")
        page.get_by_role("button", name="Remove lesion 2").click()
        page.get_by_role("button", name="Recalculate").click()
        expect(page.locator('[data-score="sins"]')).to_contain_text("Potentially unstable")
        assert not Assessment.objects.exists()
        page.get_by_role("button", name="Save assessment").click()
        expect(page.get_by_role("heading", name="Assessment version 1")).to_be_visible()
        assert Assessment.objects.get().facts["lesions"] == [LESION]
    finally:
        context.close()


def test_it_records_an_mdt_decision(page, live_server, log_in, clinician, saved, screenshot):
    log_in(page, clinician)
    page.goto(f"{live_server.url}/assessments/{saved.pk}/")
    screenshot(page, "assessment-detail-desktop")
    page.get_by_role("link", name="Record the MDT decision").click()
    page.get_by_label("Modify the plan").check()
    page.get_by_label("En bloc excision").uncheck()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#id_reason-error")).to_contain_text("Give the reason")
    assert not MdtDecision.objects.exists()
    page.get_by_label("Reason for modifying the proposed plan").fill(
        "Patient prefers to avoid major surgery"
    )
    screenshot(page, "assessment-decision-desktop")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("MDT decision recorded.")).to_be_visible()
    expect(page.locator(".app-decision").first).to_contain_text("Plan modified")
    decision = MdtDecision.objects.get()
    assert "en_bloc_excision" not in decision.final_codes
    assert decision.decided_by == clinician
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "assessment-detail-phone")
    page.locator(".app-decision").first.scroll_into_view_if_needed()
    screenshot(page, "assessment-phone-decision", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

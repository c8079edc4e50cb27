import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_logs_in_as_coordinator_and_sees_the_home_page(
    page, live_server, log_in, coordinator, screenshot
) -> None:
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    screenshot(page, "login")
    # The NHS.UK stylesheet is served: the header is NHS blue, not unstyled.
    header_colour = page.eval_on_selector(
        "header.nhsuk-header", "el => getComputedStyle(el).backgroundColor"
    )
    assert header_colour == "rgb(0, 94, 184)"

    log_in(page, coordinator)
    expect(page.get_by_role("heading", name="Welcome to spinepath")).to_be_visible()
    expect(page.get_by_role("link", name="Patients").first).to_be_visible()
    screenshot(page, "home-coordinator")

    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "home-coordinator-phone")


def test_it_runs_every_page_script_under_the_content_security_policy(
    page, live_server, log_in, referrer, sites
) -> None:
    """Live triage (htmx), NHS.UK frontend, the print button and Swagger UI all work with
    script-src 'self', and Chromium reports no violation of the policy."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    log_in(page, referrer)
    assert "nhsuk-frontend-supported" in page.eval_on_selector("body", "b => b.className")
    page.goto(f"{live_server.url}/referrals/new/")
    page.get_by_label("First name").fill("Bert")
    page.get_by_label("Last name").fill("Madeup")
    page.get_by_label("Date of birth").fill("1948-05-06")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("NHS number").fill("999 000 0026")
    page.get_by_label("Refer to which clinic?").select_option(label="London spine clinic")
    page.get_by_label("Past or current cancer diagnosis").check()
    page.get_by_label("Weakness of an arm or leg").check()
    expect(page.locator("#triage-result .app-triage__label")).to_have_text(
        "Emergency: suspected spinal cord compression"
    )
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()

    page.goto(f"{live_server.url}/api/docs")
    expect(page.get_by_role("heading", name="spinepath API")).to_be_visible()
    expect(page.get_by_text("/api/health").first).to_be_visible()
    assert page.evaluate("() => typeof SwaggerUIBundle") == "function"
    assert errors == []

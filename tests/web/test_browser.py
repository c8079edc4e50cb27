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

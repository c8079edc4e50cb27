import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "name"),
    [("/information/", "info-landing"), ("/information/treatments/", "info-treatments")],
)
def test_it_shows_the_information_pages_to_a_visitor(
    page, live_server, screenshot, path, name
) -> None:
    page.goto(f"{live_server.url}{path}")
    assert page.locator("h1").count() == 1
    expect(page.locator(".nhsuk-card--care--urgent").first).to_be_visible()
    # The urgent care card is red, as NHS.UK styles it.
    colour = page.eval_on_selector(
        ".nhsuk-card--care--urgent .nhsuk-card__heading-container",
        "el => getComputedStyle(el).backgroundColor",
    )
    assert colour == "rgb(213, 40, 27)"
    screenshot(page, name)
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, f"{name}-phone")


def test_it_follows_on_this_page_links_without_javascript(page, live_server) -> None:
    page.goto(f"{live_server.url}/information/warning-symptoms/")
    page.get_by_role("link", name="What is spinal cord compression?").click()
    assert page.url.endswith("#mscc")

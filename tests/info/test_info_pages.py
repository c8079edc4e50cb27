import re
from html.parser import HTMLParser

import pytest

from spinepath.clinical.triage.rules import ACTIONS
from spinepath.info.pages import PAGES, URGENT_ACTIONS

pytestmark = pytest.mark.django_db

URLS = ["/information/"] + [f"/information/{page.slug}/" for page in PAGES]
PATIENT_ACTIONS = [a for a in ACTIONS.values() if a.audience == "patient"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _care_card(html: str, kind: str) -> str:
    match = re.search(
        rf'<div class="[^"]*nhsuk-card--care--{kind}[^"]*"[^>]*>(.*?)</div>\s*</div>', html, re.S
    )
    assert match, f"no {kind} care card"
    return match.group(1)


@pytest.mark.parametrize("url", URLS)
def test_it_serves_each_page_anonymously_with_one_h1(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert len(re.findall(r"<h1\b", response.content.decode())) == 1


@pytest.mark.parametrize("url", URLS)
def test_it_rejects_post(client, url) -> None:
    assert client.post(url).status_code == 405


def test_it_404s_for_an_unknown_page(client) -> None:
    assert client.get("/information/no-such-page/").status_code == 404


@pytest.mark.parametrize("url", ["/information/", "/information/warning-symptoms/"])
def test_it_puts_the_engines_safety_net_in_the_urgent_care_card(client, url) -> None:
    card = _care_card(client.get(url).content.decode(), "urgent")
    urgent = [a for a in PATIENT_ACTIONS if a.code in URGENT_ACTIONS]
    assert urgent
    for action in urgent:
        assert action.text.replace("&", "&amp;") in card
    assert "Get help straight away" in card


def test_it_shows_every_patient_action_of_the_engine_on_the_warning_page(client) -> None:
    html = client.get("/information/warning-symptoms/").content.decode()
    for action in PATIENT_ACTIONS:
        assert f'data-action="{action.code}"' in html
        assert action.text.replace("&", "&amp;") in html
    assert "nhsuk-card--care--non-urgent" in html


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_it_has_a_heading_for_every_on_this_page_link(client, page) -> None:
    parsed = _parse(client.get(f"/information/{page.slug}/").content.decode())
    for anchor, _heading in page.sections:
        assert anchor in parsed.ids
        assert f"#{anchor}" in parsed.hrefs


def test_it_has_no_broken_links_between_the_information_pages(client) -> None:
    seen: set[str] = set()
    queue = ["/information/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = _parse(response.content.decode())
        for href in parsed.hrefs:
            path, _, fragment = href.partition("#")
            if fragment and not path:
                assert fragment in parsed.ids, f"{url} links to a missing #{fragment}"
            if path.startswith("/information/"):
                queue.append(path)
    assert set(URLS) <= seen


def test_it_links_the_information_from_the_header_and_footer_for_visitors(client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert html.count('href="/information/"') >= 2


def test_it_shows_visitors_no_staff_sections(client) -> None:
    html = client.get("/information/").content.decode()
    assert 'href="/patients/"' not in html
    assert 'href="/appointments/"' not in html

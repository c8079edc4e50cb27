"""Security headers: the Content-Security-Policy and pages that obey it, no-store caching,
local-only assets (Swagger UI, no web font from another host) and `check --deploy`."""

import os
import re
import secrets
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


# (persona, page): a page of each kind, as a user allowed to see it.
PAGES = [
    ("coordinator", "/"),
    ("coordinator", "/patients/"),
    ("coordinator", "/referrals/worklist/"),
    ("referrer", "/referrals/new/"),
    ("clinician", "/assessments/patient/{patient}/new/"),
    ("clinician", "/information/"),
    ("clinician", "/no-such-page/"),
]


def test_it_sends_a_policy_with_scripts_and_styles_from_this_site_only(client) -> None:
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["font-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_it_renders_pages_with_no_inline_script_style_or_handler(
    request, client_for, patient, persona, url
) -> None:
    url = url.format(patient=patient.pk)
    response = client_for(request.getfixturevalue(persona)).get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    for attributes, body in SCRIPT.findall(html):
        is_data = 'type="application/json"' in attributes
        assert "src=" in attributes or is_data, f"inline script: {body[:80]}"
    assert " style=" not in html
    assert not HANDLER.search(html)


def test_it_tells_htmx_to_add_no_inline_style(client_for, clinician) -> None:
    html = client_for(clinician).get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html


@pytest.mark.parametrize("url", ["/", "/patients/", "/api/me", "/information/"])
def test_it_marks_signed_in_answers_no_store(client_for, coordinator, url) -> None:
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/accounts/login/", "/api/health", "/api/me"])
def test_it_marks_anonymous_answers_no_store(client, url) -> None:
    assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("url", ["/information/", "/referrals/gp-information/"])
def test_it_lets_caches_keep_public_information_for_anonymous_visitors(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_it_serves_swagger_ui_from_this_site(client_for, coordinator) -> None:
    response = client_for(coordinator).get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in sources
    assert all(s.startswith("/static/") for s in sources), sources
    assert "no-store" in response["Cache-Control"]


def test_it_serves_a_stylesheet_that_fetches_no_font_from_another_host(client) -> None:
    response = client.get("/static/nhsuk/nhsuk-frontend.min.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()
    assert ".nhsuk-header" in css
    assert "@font-face" not in css
    assert not re.search(r"url\(\"?https?:", css)


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SPINEPATH_", "DJANGO_"))}
    environ |= {
        "SPINEPATH_SECRET_KEY": secrets.token_urlsafe(50),
        "SPINEPATH_ALLOWED_HOSTS": "spinepath.example.nhs.uk",
        **env,
    }
    command = [sys.executable, "-m", "spinepath.web.manage", "check", "--deploy"]
    return subprocess.run(
        [*command, "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_check_deploy_behind_https() -> None:
    result = _check_deploy(SPINEPATH_SECURE="true")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_fails_check_deploy_without_https() -> None:
    result = _check_deploy(SPINEPATH_SECURE="false")
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS

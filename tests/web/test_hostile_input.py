"""Hostile input gets a clear 400/415/422 (JSON under /api/), never a server error.

Each case here once answered 500 (issue 8); the fuzz suite (tests/fuzz) sends many more.
"""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NUL_PAGES = [
    "/patients/?q=%00",
    "/assessments/?q=%00",
    "/appointments/?q=%00",
    "/referrals/new/?q=%00",
    "/referrals/worklist/?site=%00",
    "/appointments/patients/{patient}/book/?site=%00",
    "/patients/?q%00=x",
]


@pytest.mark.parametrize("url", NUL_PAGES)
def test_it_rejects_a_nul_in_the_query_with_a_400_page(client_for, coordinator, patient, url):
    response = client_for(coordinator).get(url.format(patient=patient.pk))
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_it_rejects_a_nul_in_a_form_field(client_for, coordinator):
    response = client_for(coordinator).post("/patients/new/", {"given_name": "A\x00"})
    assert response.status_code == 400


def test_it_answers_a_nul_under_the_api_in_json(client_for, clinician):
    response = client_for(clinician).get("/api/scores?x=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_it_shows_a_far_date_on_the_clinic_list_as_a_form_error(client_for, coordinator, day):
    response = client_for(coordinator).get(f"/appointments/clinic/?date={day}")
    assert response.status_code == 200
    assert "Enter a date from 1900-01-01 to 2199-12-31" in response.content.decode()


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_it_shows_a_far_date_in_the_audit_filter_as_a_form_error(
    client_for, system_admin, field, day
):
    response = client_for(system_admin).get(f"/audit/?{field}={day}")
    assert response.status_code == 200
    assert "Enter a date from 1900-01-01 to 2199-12-31" in response.content.decode()


@pytest.mark.parametrize("value", ["9" * 5000, "²", "-1", "99"])
def test_it_ignores_a_remove_lesion_index_that_is_not_a_row(client_for, clinician, patient, value):
    url = f"/assessments/patient/{patient.pk}/new/"
    data = {"remove_lesion": value, "lesion_count": "1", "lesion-0-level": "T7"}
    response = client_for(clinician).post(url, data)
    assert response.status_code == 200
    assert 'name="lesion_count" value="1"' in response.content.decode()


@pytest.mark.parametrize("value", ["9" * 5000, "9" * 30, "١٢"])
def test_it_shows_the_referral_form_for_a_patient_id_that_is_no_id(client_for, coordinator, value):
    response = client_for(coordinator).get("/referrals/new/", {"patient": value})
    assert response.status_code == 200


# --- the JSON API -----------------------------------------------------------------------

BODIES = {
    "not UTF-8": (b'{"kps": "\xff\xfe"}', "application/json", 400, "not UTF-8"),
    "nested 100,000 deep": (b"[" * 100_000 + b"]" * 100_000, "application/json", 400, "deep"),
    "nested 40 deep": (b'{"x":' + b"[" * 40 + b"]" * 40 + b"}", "application/json", 400, "deep"),
    "5,000 digits": (b'{"kps": ' + b"9" * 5000 + b"}", "application/json", 400, "digits"),
    "NaN": (b'{"kps": NaN}', "application/json", 400, "NaN"),
    "Infinity": (b'{"kps": -Infinity}', "application/json", 400, "Infinity"),
    "a float overflow": (b'{"albumin_g_per_l": 1e999}', "application/json", 400, "too large"),
    "a form": (b"kps=60", "application/x-www-form-urlencoded", 415, "application/json"),
    "plain text": (b"{}", "text/plain", 415, "application/json"),
    "a key twice": (
        b'{"symptoms": ["limb_weakness"], "symptoms": []}', "application/json", 400, "'symptoms'"
    ),
}  # fmt: skip


@pytest.mark.parametrize("path", ["/api/assess", "/api/triage"])
@pytest.mark.parametrize("name", BODIES)
def test_it_answers_an_unreadable_body_in_json(client_for, clinician, path, name):
    body, media_type, status, words = BODIES[name]
    response = client_for(clinician).post(path, body, content_type=media_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert words in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/assess", "/api/triage"])
def test_it_answers_a_multipart_body_with_415_behind_a_real_csrf_check(clinician, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician)
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(path, {"kps": "60", "csrfmiddlewaretoken": token})
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["detail"]


def test_it_answers_a_bad_path_parameter_in_the_case_errors_shape(client_for, clinician):
    body = client_for(clinician).get("/api/assessments/abc").json()
    assert body["detail"] == "The request has 1 problem."
    assert body["errors"][0]["field"] == "assessment_id"
    assert body["errors"][0]["allowed"] == "a whole number"


def test_it_answers_a_huge_id_with_404(client_for, clinician):
    response = client_for(clinician).get("/api/assessments/" + "9" * 40)
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")


def test_the_renderer_writes_no_bare_nan():
    from spinepath.web.api import StrictJSONRenderer

    text = StrictJSONRenderer().render(
        None, {"a": float("nan"), "b": [float("inf"), 1.5]}, response_status=200
    )
    assert json.loads(text) == {"a": None, "b": [None, 1.5]}
    assert "NaN" not in text
    assert "Infinity" not in text


def test_an_unexpected_api_error_is_json(client_for, clinician, monkeypatch):
    from spinepath.assessments import api

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "score_summaries", broken)
    response = client_for(clinician).get("/api/scores")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal error."}


def test_the_openapi_document_lists_every_status_a_route_answers():
    from spinepath.web.api import api

    paths = api.get_openapi_schema()["paths"]
    statuses = {
        (path, method): {str(status) for status in operation["responses"]}
        for path, methods in paths.items()
        for method, operation in methods.items()
    }
    assert statuses[("/api/assess", "post")] >= {"200", "400", "401", "403", "415", "422"}
    assert statuses[("/api/assessments/{assessment_id}", "get")] >= {"401", "403", "404", "422"}
    assert statuses[("/api/scores/{key}", "get")] >= {"401", "404"}
    assert statuses[("/api/me", "get")] == {"200", "400", "401"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/no-such-route", 404),
        ("get", "/api/assess", 405),
        ("delete", "/api/scores", 405),
    ],
)
def test_an_error_from_outside_the_api_is_json_too(client_for, clinician, method, path, status):
    response = getattr(client_for(clinician), method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_it_answers_a_body_over_the_upload_limit_with_413(client_for, clinician, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b'{"case_id": "' + b"x" * 2000 + b'"}'
    response = client_for(clinician).post("/api/assess", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The body is too large."}

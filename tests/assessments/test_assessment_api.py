"""The engine's JSON API over real HTTP (pytest-django's live_server, urllib)."""

import json
import secrets
import urllib.error
import urllib.request
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


class Http:
    """A tiny HTTP client: JSON in and out, an optional session, CSRF like a browser."""

    def __init__(self, base: str, session: str | None = None) -> None:
        self.base = base
        self.csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
        self.cookies = f"csrftoken={self.csrf}" + (f"; sessionid={session}" if session else "")

    def __call__(self, method: str, path: str, body: Any = None, raw: bytes | None = None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Cookie", self.cookies)
        request.add_header("X-CSRFToken", self.csrf)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, _decode(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _decode(error.read())


def _decode(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return content.decode()


@pytest.fixture
def http_as(live_server, client):
    def make(user=None) -> Http:
        if user is None:
            return Http(live_server.url)
        client.force_login(user)
        return Http(live_server.url, client.cookies["sessionid"].value)

    return make


def test_it_assesses_a_case(http_as, clinician, case_data):
    status, body = http_as(clinician)("POST", "/api/assess", case_data)
    assert status == 200
    assert body["format"] == "spinepath-assessment/1"
    assert body["scores"]["sins"]["total"] == 10
    assert body["plan"]["noms"]["rule"] == "NOMS-04"
    assert body["case_id"] == "seed-clinic-001"


def test_it_returns_every_field_error_as_422(http_as, clinician):
    case = {"kps": 65, "lesions": [{"level": "Co1"}, {"level": "L1", "bilsky": 2}], "x": 1}
    status, body = http_as(clinician)("POST", "/api/assess", case)
    assert status == 422
    by_field = {e["field"]: e for e in body["errors"]}
    assert set(by_field) == {"kps", "lesions[0].level", "lesions[1].bilsky", "x"}
    assert by_field["lesions[0].level"]["value"] == "Co1"
    assert "L5" in by_field["lesions[0].level"]["allowed"]
    assert by_field["x"]["message"] == "unknown field"
    assert body["detail"] == "The case has 4 problems."


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"{not json", "(case)"),
        (b"[1, 2]", "(case)"),
        (b"", "(case)"),
    ],
    ids=["not-json", "a-list", "empty"],
)
def test_it_rejects_a_body_that_is_not_a_case(http_as, clinician, raw, field):
    status, body = http_as(clinician)("POST", "/api/assess", raw=raw)
    assert status == 422
    assert body["errors"][0]["field"] == field


@pytest.mark.parametrize(
    "raw",
    [
        b'{"kps": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"kps": ' + b"9" * 5000 + b"}",
        b'{"case_id": "\xff"}',
    ],
    ids=["nested-100000-deep", "5000-digit-integer", "not-utf8"],
)
def test_it_answers_an_unreadable_body_with_400_json(http_as, clinician, raw):
    status, body = http_as(clinician)("POST", "/api/assess", raw=raw)
    assert status == 400
    assert body["detail"]  # says what is wrong, as JSON


def test_it_triages_a_case(http_as, clinician, case_data):
    status, body = http_as(clinician)("POST", "/api/triage", case_data)
    assert status == 200
    # The seed patient walks with help: a recorded neurological sign (spec §15.1).
    assert body["category"] == "emergency"
    assert "RF-MSCC-03" in body["rules_fired"]
    assert [s["field"] for s in body["signs"]] == ["ambulatory"]


def test_it_lists_the_scores(http_as, coordinator):
    status, body = http_as(coordinator)("GET", "/api/scores")
    assert status == 200
    keys = [score["key"] for score in body]
    assert keys[:2] == ["sins", "bilsky"]
    assert {"tokuhashi_revised", "nesms", "kps", "ecog"} <= set(keys)
    nesms = next(score for score in body if score["key"] == "nesms")
    assert nesms["needs_sign_off"] is True


@pytest.mark.parametrize(
    ("key", "check"),
    [
        ("sins", lambda t: t["criteria"][0]["options"][0]["points"] == 3 and t["high"] == 18),
        ("tomita", lambda t: [b["code"] for b in t["bands"]][-1] == "terminal_care"),
        ("bilsky", lambda t: [g["code"] for g in t["grades"]] == ["0", "1a", "1b", "1c", "2", "3"]),
        ("kps", lambda t: t["grades"][0]["code"] == "100" and t["caveats"]),
    ],
)
def test_it_describes_one_score_as_data(http_as, clinician, key, check):
    status, body = http_as(clinician)("GET", f"/api/scores/{key}")
    assert status == 200
    assert body["key"] == key
    assert check(body)


def test_it_404s_for_an_unknown_score(http_as, clinician):
    status, body = http_as(clinician)("GET", "/api/scores/karnofsky")
    assert status == 404
    assert "No score 'karnofsky'" in body["detail"]


def test_it_serves_the_case_schema(http_as, clinician):
    status, body = http_as(clinician)("GET", "/api/case-schema")
    assert status == 200
    assert body["title"] == "spinepath case (spinepath-case/1)"
    assert "lesions" in body["properties"]


def test_it_reads_a_patients_assessment_versions(http_as, coordinator, patient, saved):
    from spinepath.assessments.services import record_decision

    record_decision(saved, by=saved.created_by, outcome="accepted")
    http = http_as(coordinator)
    status, body = http("GET", f"/api/patients/{patient.pk}/assessments")
    assert status == 200
    assert [v["version"] for v in body] == [1]
    assert body[0]["created_by"] == "clinician@example.test"
    assert body[0]["decisions"][0]["outcome"] == "accepted"
    status, one = http("GET", f"/api/assessments/{saved.pk}")
    assert status == 200
    assert one["result"] == saved.result
    assert one["facts"] == saved.facts


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/assess"),
        ("POST", "/api/triage"),
        ("GET", "/api/scores"),
        ("GET", "/api/scores/sins"),
        ("GET", "/api/case-schema"),
        ("GET", "/api/patients/1/assessments"),
        ("GET", "/api/assessments/1"),
    ],
)
def test_it_needs_a_session(http_as, method, path):
    status, _ = http_as()(method, path, {} if method == "POST" else None)
    assert status == 401


@pytest.mark.parametrize("path", ["/api/patients/{p}/assessments", "/api/assessments/{a}"])
def test_it_refuses_referrers_the_patient_reads(http_as, referrer, patient, saved, path):
    status, body = http_as(referrer)("GET", path.format(p=patient.pk, a=saved.pk))
    assert status == 403
    assert "coordinators and clinicians" in body["detail"]


@pytest.mark.parametrize("path", ["/api/patients/999999/assessments", "/api/assessments/999999"])
def test_it_404s_for_unknown_patients_and_assessments(http_as, clinician, path):
    status, _ = http_as(clinician)("GET", path)
    assert status == 404


def test_it_rejects_the_wrong_method(http_as, clinician):
    status, _ = http_as(clinician)("GET", "/api/assess")
    assert status == 405

"""An MDT decision never records a self-contradicting or doubly branched plan unnoticed
(spec §15.3, §15.8): on the web page and through the API (real HTTP)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.assessments.test_assessment_api import Http
from tests.clinical.test_safety_amendments import POOR_PROGNOSIS

from spinepath.assessments.models import MdtDecision
from spinepath.assessments.services import save_assessment
from spinepath.clinical.case import parse_case

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conflicting(patient: Any, clinician: Any) -> Any:
    return save_assessment(patient, by=clinician, case=parse_case(POOR_PROGNOSIS))


@pytest.fixture
def branched(patient: Any, clinician: Any, case_data: dict[str, Any]) -> Any:
    case = {k: v for k, v in case_data.items() if k != "instability_judgement"}
    return save_assessment(patient, by=clinician, case=parse_case(case))


def _url(assessment: Any) -> str:
    return f"/assessments/{assessment.pk}/decision/"


def test_it_refuses_to_accept_a_conflicting_proposal_without_confirmation(
    client_for, clinician, conflicting
):
    codes = [r["code"] for r in conflicting.result["plan"]["recommendations"]]
    assert {"best_supportive_care", "decompression_and_stabilisation"} <= set(codes)
    response = client_for(clinician).post(
        _url(conflicting), {"outcome": "accepted", "based_on": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This plan contradicts itself" in html
    assert "exclude each other" in html
    assert not MdtDecision.objects.exists()


def test_it_records_a_confirmed_conflicting_plan_with_its_reason(
    client_for, clinician, conflicting
):
    data = {"outcome": "accepted", "confirm_conflicts": "on", "based_on": "0"}
    response = client_for(clinician).post(_url(conflicting), data)
    assert response.status_code == 200  # a reason is still needed
    assert not MdtDecision.objects.exists()
    data["reason"] = "Patient chose surgery after discussion; palliative care involved."
    response = client_for(clinician).post(_url(conflicting), data)
    assert response.status_code == 302
    decision = MdtDecision.objects.get()
    assert decision.confirmed_conflicts == ["CF-PLAN-01"]


def test_it_refuses_a_modified_plan_with_cebrt_srs_and_surgery_without_confirmation(
    client_for, clinician, conflicting
):
    data = {
        "outcome": "modified",
        "final_codes": ["decompression_and_stabilisation", "cebrt", "srs", "best_supportive_care"],
        "reason": "MDT view",
        "based_on": "0",
    }
    response = client_for(clinician).post(_url(conflicting), data)
    assert response.status_code == 200
    assert not MdtDecision.objects.exists()


def test_accepting_a_branched_proposal_needs_a_branch(client_for, clinician, branched):
    assert branched.result["plan"]["noms"]["status"] == "branched"
    client = client_for(clinician)
    html = client.get(_url(branched)).content.decode()
    assert 'name="branch"' in html
    response = client.post(_url(branched), {"outcome": "accepted", "based_on": "0"})
    assert response.status_code == 200
    assert not MdtDecision.objects.exists()
    response = client.post(
        _url(branched), {"outcome": "accepted", "branch": "NOMS-03", "based_on": "0"}
    )
    assert response.status_code == 302
    decision = MdtDecision.objects.get()
    assert decision.branch == "NOMS-03"
    assert "stabilisation" not in decision.final_codes  # only the unstable branch had it
    assert "srs" in decision.final_codes


@pytest.fixture
def api(live_server, client, clinician):
    client.force_login(clinician)
    return Http(live_server.url, client.cookies["sessionid"].value)


def test_the_api_answers_422_for_a_conflicting_plan_without_confirm_conflicts(api, conflicting):
    path = f"/api/assessments/{conflicting.pk}/decisions"
    status, body = api("POST", path, {"outcome": "accepted", "based_on": "0"})
    assert status == 422
    assert body["field"] == "confirm_conflicts"
    assert "CF-PLAN-01" in body["value"]
    assert not MdtDecision.objects.exists()
    status, body = api(
        "POST",
        path,
        {"outcome": "accepted", "confirm_conflicts": True, "reason": "Discussed with patient"},
    )
    assert status == 201
    assert body["confirmed_conflicts"] == ["CF-PLAN-01"]


def test_the_api_answers_422_for_an_unknown_branch(api, branched):
    path = f"/api/assessments/{branched.pk}/decisions"
    status, body = api("POST", path, {"outcome": "accepted", "branch": "NOMS-99"})
    assert (status, body["field"]) == (422, "branch")
    status, body = api("POST", path, {"outcome": "accepted", "branch": "NOMS-04"})
    assert status == 201
    assert "stabilisation" in body["final_codes"]


def test_the_api_refuses_a_decision_from_a_coordinator(
    live_server, client, coordinator, conflicting
):
    client.force_login(coordinator)
    http = Http(live_server.url, client.cookies["sessionid"].value)
    status, _ = http(
        "POST", f"/api/assessments/{conflicting.pk}/decisions", {"outcome": "accepted"}
    )
    assert status == 403
    assert not MdtDecision.objects.exists()

import pytest
from tests.conftest import form_version, signed_in_client

from spinepath.assessments.models import AppendOnlyError, MdtDecision
from spinepath.assessments.services import DecisionError, record_decision
from spinepath.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(assessment):
    return f"/assessments/{assessment.pk}/decision/"


def test_it_shows_the_proposed_plan_beside_the_form(client_for, clinician, saved):
    response = client_for(clinician).get(_url(saved))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Proposed plan" in html
    assert 'name="outcome"' in html
    assert 'value="stabilisation" checked' in html  # final codes start as the proposal


def test_it_records_an_accepted_plan(client_for, clinician, saved):
    client = client_for(clinician)
    response = client.post(_url(saved), {"outcome": "accepted", "based_on": "0"})
    assert response.status_code == 302
    decision = MdtDecision.objects.get()
    assert decision.final_codes == [r["code"] for r in saved.result["plan"]["recommendations"]]
    assert (decision.decided_by, decision.assessment) == (clinician, saved)
    assert AuditEvent.objects.filter(object_type="assessments.mdtdecision").count() == 1
    html = client.get(response.url).content.decode()
    assert "Proposed plan accepted" in html
    assert "Decided by clinician@example.test" in html


def test_it_records_a_modified_plan_with_its_reason(client_for, clinician, saved):
    data = {
        "outcome": "modified",
        "final_codes": ["cebrt", "analgesia"],
        "plan_text": "8 Gy single fraction",
        "reason": "Patient declines surgery",
        "based_on": "0",
    }
    client_for(clinician).post(_url(saved), data)
    decision = MdtDecision.objects.get()
    assert decision.final_codes == ["cebrt", "analgesia"]
    assert decision.reason == "Patient declines surgery"


def test_it_rejects_a_modification_without_a_reason(client_for, clinician, saved):
    data = {"outcome": "modified", "final_codes": ["cebrt"], "reason": "  "}
    response = client_for(clinician).post(_url(saved), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_reason"' in html
    assert "Give the reason for modifying the proposed plan" in html
    assert not MdtDecision.objects.exists()


def test_it_rejects_a_code_outside_the_engines_list(client_for, clinician, saved):
    data = {"outcome": "modified", "final_codes": ["homeopathy"], "reason": "x"}
    response = client_for(clinician).post(_url(saved), data)
    assert "Select a valid choice" in response.content.decode()
    assert not MdtDecision.objects.exists()


def test_it_requires_an_outcome(client_for, clinician, saved):
    html = client_for(clinician).post(_url(saved), {}).content.decode()
    assert "Choose whether the MDT accepts or modifies the plan" in html


def test_decisions_are_append_only(clinician, saved):
    first = record_decision(saved, by=clinician, outcome="accepted")
    second = record_decision(
        saved, by=clinician, outcome="modified", final_codes=["cebrt"], reason="r"
    )
    assert list(saved.decisions.all()) == [second, first]
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        MdtDecision.objects.filter(pk=first.pk).update(reason="changed")
    with pytest.raises(AppendOnlyError):
        first.delete()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "modified", "final_codes": ["cebrt"]}, "reason"),
        ({"outcome": "modified", "reason": "r"}, "final_codes"),
        ({"outcome": "modified", "final_codes": ["nope"], "reason": "r"}, "final_codes"),
    ],
)
def test_the_service_refuses_bad_decisions(clinician, saved, kwargs, field):
    with pytest.raises(DecisionError) as error:
        record_decision(saved, by=clinician, **kwargs)
    assert error.value.field == field
    assert not MdtDecision.objects.exists()


def test_it_lets_only_clinicians_decide(client_for, coordinator, saved):
    client = client_for(coordinator)
    assert client.get(_url(saved)).status_code == 403
    assert client.post(_url(saved), {"outcome": "accepted"}).status_code == 403
    assert not MdtDecision.objects.exists()


def test_it_404s_for_an_unknown_assessment(client_for, clinician):
    assert client_for(clinician).get("/assessments/999999/decision/").status_code == 404


def test_it_rejects_other_methods(client_for, clinician, saved):
    assert client_for(clinician).put(_url(saved)).status_code == 405


def _assess_for(referral, clinician, case_data):
    from spinepath.assessments.services import save_assessment
    from spinepath.clinical.case import parse_case

    return save_assessment(
        referral.patient, by=clinician, case=parse_case(case_data), referral=referral
    )


@pytest.mark.parametrize("start", ["imaging_done", "mdt"])
def test_a_decision_moves_the_referral_to_plan_agreed(
    client_for, clinician, referral_at, case_data, start
):
    referral = referral_at(start)
    assessment = _assess_for(referral, clinician, case_data)
    client_for(clinician).post(_url(assessment), {"outcome": "accepted", "based_on": "0"})
    referral.refresh_from_db()
    assert referral.status == "plan_agreed"
    change = referral.status_changes.order_by("-at", "-id").first()
    assert (change.by, change.to_status) == (clinician, "plan_agreed")
    assert "assessment v1" in change.note


def test_a_decision_never_skips_imaging(clinician, referral_at, case_data):
    referral = referral_at("imaging_requested")
    record_decision(_assess_for(referral, clinician, case_data), by=clinician, outcome="accepted")
    referral.refresh_from_db()
    assert referral.status == "imaging_requested"


def test_the_form_links_the_patients_open_referral(client_for, clinician, referral_at):
    referral = referral_at("imaging_done")
    html = client_for(clinician).get(f"/assessments/patient/{referral.patient_id}/new/")
    assert f'<option value="{referral.pk}" selected' in html.content.decode()


def test_it_refuses_a_second_decision_made_without_seeing_the_first(
    clinician, second_clinician, saved
):
    first, second = signed_in_client(clinician), signed_in_client(second_clinician)
    based_on = form_version(first.get(_url(saved)), "based_on")
    assert form_version(second.get(_url(saved)), "based_on") == based_on == "0"
    accepted = {"outcome": "accepted", "based_on": based_on}
    assert first.post(_url(saved), accepted).status_code == 302
    modified = {
        "outcome": "modified",
        "final_codes": ["cebrt"],
        "reason": "Patient declines surgery",
        "based_on": based_on,
    }
    response = second.post(_url(saved), modified)
    assert response.status_code == 409
    html = response.content.decode()
    assert "An MDT decision for FICTIONAL, Ada was recorded while you were deciding" in html
    assert "Patient declines surgery" in html
    assert MdtDecision.objects.get().decided_by == clinician
    changes = AuditEvent.objects.filter(actor=second_clinician).exclude(action="view")
    assert not changes.exists()  # reads are audited; no change is


def test_it_records_a_later_decision_made_after_seeing_the_first(client_for, clinician, saved):
    client = client_for(clinician)
    client.post(_url(saved), {"outcome": "accepted", "based_on": "0"})
    based_on = form_version(client.get(_url(saved)), "based_on")
    data = {"outcome": "modified", "final_codes": ["cebrt"], "reason": "x", "based_on": based_on}
    assert client.post(_url(saved), data).status_code == 302
    assert MdtDecision.objects.count() == 2

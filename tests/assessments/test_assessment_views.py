import pytest
from tests.conftest import form_version, signed_in_client

from spinepath.assessments.models import Assessment
from spinepath.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _new(patient):
    return f"/assessments/patient/{patient.pk}/new/"


# --- the assessment page -----------------------------------------------------------------


def test_it_shows_an_empty_assessment_with_incomplete_scores(client_for, clinician, patient):
    response = client_for(clinician).get(_new(patient))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No assessment saved yet" in html
    assert 'name="lesion-0-level"' in html
    assert "L1 – Junctional, 3 points" in html  # the level picker shows the SINS location
    assert "Incomplete" in html
    assert "To complete, record" in html


def test_it_starts_from_the_latest_saved_facts(client_for, clinician, patient, saved):
    html = client_for(clinician).get(_new(patient)).content.decode()
    assert "Starting from version 1" in html
    assert '<option value="L2" selected' in html
    assert "Potentially unstable (7–12)" in html


def test_it_recalculates_without_saving(client_for, clinician, patient, case_data, form_data):
    data = form_data(case_data, action="recalculate")
    response = client_for(clinician).post(_new(patient), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-score="sins"' in html
    assert "Potentially unstable (7–12)" in html
    assert "Stabilisation" in html  # the proposed plan
    assert not Assessment.objects.exists()


def test_it_saves_version_1_with_facts_result_and_engine_version(
    client_for, clinician, patient, case_data, form_data
):
    data = form_data(case_data, action="save", based_on="0")
    response = client_for(clinician).post(_new(patient), data)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/assessments/{assessment.pk}/"
    assert assessment.version == 1
    assert assessment.created_by == clinician
    assert assessment.facts["lesions"][0]["level"] == "L2"
    assert assessment.facts["kps"] == 70
    assert assessment.result["scores"]["sins"]["total"] == 10
    assert assessment.engine_version == assessment.result["engine_version"]
    event = AuditEvent.objects.get(object_type="assessments.assessment")
    assert event.actor == clinician
    assert event.changes["version"] == {"old": None, "new": 1}


def test_a_second_save_is_version_2_and_version_1_is_unchanged(
    client_for, clinician, patient, saved, case_data, form_data
):
    before = (saved.facts, saved.result, saved.created_at)
    case_data["lesions"][0]["alignment"] = "subluxation"
    client_for(clinician).post(_new(patient), form_data(case_data, action="save", based_on="1"))
    first, second = Assessment.objects.filter(patient=patient).order_by("version")
    assert (first.pk, first.version, second.version) == (saved.pk, 1, 2)
    assert (first.facts, first.result, first.created_at) == before
    assert second.result["scores"]["sins"]["total"] == 14


def test_it_shows_engine_errors_inline_and_saves_nothing(
    client_for, clinician, patient, case_data, form_data
):
    case_data["lesions"].append({"level": "T9"})
    data = form_data(case_data, kps="65", action="save")
    data["lesion-1-level"] = "L2"  # two lesions at L2
    data["lesion-0-bilsky"] = "4"
    response = client_for(clinician).post(_new(patient), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_kps"' in html
    assert "Input should be a multiple of 10 (received 65)" in html
    assert 'href="#id_lesion-1-level"' in html
    assert 'id="id_lesion-1-level-error"' in html
    assert "record one lesion per level" in html
    assert 'href="#id_lesion-0-bilsky"' in html
    assert "Scores are not shown" in html
    assert not Assessment.objects.exists()


def test_it_adds_and_removes_lesion_rows_without_saving(
    client_for, clinician, patient, form_data, case_data
):
    client = client_for(clinician)
    added = client.post(_new(patient), form_data(case_data, add_lesion="1")).content.decode()
    assert 'name="lesion-1-level"' in added
    case_data["lesions"].append({"level": "T9"})
    removed = client.post(_new(patient), form_data(case_data, remove_lesion="0")).content.decode()
    assert 'name="lesion-1-level"' not in removed
    assert '<option value="T9" selected' in removed
    assert not Assessment.objects.exists()


def test_it_returns_only_the_results_block_to_htmx(
    client_for, clinician, patient, case_data, form_data
):
    response = client_for(clinician).post(
        _new(patient), form_data(case_data, action="save"), headers={"HX-Request": "true"}
    )
    html = response.content.decode().strip()
    assert response.status_code == 200
    assert html.startswith('<div id="assessment-results"')
    assert "<header" not in html
    assert "<form" not in html
    assert "Potentially unstable (7–12)" in html
    assert not Assessment.objects.exists()  # a live update never saves


def test_it_shows_needs_sign_off_and_conflicts(
    client_for, clinician, patient, case_data, form_data
):
    html = client_for(clinician).post(_new(patient), form_data(case_data)).content.decode()
    assert "Needs clinical sign-off" in html
    assert "Conflicts" in html
    assert "[CF-SCORES-01]" in html  # the prognostic scores disagree, with its code
    assert "Source: Fisher et al., Spine 2010" in html


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_rejects_other_methods(client_for, clinician, patient, method):
    assert getattr(client_for(clinician), method)(_new(patient)).status_code == 405


@pytest.mark.parametrize("persona", ["coordinator", "referrer", "clinic_admin", "outsider"])
def test_it_lets_only_clinicians_assess(client_for, request, patient, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(_new(patient)).status_code == 403


def test_it_sends_the_anonymous_to_log_in(client, patient):
    response = client.get(_new(patient))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_404s_for_an_unknown_patient(client_for, clinician):
    assert client_for(clinician).get("/assessments/patient/999999/new/").status_code == 404


def test_clinicians_assess_patients_of_every_site_in_the_practice(
    client_for, clinician, patient, sites
):
    patient.home_site = sites["norwich"]  # the clinician works in London
    patient.save()
    assert client_for(clinician).get(_new(patient)).status_code == 200


# --- versions and detail -------------------------------------------------------------------


def test_it_lists_versions_with_who_and_when(client_for, coordinator, patient, saved):
    html = client_for(coordinator).get(f"/assessments/patient/{patient.pk}/").content.decode()
    assert f'href="/assessments/{saved.pk}/"' in html
    assert "Version 1" in html
    assert "clinician@example.test" in html
    assert "Start a new version" not in html  # coordinators read only


def test_it_shows_a_version_as_it_was_saved(client_for, coordinator, saved):
    # A stored result is shown as stored, not recomputed: alter it behind the model's back.
    Assessment._base_manager.filter(pk=saved.pk).update(
        result={**saved.result, "warnings": ["A warning from an older engine"]}
    )
    html = client_for(coordinator).get(f"/assessments/{saved.pk}/").content.decode()
    assert "A warning from an older engine" in html
    assert "Assessment version 1" in html
    assert "Kidney (renal cell)" in html  # facts with their labels


def test_it_marks_an_earlier_version(client_for, clinician, patient, saved, case_data):
    from spinepath.assessments.services import save_assessment
    from spinepath.clinical.case import parse_case

    save_assessment(patient, by=clinician, case=parse_case(case_data))
    html = client_for(clinician).get(f"/assessments/{saved.pk}/").content.decode()
    assert "This is an earlier version" in html


@pytest.mark.parametrize("url", ["/assessments/", "/assessments/patient/{p}/", "/assessments/{a}/"])
def test_it_refuses_referrers_the_read_pages(client_for, referrer, patient, saved, url):
    assert client_for(referrer).get(url.format(p=patient.pk, a=saved.pk)).status_code == 403


@pytest.mark.parametrize("url", ["/assessments/patient/999999/", "/assessments/999999/"])
def test_it_404s_for_unknown_patients_and_assessments(client_for, coordinator, url):
    assert client_for(coordinator).get(url).status_code == 404


@pytest.mark.parametrize("url", ["/assessments/", "/assessments/patient/{p}/", "/assessments/{a}/"])
def test_the_read_pages_reject_post(client_for, clinician, patient, saved, url):
    assert client_for(clinician).post(url.format(p=patient.pk, a=saved.pk)).status_code == 405


def test_the_index_lists_assessed_patients_and_finds_others(client_for, clinician, patient, saved):
    client = client_for(clinician)
    assert "FICTIONAL, Ada" in client.get("/assessments/").content.decode()
    found = client.get("/assessments/?q=999 000 0018", headers={"HX-Request": "true"})
    assert found.content.decode().strip().startswith('<div id="assessment-patients">')
    assert "FICTIONAL, Ada" in found.content.decode()


# --- two people saving at once ----------------------------------------------------------


def test_it_refuses_a_save_based_on_an_older_version(
    clinician, second_clinician, patient, saved, case_data, form_data
):
    first, second = signed_in_client(clinician), signed_in_client(second_clinician)
    based_on = form_version(first.get(_new(patient)), "based_on")
    assert form_version(second.get(_new(patient)), "based_on") == based_on == "1"
    data = form_data(case_data, kps="50", action="save", based_on=based_on)
    assert first.post(_new(patient), data).status_code == 302
    data = form_data(case_data, kps="90", action="save", based_on=based_on)
    response = second.post(_new(patient), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Assessment version 2 of FICTIONAL, Ada was saved while you were editing" in html
    assert "clinician@example.test" in html
    assert '<td class="nhsuk-table__cell">90 – Able to carry on normal activity' in html
    assert '<td class="nhsuk-table__cell">50 – Requires considerable assistance' in html
    assert "Lesion 1: " in html
    assert list(patient.assessments.values_list("version", "facts__kps")) == [(2, 50), (1, 70)]
    changes = AuditEvent.objects.filter(actor=second_clinician).exclude(action="view")
    assert changes.count() == 0  # reads are audited; no change is


def test_it_keeps_the_version_it_began_from_through_a_recalculation(
    client_for, clinician, patient, saved, case_data, form_data
):
    # Began before version 1 was saved: the page keeps 0, so a save will be refused.
    data = form_data(case_data, action="recalculate", based_on="0")
    html = client_for(clinician).post(_new(patient), data).content.decode()
    assert form_version(html, "based_on") == "0"


def test_it_refuses_a_save_without_the_version_it_began_from(
    client_for, clinician, patient, case_data, form_data
):
    response = client_for(clinician).post(_new(patient), form_data(case_data, action="save"))
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert not Assessment.objects.exists()

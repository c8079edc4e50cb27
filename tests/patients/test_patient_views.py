import pytest
from tests.conftest import form_version, signed_in_client

from spinepath.audit.models import AuditEvent
from spinepath.patients.models import Patient

pytestmark = pytest.mark.django_db


def _form(patient, **overrides):
    data = {
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": "1950-01-31",
        "sex": patient.sex,
        "nhs_number": patient.nhs_number,
        "hospital_number": patient.hospital_number,
        "home_site": patient.home_site_id,
        "version": patient.version,
    }
    data.update(overrides)
    return data


def test_it_lists_patients_for_staff(client_for, coordinator, patient) -> None:
    response = client_for(coordinator).get("/patients/")
    assert response.status_code == 200
    assert "FICTIONAL, Ada" in response.content.decode()
    assert "999 000 0018" in response.content.decode()


def test_it_searches_by_nhs_number_with_spaces(client_for, clinician, patient) -> None:
    html = client_for(clinician).get("/patients/?q=999 000 0018").content.decode()
    assert "FICTIONAL, Ada" in html


def test_it_returns_only_the_results_block_to_htmx(client_for, clinician, patient) -> None:
    response = client_for(clinician).get("/patients/?q=Ada", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.strip().startswith('<div id="patient-results">')
    assert "FICTIONAL, Ada" in html
    assert "<header" not in html


@pytest.mark.parametrize("url", ["/patients/", "/patients/new/"])
def test_it_refuses_referrers(client_for, referrer, url) -> None:
    assert client_for(referrer).get(url).status_code == 403


def test_it_refuses_the_outsider_an_edit(client_for, outsider, patient) -> None:
    assert client_for(outsider).get(f"/patients/{patient.pk}/edit/").status_code == 403


def test_it_404s_for_a_missing_patient(client_for, coordinator) -> None:
    assert client_for(coordinator).get("/patients/999999/edit/").status_code == 404


def test_it_creates_a_patient(client_for, coordinator, sites) -> None:
    client = client_for(coordinator)
    response = client.post(
        "/patients/new/",
        {
            "given_name": "Dev", "family_name": "Testcase", "date_of_birth": "1980-02-03",
            "sex": "male", "nhs_number": "9990000034", "hospital_number": "",
            "home_site": sites["london"].pk,
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Patient.objects.get(nhs_number="9990000034").family_name == "Testcase"
    assert "Patient TESTCASE, Dev added." in client.get("/patients/").content.decode()


def test_it_shows_errors_inline_and_saves_nothing(client_for, coordinator, patient) -> None:
    response = client_for(coordinator).post(
        f"/patients/{patient.pk}/edit/", _form(patient, nhs_number="9990000019", family_name="X")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_nhs_number"' in html
    assert "NHS number &#39;9990000019&#39; is not valid" in html
    assert 'id="id_nhs_number-error"' in html or "nhsuk-error-message" in html
    patient.refresh_from_db()
    assert patient.family_name == "Fictional"
    assert not AuditEvent.objects.exists()


def test_it_audits_an_edit_with_the_request_path(client_for, clinician, patient) -> None:
    url = f"/patients/{patient.pk}/edit/"
    response = client_for(clinician).post(url, _form(patient, given_name="Adah"))
    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert event.changes == {"given_name": {"old": "Ada", "new": "Adah"}}
    assert event.request_path == url
    assert event.actor == clinician


def test_it_rejects_put(client_for, coordinator, patient) -> None:
    assert client_for(coordinator).put(f"/patients/{patient.pk}/edit/").status_code == 405


def test_it_refuses_the_second_of_two_edits_of_the_same_version(
    clinician, coordinator, patient
) -> None:
    url = f"/patients/{patient.pk}/edit/"
    first, second = signed_in_client(clinician), signed_in_client(coordinator)
    loaded = form_version(first.get(url))
    assert form_version(second.get(url)) == loaded == "1"
    assert first.post(url, _form(patient, given_name="Adah", version=loaded)).status_code == 302
    response = second.post(url, _form(patient, family_name="Other", version=loaded))
    assert response.status_code == 409
    html = response.content.decode()
    assert "was changed while you were editing" in html
    assert "Nothing you entered has been saved" in html
    # Theirs beside the stored record, field by field.
    assert '<td class="nhsuk-table__cell">Other</td>' in html
    assert '<td class="nhsuk-table__cell">Adah</td>' in html
    patient.refresh_from_db()
    assert (patient.given_name, patient.family_name, patient.version) == ("Adah", "Fictional", 2)
    changes = AuditEvent.objects.exclude(action="view")
    assert changes.get().actor == clinician  # one change (reads are audited too), the first one's


def test_it_saves_an_edit_reloaded_after_a_conflict(client_for, coordinator, patient) -> None:
    url = f"/patients/{patient.pk}/edit/"
    client = client_for(coordinator)
    assert client.post(url, _form(patient, given_name="Adah")).status_code == 302
    assert client.post(url, _form(patient, given_name="Ada", version=1)).status_code == 409
    response = client.post(
        url, _form(patient, given_name="Ada", version=form_version(client.get(url)))
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert (patient.given_name, patient.version) == ("Ada", 3)


def test_it_refuses_an_edit_without_a_version(client_for, coordinator, patient) -> None:
    data = _form(patient, given_name="Adah")
    del data["version"]
    response = client_for(coordinator).post(f"/patients/{patient.pk}/edit/", data)
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    patient.refresh_from_db()
    assert patient.given_name == "Ada"


def test_an_admin_edit_counts_as_a_change_for_forms_open_in_the_app(
    client_for, system_admin, coordinator, patient
) -> None:
    url = f"/patients/{patient.pk}/edit/"
    loaded = form_version(signed_in_client(coordinator).get(url))
    admin = client_for(system_admin)
    change = f"/admin/patients/patient/{patient.pk}/change/"
    assert admin.get(change).status_code == 200
    assert admin.post(change, _form(patient, given_name="Adah")).status_code == 302
    response = signed_in_client(coordinator).post(url, _form(patient, version=loaded))
    assert response.status_code == 409
    patient.refresh_from_db()
    assert (patient.given_name, patient.version) == ("Adah", 2)

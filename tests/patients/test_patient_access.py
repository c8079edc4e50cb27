"""patients.access, soft deletion, and who accessed a patient's record."""

import uuid

import pytest
from django.http import Http404

from spinepath.audit.models import AuditEvent
from spinepath.patients.access import get_patient_for, patients_for
from spinepath.patients.models import Patient
from spinepath.patients.services import remove_patient
from spinepath.referrals.services import create_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(referrer, patient, sites):
    """The patient, referred by the referrer persona."""
    create_referral(
        by=referrer,
        idempotency_key=uuid.uuid4(),
        site=sites["london"],
        patient=patient,
        facts={"cancer_history": "known", "symptoms": ["limb_weakness"]},
    )
    return patient


@pytest.mark.parametrize("persona", ["coordinator", "clinician", "clinic_admin", "system_admin"])
def test_it_shows_staff_every_patient(request, persona, patient) -> None:
    user = request.getfixturevalue(persona)
    assert list(patients_for(user)) == [patient]
    assert get_patient_for(user, patient.pk) == patient


def test_it_shows_a_referrer_only_the_patients_they_referred(referrer, outsider, referred):
    assert list(patients_for(referrer)) == [referred]
    assert list(patients_for(outsider)) == []
    with pytest.raises(Http404):
        get_patient_for(outsider, referred.pk)


def test_it_shows_no_one_a_removed_patient(coordinator, referrer, system_admin, referred):
    remove_patient(referred, by=system_admin)
    assert list(patients_for(coordinator)) == []
    assert list(patients_for(referrer)) == []
    with pytest.raises(Http404):
        get_patient_for(coordinator, referred.pk)


def test_it_shows_nothing_to_a_user_without_a_role(sites, patient):
    from spinepath.accounts.models import User

    nobody = User.objects.create_user("nobody@example.test", "x", role="")
    assert list(patients_for(nobody)) == []


def test_it_removes_a_patient_softly_and_audits_it(system_admin, patient):
    remove_patient(patient, by=system_admin)
    patient.refresh_from_db()
    assert patient.deleted_at is not None
    assert patient.deleted_by == system_admin
    event = AuditEvent.objects.get(action="delete")
    assert event.patient_id == patient.pk
    assert event.actor == system_admin
    assert set(event.changes) == {"deleted_at", "deleted_by"}


def test_it_removes_a_patient_once(system_admin, patient):
    remove_patient(patient, by=system_admin)
    remove_patient(patient, by=system_admin)
    assert AuditEvent.objects.filter(action="delete").count() == 1


# --- who accessed this record -----------------------------------------------------------


def test_it_records_a_view_of_the_patient_record(client_for, coordinator, patient):
    assert client_for(coordinator).get(f"/patients/{patient.pk}/edit/").status_code == 200
    event = AuditEvent.objects.get(action="view")
    assert (event.actor, event.object_type, event.patient_id) == (
        coordinator,
        "patients.patient",
        patient.pk,
    )
    assert event.changes == {}


def test_it_records_no_view_for_an_htmx_fragment_or_a_post(client_for, coordinator, patient):
    client = client_for(coordinator)
    client.get(f"/patients/{patient.pk}/edit/", headers={"HX-Request": "true"})
    client.post(f"/patients/{patient.pk}/edit/", {"given_name": ""})
    assert not AuditEvent.objects.filter(action="view").exists()


def test_it_records_no_view_of_a_patient_list(client_for, coordinator, patient):
    client_for(coordinator).get("/patients/?q=Ada")
    assert not AuditEvent.objects.filter(action="view").exists()


def test_it_lists_who_accessed_the_record(client_for, coordinator, clinician, patient):
    client_for(coordinator).get(f"/patients/{patient.pk}/edit/")
    response = client_for(clinician).get(f"/patients/{patient.pk}/access/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "coordinator@example.test" in html
    assert "Viewed" in html


def test_it_lists_only_this_patients_accesses(client_for, coordinator, patient, sites):
    other = Patient.objects.create(
        given_name="Bo",
        family_name="Other",
        date_of_birth="1960-01-01",
        sex="male",
        hospital_number="H1",
        home_site=sites["london"],
    )
    client_for(coordinator).get(f"/patients/{other.pk}/edit/")
    html = client_for(coordinator).get(f"/patients/{patient.pk}/access/").content.decode()
    assert "No one has accessed this record yet." in html


def test_it_refuses_the_access_page_to_referrers(client_for, referrer, referred):
    assert client_for(referrer).get(f"/patients/{referred.pk}/access/").status_code == 403


def test_it_rejects_a_post_to_the_access_page(client_for, coordinator, patient):
    assert client_for(coordinator).post(f"/patients/{patient.pk}/access/").status_code == 405


# --- Django admin -----------------------------------------------------------------------


@pytest.fixture
def two_patients(patient, sites):
    second = Patient.objects.create(
        given_name="Cy",
        family_name="Second",
        date_of_birth="1970-01-01",
        sex="other",
        hospital_number="H2",
        home_site=sites["norwich"],
    )
    return [patient, second]


def _bulk(client, action, patients):
    return client.post(
        "/admin/patients/patient/",
        {"action": action, "_selected_action": [p.pk for p in patients], "post": "yes"},
    )


def test_it_offers_no_bulk_delete_in_the_admin(client_for, system_admin, two_patients):
    client = client_for(system_admin)
    assert "delete_selected" not in client.get("/admin/patients/patient/").content.decode()
    _bulk(client, "delete_selected", two_patients)
    assert Patient.objects.filter(deleted_at__isnull=True).count() == 2


def test_it_refuses_the_admins_delete_page(client_for, system_admin, patient):
    client = client_for(system_admin)
    assert client.get(f"/admin/patients/patient/{patient.pk}/delete/").status_code == 403
    client.post(f"/admin/patients/patient/{patient.pk}/delete/", {"post": "yes"})
    assert Patient.objects.filter(pk=patient.pk, deleted_at__isnull=True).exists()


def test_it_removes_selected_patients_in_the_admin_with_audit(
    client_for, system_admin, two_patients
):
    response = _bulk(client_for(system_admin), "remove_selected", two_patients)
    assert response.status_code == 302
    assert Patient.objects.filter(deleted_at__isnull=False).count() == 2
    events = AuditEvent.objects.filter(action="delete", object_type="patients.patient")
    assert sorted(e.patient_id for e in events) == sorted(p.pk for p in two_patients)
    assert {e.actor_email for e in events} == {system_admin.email}


def test_it_hides_the_changed_data_in_the_audit_admin(client_for, system_admin, patient):
    from spinepath.audit.services import record_change, snapshot

    event = record_change(system_admin, patient, "create", {}, snapshot(patient))
    html = client_for(system_admin).get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert html.status_code == 200
    assert "9990000018" not in html.content.decode()


def test_it_hides_a_removed_patients_referrals_from_the_worklist(
    client_for, coordinator, system_admin, referred
):
    client = client_for(coordinator)
    assert "FICTIONAL, Ada" in client.get("/referrals/worklist/").content.decode()
    remove_patient(referred, by=system_admin)
    assert "FICTIONAL, Ada" not in client.get("/referrals/worklist/").content.decode()


def test_it_hides_a_removed_patient_from_searches(client_for, coordinator, system_admin, patient):
    remove_patient(patient, by=system_admin)
    client = client_for(coordinator)
    for url in ("/patients/?q=Ada", "/assessments/?q=Ada", "/appointments/?q=Ada"):
        assert "FICTIONAL, Ada" not in client.get(url).content.decode(), url

"""The audit log shows each role only the data it may read elsewhere, and records reads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.records import CLINICAL_NOTES, MDT_REASON, make_records

from spinepath.accounts.roles import may_read_data
from spinepath.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(patient, referrer, clinician, coordinator) -> Any:
    return make_records(
        patient=patient, referrer=referrer, clinician=clinician, coordinator=coordinator
    )


def _log(client: Any, object_type: str) -> str:
    response = client.get(f"/audit/?object_type={object_type}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["clinic_admin", "system_admin"])
def test_it_redacts_assessments_and_mdt_decisions_for_admins(client_for, request, records, persona):
    client = client_for(request.getfixturevalue(persona))
    # The admins get 403 on the assessment itself ...
    assert client.get(f"/assessments/{records.assessment.pk}/").status_code == 403
    # ... so the audit log must not show its facts, nor the MDT's reason and plan.
    assessment = _log(client, "assessments.assessment")
    assert "kidney" not in assessment
    assert "changed: redacted" in assessment
    decision = _log(client, "assessments.mdtdecision")
    assert MDT_REASON not in decision
    assert "Radiotherapy 8 Gy" not in decision
    assert re.search(r"\d+ fields changed: redacted", decision)


def test_it_redacts_referral_notes_for_system_admins(client_for, system_admin, records):
    client = client_for(system_admin)
    assert client.get(f"/referrals/{records.referral.pk}/").status_code == 403
    html = _log(client, "referrals.referral")
    assert CLINICAL_NOTES not in html
    assert "redacted, because your role may not read referrals.referral records" in html


def test_it_shows_referral_notes_to_clinic_admins_who_read_referrals(
    client_for, clinic_admin, records
):
    client = client_for(clinic_admin)
    assert client.get(f"/referrals/{records.referral.pk}/").status_code == 200
    assert CLINICAL_NOTES in _log(client, "referrals.referral")


@pytest.mark.parametrize("persona", ["clinic_admin", "system_admin"])
def test_it_shows_patient_changes_to_admins_who_read_patients(client_for, request, persona):
    from spinepath.patients.services import create_patient

    site = request.getfixturevalue("sites")["london"]
    data = {
        "given_name": "Di",
        "family_name": "Madeup",
        "date_of_birth": "1940-02-02",
        "sex": "female",
        "nhs_number": "",
        "hospital_number": "HOSP-77",
        "home_site": site,
    }
    user = request.getfixturevalue(persona)
    create_patient(by=user, data=data)
    html = _log(client_for(user), "patients.patient")
    assert "HOSP-77" in html
    assert "changed: redacted" not in html


def test_it_shows_administrative_changes(client_for, system_admin, sites):
    from spinepath.audit.services import record_change

    record_change(system_admin, sites["london"], "update", {"name": "Old"}, {"name": "New"})
    assert "Old → New" in _log(client_for(system_admin), "clinics.site")


@pytest.mark.parametrize(
    ("role", "object_type", "readable"),
    [
        ("clinic_admin", "assessments.assessment", False),
        ("clinic_admin", "referrals.referral", True),
        ("system_admin", "appointments.appointment", False),
        ("system_admin", "patients.patient", True),
        ("clinician", "assessments.mdtdecision", True),
        ("system_admin", "treatments.episode", False),  # an unknown type: redacted
        ("system_admin", "clinics.site", True),
    ],
)
def test_it_decides_who_reads_which_data(request, role, object_type, readable):
    user = request.getfixturevalue(role)
    assert may_read_data(user, object_type) is readable


# --- reads are recorded ------------------------------------------------------------------


def _views() -> list[tuple[str, str, int | None]]:
    return [
        (e.actor_email, e.object_type, e.patient_id)
        for e in AuditEvent.objects.filter(action="view").order_by("id")
    ]


@pytest.mark.parametrize(
    ("persona", "path", "object_type"),
    [
        ("referrer", "/referrals/{r}/", "referrals.referral"),
        ("coordinator", "/referrals/{r}/confirmation/", "referrals.referral"),
        ("coordinator", "/assessments/patient/{p}/", "patients.patient"),
        ("clinician", "/assessments/{a}/", "assessments.assessment"),
        ("clinician", "/assessments/{a}/decision/", "assessments.assessment"),
        ("clinic_admin", "/appointments/patients/{p}/", "patients.patient"),
        ("coordinator", "/api/patients/{p}/assessments", "patients.patient"),
        ("clinician", "/api/assessments/{a}", "assessments.assessment"),
    ],
)
def test_it_records_who_viewed_which_patients_record(
    client_for, request, records, persona, path, object_type
):
    user = request.getfixturevalue(persona)
    url = path.format(p=records.patient.pk, r=records.referral.pk, a=records.assessment.pk)
    assert client_for(user).get(url).status_code == 200
    assert _views() == [(user.email, object_type, records.patient.pk)]


def test_it_records_no_view_when_access_is_refused(client_for, outsider, system_admin, records):
    client_for(outsider).get(f"/referrals/{records.referral.pk}/")
    client_for(system_admin).get(f"/assessments/{records.assessment.pk}/")
    assert _views() == []


def test_it_links_every_change_to_the_patient(records):
    """Changes to a referral, an assessment, its decision and an appointment all appear
    on the patient's "who accessed this record" page."""
    types = set(
        AuditEvent.objects.filter(patient_id=records.patient.pk).values_list(
            "object_type", flat=True
        )
    )
    assert types == {
        "referrals.referral",
        "assessments.assessment",
        "assessments.mdtdecision",
        "appointments.appointment",
    }

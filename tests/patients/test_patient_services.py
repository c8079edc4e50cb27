import pytest

from spinepath.audit.models import AuditEvent
from spinepath.patients.services import create_patient, update_patient

pytestmark = pytest.mark.django_db


def test_it_audits_a_new_patient(coordinator, sites) -> None:
    patient = create_patient(
        by=coordinator,
        data={
            "given_name": "Cora", "family_name": "Example", "date_of_birth": "1970-07-07",
            "sex": "female", "nhs_number": "", "hospital_number": "H1",
            "home_site": sites["london"],
        },
    )  # fmt: skip
    event = AuditEvent.objects.get()
    assert event.action == "create"
    assert event.object_id == str(patient.pk)
    assert event.changes["hospital_number"] == {"old": None, "new": "H1"}


def test_it_records_the_diff_on_update(clinician, patient, sites) -> None:
    update_patient(
        patient, by=clinician, data={"family_name": "Sample", "home_site": sites["norwich"]}
    )
    event = AuditEvent.objects.get()
    assert event.action == "update"
    assert event.actor == clinician
    assert event.changes == {
        "family_name": {"old": "Fictional", "new": "Sample"},
        "home_site": {"old": sites["london"].pk, "new": sites["norwich"].pk},
    }

import threading

import pytest
from django.db import connection

from spinepath.audit.models import AuditEvent
from spinepath.common.versioning import StaleVersion
from spinepath.patients.models import Patient
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


def test_it_refuses_an_update_based_on_an_older_version(clinician, coordinator, patient) -> None:
    update_patient(patient, by=clinician, data={"given_name": "Adah"}, based_on=1)
    stale = Patient.objects.get(pk=patient.pk)
    stale.version = 1  # as loaded by someone who had the form open before that save
    with pytest.raises(StaleVersion) as raised:
        update_patient(stale, by=coordinator, data={"given_name": "Ida"}, based_on=1)
    assert (raised.value.based_on, raised.value.current) == (1, 2)
    patient.refresh_from_db()
    assert (patient.given_name, patient.version) == ("Adah", 2)
    assert AuditEvent.objects.get().actor == clinician


# --- a real race, on PostgreSQL -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_of_one_version_save_one(clinician, coordinator, patient) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def edit(user, name) -> None:
        try:
            mine = Patient.objects.get(pk=patient.pk)
            barrier.wait()
            update_patient(mine, by=user, data={"given_name": name}, based_on=1)
            results[name] = "saved"
        except StaleVersion:
            results[name] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(user, name))
        for user, name in ((clinician, "Adah"), (coordinator, "Ida"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["saved", "stale"]
    winner = next(name for name, result in results.items() if result == "saved")
    patient.refresh_from_db()
    assert (patient.given_name, patient.version) == (winner, 2)
    assert AuditEvent.objects.count() == 1

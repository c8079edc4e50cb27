import pytest

from spinepath.audit.models import AppendOnlyError, AuditEvent
from spinepath.audit.services import diff, record_change, snapshot

pytestmark = pytest.mark.django_db


def test_it_snapshots_fields_as_json_ready_values(patient) -> None:
    data = snapshot(patient)
    assert data["date_of_birth"] == "1950-01-31"
    assert data["home_site"] == patient.home_site_id
    assert "id" not in data
    assert "updated_at" not in data


def test_it_diffs_only_changed_fields() -> None:
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": {"old": 2, "new": 3}}
    assert diff({}, {"a": 1}) == {"a": {"old": None, "new": 1}}


def test_it_records_who_changed_what(coordinator, patient) -> None:
    before = snapshot(patient)
    patient.family_name = "Madeup"
    event = record_change(
        coordinator, patient, AuditEvent.Action.UPDATE, before, snapshot(patient), path="/p/1"
    )
    assert event is not None
    assert event.actor == coordinator
    assert event.actor_email == coordinator.email
    assert event.object_type == "patients.patient"
    assert event.object_id == str(patient.pk)
    assert event.changes == {"family_name": {"old": "Fictional", "new": "Madeup"}}
    assert event.request_path == "/p/1"


def test_it_records_nothing_for_an_update_that_changed_nothing(coordinator, patient) -> None:
    same = snapshot(patient)
    assert record_change(coordinator, patient, AuditEvent.Action.UPDATE, same, same) is None
    assert not AuditEvent.objects.exists()


def test_it_refuses_to_change_or_delete_events(coordinator, patient) -> None:
    event = record_change(coordinator, patient, AuditEvent.Action.CREATE, {}, snapshot(patient))
    event.action = AuditEvent.Action.DELETE
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="delete")
    assert AuditEvent.objects.get().action == AuditEvent.Action.CREATE

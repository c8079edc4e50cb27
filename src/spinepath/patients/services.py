"""Create and change patients. Every change is written to the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot
from spinepath.common import clock
from spinepath.common.versioning import claim_version
from spinepath.patients.models import Patient

__all__ = ["create_patient", "remove_patient", "update_patient"]


@transaction.atomic
def create_patient(*, by: Any, data: dict[str, Any]) -> Patient:
    """`data` is validated input, e.g. PatientForm.cleaned_data."""
    patient = Patient.objects.create(**data)
    record_change(by, patient, AuditEvent.Action.CREATE, {}, snapshot(patient))
    return patient


@transaction.atomic
def update_patient(
    patient: Patient, *, by: Any, data: dict[str, Any], based_on: int | None = None
) -> Patient:
    """Apply validated changes; the audit event holds each changed field, old → new.

    `based_on`: the version the user edited; if the patient has moved on since, raises
    StaleVersion and changes nothing. "Before" is read from the database: a bound
    ModelForm has already changed `patient`.
    """
    claim_version(patient, based_on)
    before = snapshot(Patient.objects.select_for_update().get(pk=patient.pk))
    for name, value in data.items():
        setattr(patient, name, value)
    patient.save()
    record_change(by, patient, AuditEvent.Action.UPDATE, before, snapshot(patient))
    return patient


@transaction.atomic
def remove_patient(patient: Patient, *, by: Any) -> Patient:
    """Soft-delete: the patient leaves every list and page but their row stays, so their
    referrals, assessments and audit trail still point at someone. Audited as a delete.
    Removing a patient already removed changes nothing and records nothing."""
    current = Patient.objects.select_for_update().get(pk=patient.pk)
    if current.deleted_at is not None:
        return current
    before = snapshot(current, ["deleted_at", "deleted_by"])
    current.deleted_at = clock.now()
    current.deleted_by = by
    current.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    after = snapshot(current, ["deleted_at", "deleted_by"])
    record_change(by, current, AuditEvent.Action.DELETE, before, after)
    patient.deleted_at, patient.deleted_by = current.deleted_at, by
    return current

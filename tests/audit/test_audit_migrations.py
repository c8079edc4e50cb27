"""Migration audit 0003 links the events recorded before `patient_id` to their patient."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import QuerySet
from tests.records import make_records

from spinepath.audit.services import record_change

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_backfills_the_patient_of_older_events(patient, referrer, clinician, coordinator):
    from spinepath.audit.models import AuditEvent

    records = make_records(
        patient=patient, referrer=referrer, clinician=clinician, coordinator=coordinator
    )
    # As recorded before the migration: no patient on any event.
    record_change(coordinator, patient, "update", {"sex": "male"}, {"sex": "female"})
    QuerySet.update(AuditEvent.objects.all(), patient_id=None)
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_view_events_and_patient_id")])
    try:
        MigrationExecutor(connection).migrate([("audit", "0003_backfill_patient_id")])
        linked = dict(AuditEvent.objects.values_list("object_type", "patient_id").distinct())
        assert linked == {
            "patients.patient": records.patient.pk,
            "referrals.referral": records.patient.pk,
            "assessments.assessment": records.patient.pk,
            "assessments.mdtdecision": records.patient.pk,
            "appointments.appointment": records.patient.pk,
        }
    finally:
        call_command("migrate", verbosity=0)

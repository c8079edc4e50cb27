"""Fill in `patient_id` on the events recorded before it existed, so a patient's "who
accessed this record" page also lists the older changes to their record."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast

# Record type -> the path from that record to its patient's id.
PATIENT_OF = {
    "referrals.referral": "patient_id",
    "assessments.assessment": "patient_id",
    "assessments.mdtdecision": "assessment__patient_id",
    "appointments.appointment": "patient_id",
}


def backfill(apps, schema_editor):
    events = apps.get_model("audit", "AuditEvent").objects.filter(patient_id__isnull=True)
    object_pk = Cast(OuterRef("object_id"), models.BigIntegerField())
    events.filter(object_type="patients.patient").update(
        patient_id=Cast("object_id", models.BigIntegerField())
    )
    for label, path in PATIENT_OF.items():
        records = apps.get_model(label).objects.filter(pk=object_pk).values(path)[:1]
        events.filter(object_type=label).update(patient_id=Subquery(records))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_view_events_and_patient_id"),
        ("patients", "0001_initial"),
        ("referrals", "0002_worklist_order_without_nulls"),
        ("assessments", "0001_initial"),
        ("appointments", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

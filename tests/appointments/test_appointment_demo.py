import pytest
from django.core.management import call_command

from spinepath.appointments.models import Appointment, Slot

pytestmark = pytest.mark.django_db


def test_the_demo_seed_makes_slots_at_both_sites_and_every_kind_of_appointment() -> None:
    call_command("seed_demo")
    assert set(Slot.objects.values_list("site__code", flat=True)) == {"london", "norwich"}
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert statuses == {"booked", "cancelled", "attended", "did_not_attend"}
    rebooked = Appointment.objects.get(rebooked_from__isnull=False)
    assert rebooked.rebooked_from.status == "cancelled"
    assert rebooked.rebooked_from.cancellation_reason


def test_the_demo_seed_is_idempotent() -> None:
    call_command("seed_demo")
    counts = (Slot.objects.count(), Appointment.objects.count())
    call_command("seed_demo")
    assert (Slot.objects.count(), Appointment.objects.count()) == counts

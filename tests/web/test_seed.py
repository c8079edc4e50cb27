import pytest
from django.core.management import call_command
from nhs_number import is_valid

from spinepath.accounts.models import Role, User
from spinepath.audit.models import AuditEvent
from spinepath.clinics.models import Site
from spinepath.common.demo import DEMO_PASSWORD
from spinepath.patients.models import Patient

pytestmark = pytest.mark.django_db


def test_it_seeds_sites_one_user_per_role_and_patients(capsys) -> None:
    call_command("seed_demo")
    assert set(Site.objects.values_list("code", flat=True)) == {"london", "norwich"}
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(Role.values)
    assert Patient.objects.count() == 20
    out = capsys.readouterr().out
    assert "coordinator@demo.spinepath" in out
    assert DEMO_PASSWORD in out


def test_it_is_idempotent() -> None:
    call_command("seed_demo")
    counts = (Site.objects.count(), User.objects.count(), Patient.objects.count())
    events = AuditEvent.objects.count()
    call_command("seed_demo")
    assert (Site.objects.count(), User.objects.count(), Patient.objects.count()) == counts
    assert AuditEvent.objects.count() == events


def test_it_gives_synthetic_patients_valid_test_range_nhs_numbers() -> None:
    call_command("seed_demo")
    numbers = [n for n in Patient.objects.values_list("nhs_number", flat=True) if n]
    assert numbers
    assert all(n.startswith("999") and is_valid(n) for n in numbers)
    assert Patient.objects.filter(nhs_number="").exclude(hospital_number="").exists()


def test_it_lets_each_demo_user_log_in(client) -> None:
    call_command("seed_demo")
    for role in Role.values:
        assert client.login(email=f"{role}@demo.spinepath", password=DEMO_PASSWORD), role

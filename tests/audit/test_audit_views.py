import datetime as dt

import pytest
from django.db.models import QuerySet

from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot

pytestmark = pytest.mark.django_db


# Just after midnight in London: an event of 00:05 today must not count as yesterday's.
NOW = dt.datetime(2026, 3, 10, 0, 5, tzinfo=dt.UTC)


@pytest.fixture
def events(coordinator, clinician, patient, sites, frozen_clock):
    frozen_clock(NOW)
    first = record_change(coordinator, patient, "create", {}, snapshot(patient))
    second = record_change(clinician, sites["london"], "update", {"name": "a"}, {"name": "b"})
    # Back-date one event (the model refuses updates, so go under it for the fixture).
    ten_days_ago = NOW - dt.timedelta(days=10)
    QuerySet.update(AuditEvent.objects.filter(pk=second.pk), at=ten_days_ago)
    return first, second


def test_it_lists_events_for_admins(client_for, system_admin, clinic_admin, events) -> None:
    for admin in (system_admin, clinic_admin):
        response = client_for(admin).get("/audit/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "coordinator@example.test" in html
        assert "clinician@example.test" in html


@pytest.mark.parametrize("persona", ["referrer", "coordinator", "clinician"])
def test_it_refuses_other_roles(client_for, request, persona) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/audit/").status_code == 403


def test_it_filters_by_user(client_for, system_admin, events) -> None:
    html = client_for(system_admin).get("/audit/?user=clinician").content.decode()
    assert "clinician@example.test" in html
    assert "coordinator@example.test" not in html


def test_it_filters_by_object_type(client_for, system_admin, events) -> None:
    html = client_for(system_admin).get("/audit/?object_type=clinics.site").content.decode()
    assert "clinics.site #" in html
    assert "patients.patient #" not in html


def test_it_filters_by_date(client_for, system_admin, events) -> None:
    html = client_for(system_admin).get("/audit/?date_from=2026-03-10").content.decode()
    assert "coordinator@example.test" in html
    assert "clinician@example.test" not in html


def test_it_explains_a_bad_date(client_for, system_admin, events) -> None:
    response = client_for(system_admin).get("/audit/?date_from=last-tuesday")
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD" in response.content.decode()


def test_it_rejects_post(client_for, system_admin) -> None:
    assert client_for(system_admin).post("/audit/").status_code == 405

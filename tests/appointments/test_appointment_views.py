import datetime as dt
import re

import pytest
from tests.conftest import form_version, signed_in_client

from spinepath.appointments.models import Appointment
from spinepath.appointments.services import book_appointment, cancel_appointment
from spinepath.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(patient, make_slot, coordinator, now, frozen_views):
    return book_appointment(patient, make_slot(hours=24), by=coordinator, now=now)


def _offered_slot_ids(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'name="slot" type="radio" value="(\d+)"', html)]


# --- access: who may do what ------------------------------------------------------------


def _urls(patient, appointment) -> list[str]:
    return [
        "/appointments/",
        "/appointments/clinic/",
        f"/appointments/patients/{patient.pk}/",
        f"/appointments/patients/{patient.pk}/book/",
        f"/appointments/{appointment.pk}/cancel/",
        f"/appointments/{appointment.pk}/rebook/",
    ]


@pytest.mark.parametrize("persona", ["coordinator", "clinic_admin"])
def test_it_shows_every_page_to_bookers(request, client_for, persona, patient, booked) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(patient, booked):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["referrer", "outsider", "system_admin"])
def test_it_refuses_other_roles(request, client_for, persona, patient, booked) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(patient, booked):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/appointments/{booked.pk}/outcome/").status_code == 403


def test_it_lets_clinicians_see_lists_but_not_book(client_for, clinician, patient, booked) -> None:
    client = client_for(clinician)
    assert client.get("/appointments/clinic/").status_code == 200
    html = client.get(f"/appointments/patients/{patient.pk}/").content.decode()
    assert "Book an appointment" not in html
    assert client.get(f"/appointments/patients/{patient.pk}/book/").status_code == 403
    assert client.post(f"/appointments/{booked.pk}/cancel/", {"reason": "x"}).status_code == 403


def test_it_sends_visitors_to_log_in(client) -> None:
    response = client.get("/appointments/clinic/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "url",
    [
        "/appointments/patients/999999/",
        "/appointments/patients/999999/book/",
        "/appointments/999999/cancel/",
        "/appointments/999999/rebook/",
    ],
)
def test_it_404s_for_unknown_records(client_for, coordinator, url) -> None:
    assert client_for(coordinator).get(url).status_code == 404


def test_it_404s_for_an_outcome_on_an_unknown_appointment(client_for, coordinator) -> None:
    assert client_for(coordinator).post("/appointments/999999/outcome/").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/appointments/"),
        ("post", "/appointments/clinic/"),
        ("get", "/appointments/{pk}/outcome/"),
        ("delete", "/appointments/{pk}/cancel/"),
        ("put", "/appointments/{pk}/rebook/"),
    ],
)
def test_it_rejects_the_wrong_method(client_for, coordinator, booked, method, url) -> None:
    response = getattr(client_for(coordinator), method)(url.format(pk=booked.pk))
    assert response.status_code == 405


# --- booking ----------------------------------------------------------------------------


def test_it_books_a_slot(client_for, clinic_admin, patient, make_slot, frozen_views) -> None:
    slot = make_slot(hours=5)
    client = client_for(clinic_admin)
    response = client.post(f"/appointments/patients/{patient.pk}/book/", {"slot": slot.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/appointments/patients/{patient.pk}/"
    appointment = Appointment.objects.get()
    assert (appointment.slot, appointment.booked_by) == (slot, clinic_admin)
    assert (
        "Booked: London spine clinic, Mon 23 Nov 2026 13:00"
        in client.get(response["Location"]).content.decode()
    )


def test_it_offers_an_emergency_the_earliest_slot_first_and_says_why(
    client_for, coordinator, patient, make_slot, make_referral, frozen_views
) -> None:
    home = make_slot("london", hours=20)
    earliest = make_slot("norwich", hours=4)
    make_referral(patient, "emergency")
    html = client_for(coordinator).get(f"/appointments/patients/{patient.pk}/book/").content
    html = html.decode()
    assert _offered_slot_ids(html) == [earliest.pk, home.pk]
    assert "Emergency referral: the earliest free slot at any site is offered first" in html
    assert "Whole-spine MRI due" in html
    assert "Tue 24 Nov 2026, 08:00" in html  # the 24-hour deadline


def test_it_books_the_referral_with_the_appointment(
    client_for, coordinator, patient, make_slot, make_referral, frozen_views
) -> None:
    referral = make_referral(patient, "urgent")
    slot = make_slot()
    client_for(coordinator).post(f"/appointments/patients/{patient.pk}/book/", {"slot": slot.pk})
    assert Appointment.objects.get().referral == referral


def test_it_filters_offered_slots_by_site(
    client_for, coordinator, patient, make_slot, frozen_views
) -> None:
    make_slot("london", hours=3)
    norwich = make_slot("norwich", hours=4)
    url = f"/appointments/patients/{patient.pk}/book/?site=norwich"
    assert _offered_slot_ids(client_for(coordinator).get(url).content.decode()) == [norwich.pk]


@pytest.mark.parametrize(
    ("data", "error"), [({}, "Choose a slot"), ({"slot": "x"}, "no longer free")]
)
def test_it_shows_booking_errors_inline_and_saves_nothing(
    client_for, coordinator, patient, make_slot, frozen_views, data, error
) -> None:
    make_slot()
    response = client_for(coordinator).post(f"/appointments/patients/{patient.pk}/book/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_slot"' in html
    assert error in html
    assert not Appointment.objects.exists()


def test_it_refuses_to_double_book_through_the_form(
    client_for, coordinator, patient, booked, frozen_views
) -> None:
    response = client_for(coordinator).post(
        f"/appointments/patients/{patient.pk}/book/", {"slot": booked.slot_id}
    )
    assert response.status_code == 200
    assert "That slot is no longer free" in response.content.decode()
    assert Appointment.objects.count() == 1


# --- cancel and rebook keep history -------------------------------------------------------


def test_it_cancels_with_a_reason(client_for, clinic_admin, patient, booked) -> None:
    client = client_for(clinic_admin)
    response = client.post(
        f"/appointments/{booked.pk}/cancel/", {"reason": "Unwell today", "version": 1}
    )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert (booked.status, booked.cancelled_by) == ("cancelled", clinic_admin)
    html = client.get(response["Location"]).content.decode()
    assert "Cancelled" in html
    assert "Unwell today" in html


def test_it_needs_a_reason_to_cancel(client_for, coordinator, booked) -> None:
    response = client_for(coordinator).post(f"/appointments/{booked.pk}/cancel/", {"reason": " "})
    assert response.status_code == 200
    assert "Enter a reason" in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == "booked"


def test_it_rebooks_and_shows_both_in_the_history(
    client_for, coordinator, patient, booked, make_slot
) -> None:
    new_slot = make_slot("norwich", hours=72)
    client = client_for(coordinator)
    response = client.post(
        f"/appointments/{booked.pk}/rebook/",
        {"slot": new_slot.pk, "reason": "Transport", "version": 1},
    )
    assert response.status_code == 302
    new = Appointment.objects.get(rebooked_from=booked)
    assert new.slot == new_slot
    html = client.get(f"/appointments/patients/{patient.pk}/").content.decode()
    assert f'id="appointment-{booked.pk}"' in html
    assert f'id="appointment-{new.pk}"' in html
    assert f'Moved from <a href="#appointment-{booked.pk}">' in html
    assert f'Moved to <a href="#appointment-{new.pk}">' in html
    assert "Transport" in html
    assert AuditEvent.objects.filter(object_type="appointments.appointment").count() == 3


def test_it_needs_a_slot_and_reason_to_rebook(client_for, coordinator, booked) -> None:
    response = client_for(coordinator).post(f"/appointments/{booked.pk}/rebook/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a slot" in html
    assert "Enter a reason" in html
    assert Appointment.objects.count() == 1


def test_it_refuses_a_rebook_from_a_page_loaded_before_a_cancel(
    clinic_admin, coordinator, patient, booked, make_slot
) -> None:
    new_slot = make_slot("norwich", hours=72)
    first, second = signed_in_client(clinic_admin), signed_in_client(coordinator)
    cancelling = form_version(first.get(f"/appointments/{booked.pk}/cancel/"))
    moving = form_version(second.get(f"/appointments/{booked.pk}/rebook/"))
    assert cancelling == moving == "1"
    data = {"reason": "Unwell today", "version": cancelling}
    assert first.post(f"/appointments/{booked.pk}/cancel/", data).status_code == 302
    data = {"slot": new_slot.pk, "reason": "Transport", "version": moving}
    response = second.post(f"/appointments/{booked.pk}/rebook/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "was changed while you were looking at it" in html
    assert '<td class="nhsuk-table__cell">Moved to another slot</td>' in html
    assert '<td class="nhsuk-table__cell">Transport</td>' in html
    assert '<td class="nhsuk-table__cell">Unwell today</td>' in html
    booked.refresh_from_db()
    assert (booked.status, booked.cancellation_reason, booked.version) == (
        "cancelled",
        "Unwell today",
        2,
    )
    assert not Appointment.objects.filter(slot=new_slot).exists()


def test_it_refuses_a_second_outcome_from_an_old_clinic_list(
    clinic_admin, coordinator, booked, frozen_clock
) -> None:
    frozen_clock(booked.slot.starts_at + dt.timedelta(minutes=5))
    url = "/appointments/clinic/?site=london&date=2026-11-24"
    first, second = signed_in_client(clinic_admin), signed_in_client(coordinator)
    assert form_version(first.get(url)) == form_version(second.get(url)) == "1"
    outcome = f"/appointments/{booked.pk}/outcome/"
    assert first.post(outcome, {"status": "attended", "version": 1}).status_code == 302
    response = second.post(outcome, {"status": "did_not_attend", "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert '<td class="nhsuk-table__cell">Did not attend</td>' in html
    assert '<td class="nhsuk-table__cell">Attended</td>' in html
    booked.refresh_from_db()
    assert booked.status == "attended"
    assert AuditEvent.objects.filter(action="status", actor=coordinator).count() == 0


def test_it_will_not_cancel_a_cancelled_appointment(client_for, coordinator, booked, now) -> None:
    cancel_appointment(booked, by=coordinator, reason="x", now=now)
    client = client_for(coordinator)
    response = client.post(f"/appointments/{booked.pk}/cancel/", {"reason": "again"})
    assert response.status_code == 302
    assert (
        "Only a booked appointment can be cancelled"
        in client.get(response["Location"]).content.decode()
    )


# --- clinic list ------------------------------------------------------------------------


def test_it_lists_a_clinic_for_a_site_and_day(
    client_for, clinician, patient, booked, make_slot
) -> None:
    make_slot("london", hours=25)  # same day as `booked`, free
    make_slot("norwich", hours=24)  # other site
    html = client_for(clinician).get("/appointments/clinic/?site=london&date=2026-11-24").content
    html = html.decode()
    assert "London spine clinic, Tuesday 24 November 2026" in html
    assert "1 of 2 slots booked" in html
    assert "08:00–08:30" in html
    assert "FICTIONAL, Ada" in html
    assert "999 000 0018" in html


def test_it_defaults_the_clinic_list_to_the_users_site_today(
    client_for, clinic_admin, frozen_views
) -> None:
    html = client_for(clinic_admin).get("/appointments/clinic/").content.decode()
    assert "Norwich spine clinic, Monday 23 November 2026" in html


@pytest.mark.parametrize(
    ("query", "error"),
    [("date=2026-02-30", "The day must be a real date"), ("site=paris", "Choose one of")],
)
def test_it_shows_bad_filters_inline(client_for, coordinator, query, error) -> None:
    response = client_for(coordinator).get(f"/appointments/clinic/?{query}")
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_it_records_attendance_from_the_clinic_list(
    client_for, coordinator, booked, frozen_clock
) -> None:
    frozen_clock(booked.slot.starts_at + dt.timedelta(minutes=5))
    client = client_for(coordinator)
    page = client.get("/appointments/clinic/?site=london&date=2026-11-24").content.decode()
    assert f'action="/appointments/{booked.pk}/outcome/"' in page
    response = client.post(
        f"/appointments/{booked.pk}/outcome/", {"status": "attended", "version": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == "/appointments/clinic/?site=london&date=2026-11-24"
    booked.refresh_from_db()
    assert booked.status == "attended"


def test_it_refuses_attendance_before_the_appointment(client_for, coordinator, booked) -> None:
    client = client_for(coordinator)
    response = client.post(
        f"/appointments/{booked.pk}/outcome/", {"status": "attended", "version": 1}
    )
    assert "once the appointment has started" in client.get(response["Location"]).content.decode()
    booked.refresh_from_db()
    assert booked.status == "booked"


def test_it_finds_patients_to_book(client_for, coordinator, patient) -> None:
    html = client_for(coordinator).get("/appointments/?q=999 000 0018").content.decode()
    assert f'href="/appointments/patients/{patient.pk}/"' in html


def test_it_finds_patients_to_book_by_an_nhs_number_typed_with_dashes(
    client_for, coordinator, patient
) -> None:
    html = client_for(coordinator).get("/appointments/?q=999-000-0018").content.decode()
    assert f'href="/appointments/patients/{patient.pk}/"' in html

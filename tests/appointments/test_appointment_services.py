import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from spinepath.appointments.models import Appointment, Slot
from spinepath.appointments.services import (
    BookingError,
    NotBooked,
    SlotInPast,
    SlotTaken,
    book_appointment,
    cancel_appointment,
    clinic_day,
    generate_slots,
    offer_slots,
    rebook_appointment,
    record_outcome,
    urgency_for,
)
from spinepath.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


# --- offering slots by urgency --------------------------------------------------------


def test_it_offers_an_emergency_the_earliest_slot_at_any_site_first(
    patient, make_slot, make_referral, now
) -> None:
    home_later = make_slot("london", hours=30)
    away_earliest = make_slot("norwich", hours=3)
    make_referral(patient, "emergency")
    offer = offer_slots(patient, now=now)
    assert [o.slot for o in offer.slots] == [away_earliest, home_later]
    assert offer.slots[0].in_window is True
    assert offer.slots[1].in_window is False  # after the 24-hour MRI deadline
    assert "earliest free slot at any site" in offer.reason
    assert offer.warnings == []


def test_it_warns_when_an_emergency_has_no_slot_before_its_deadline(
    patient, make_slot, make_referral, now
) -> None:
    make_slot("london", hours=48)
    make_referral(patient, "emergency")
    offer = offer_slots(patient, now=now)
    assert "No free slot before the deadline" in offer.warnings[0]
    assert "on-call spinal team" in offer.warnings[0]


def test_it_offers_urgent_slots_in_the_week_first_home_site_first(
    patient, make_slot, make_referral, now
) -> None:
    away_day1 = make_slot("norwich", hours=24)
    home_day2 = make_slot("london", hours=48)
    home_day10 = make_slot("london", hours=240)
    away_day3 = make_slot("norwich", hours=72)
    make_referral(patient, "urgent")
    offer = offer_slots(patient, now=now)
    assert [o.slot for o in offer.slots] == [home_day2, away_day1, away_day3, home_day10]
    assert [o.in_window for o in offer.slots] == [True, True, True, False]
    assert "before the deadline" in offer.reason


@pytest.mark.parametrize("with_referral", [True, False])
def test_it_offers_routine_bookings_home_site_first_in_date_order(
    patient, make_slot, make_referral, now, with_referral
) -> None:
    away = make_slot("norwich", hours=2)
    home_late = make_slot("london", hours=100)
    home_early = make_slot("london", hours=50)
    if with_referral:
        make_referral(patient, "routine")
    offer = offer_slots(patient, now=now)
    assert [o.slot for o in offer.slots] == [home_early, home_late, away]
    assert all(o.in_window is None for o in offer.slots)
    assert offer.reason.startswith("Routine referral" if with_referral else "No open referral")


def test_it_offers_only_free_future_slots_at_the_chosen_site(
    patient, make_slot, now, coordinator
) -> None:
    past = make_slot("london", hours=-1)
    taken = make_slot("london", hours=5)
    free = make_slot("london", hours=6)
    make_slot("norwich", hours=7)
    book_appointment(patient, taken, by=coordinator, now=now)
    offer = offer_slots(patient, now=now, site=free.site)
    assert [o.slot for o in offer.slots] == [free]
    assert past not in [o.slot for o in offer.slots]


def test_it_shows_the_referrals_deadlines(patient, make_referral, now) -> None:
    referral = make_referral(patient, "urgent")
    urgency = urgency_for(patient, now=now)
    assert urgency.referral == referral
    assert [(d.label, d.due_at) for d in urgency.deadlines] == [
        ("Whole-spine MRI", now + dt.timedelta(days=7)),
        ("Treatment plan agreed", now + dt.timedelta(days=7)),
    ]
    assert urgency.window_ends == now + dt.timedelta(days=7)
    assert urgency.label.startswith("Urgent")


# --- booking --------------------------------------------------------------------------


def test_it_books_and_audits(patient, make_slot, coordinator, now) -> None:
    slot = make_slot()
    appointment = book_appointment(patient, slot, by=coordinator, now=now)
    assert appointment.status == "booked"
    assert (appointment.booked_by, appointment.booked_at) == (coordinator, now)
    event = AuditEvent.objects.get(object_type="appointments.appointment")
    assert (event.action, event.actor) == ("create", coordinator)
    assert event.changes["slot"] == {"old": None, "new": slot.pk}


def test_it_refuses_to_double_book_a_slot(patient, make_slot, coordinator, now, sites) -> None:
    from spinepath.patients.models import Patient

    other = Patient.objects.create(
        given_name="Bert", family_name="Madeup", date_of_birth="1960-02-02", sex="male",
        nhs_number="9990000026", home_site=sites["london"],
    )  # fmt: skip
    slot = make_slot()
    book_appointment(patient, slot, by=coordinator, now=now)
    with pytest.raises(SlotTaken, match="already booked"):
        book_appointment(other, slot, by=coordinator, now=now)
    assert Appointment.objects.filter(slot=slot).count() == 1


def test_the_database_refuses_a_second_active_appointment_in_a_slot(
    patient, make_slot, now
) -> None:
    slot = make_slot()
    Appointment.objects.create(patient=patient, slot=slot, booked_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(patient=patient, slot=slot, booked_at=now)


def test_it_refuses_a_slot_that_has_started(patient, make_slot, coordinator, now) -> None:
    with pytest.raises(SlotInPast):
        book_appointment(patient, make_slot(hours=0), by=coordinator, now=now)
    assert not Appointment.objects.exists()


# --- cancel and rebook keep history ---------------------------------------------------


def test_it_cancels_keeping_who_when_and_why_and_frees_the_slot(
    patient, make_slot, coordinator, clinic_admin, now
) -> None:
    slot = make_slot()
    appointment = book_appointment(patient, slot, by=coordinator, now=now)
    later = now + dt.timedelta(hours=1)
    cancelled = cancel_appointment(appointment, by=clinic_admin, reason=" Unwell ", now=later)
    assert (cancelled.status, cancelled.cancelled_by, cancelled.cancelled_at) == (
        "cancelled", clinic_admin, later,
    )  # fmt: skip
    assert cancelled.cancellation_reason == "Unwell"
    event = AuditEvent.objects.filter(action="status").get()
    assert event.changes["status"] == {"old": "booked", "new": "cancelled"}
    assert book_appointment(patient, slot, by=coordinator, now=later).status == "booked"
    assert Appointment.objects.filter(slot=slot).count() == 2


def test_it_rebooks_linking_the_new_appointment_to_the_cancelled_one(
    patient, make_slot, coordinator, now
) -> None:
    first = book_appointment(patient, make_slot(hours=24), by=coordinator, now=now)
    second_slot = make_slot(hours=48)
    new = rebook_appointment(first, second_slot, by=coordinator, reason="Transport", now=now)
    first.refresh_from_db()
    assert (first.status, first.cancellation_reason) == ("cancelled", "Transport")
    assert (new.slot, new.rebooked_from, new.status) == (second_slot, first, "booked")
    assert first.rebooked_as == new
    assert AuditEvent.objects.filter(object_type="appointments.appointment").count() == 3


def test_it_leaves_the_old_appointment_booked_when_the_new_slot_is_taken(
    patient, make_slot, coordinator, now, sites
) -> None:
    from spinepath.patients.models import Patient

    other = Patient.objects.create(
        given_name="Cora", family_name="Example", date_of_birth="1970-03-03", sex="female",
        hospital_number="H1", home_site=sites["norwich"],
    )  # fmt: skip
    first = book_appointment(patient, make_slot(hours=24), by=coordinator, now=now)
    taken = make_slot(hours=48)
    book_appointment(other, taken, by=coordinator, now=now)
    with pytest.raises(SlotTaken):
        rebook_appointment(first, taken, by=coordinator, reason="x", now=now)
    first.refresh_from_db()
    assert first.status == "booked"
    assert first.cancelled_at is None


def test_it_refuses_to_cancel_twice(patient, make_slot, coordinator, now) -> None:
    appointment = book_appointment(patient, make_slot(), by=coordinator, now=now)
    cancel_appointment(appointment, by=coordinator, reason="x", now=now)
    with pytest.raises(NotBooked, match="cancelled, not booked"):
        cancel_appointment(appointment, by=coordinator, reason="again", now=now)


def test_it_records_attendance_only_once_the_appointment_has_started(
    patient, make_slot, coordinator, now
) -> None:
    slot = make_slot(hours=2)
    appointment = book_appointment(patient, slot, by=coordinator, now=now)
    with pytest.raises(BookingError, match="once the appointment has started"):
        record_outcome(appointment, "attended", by=coordinator, now=now)
    done = record_outcome(appointment, "did_not_attend", by=coordinator, now=slot.starts_at)
    assert done.status == "did_not_attend"
    with pytest.raises(ValueError, match="'booked' is not one of"):
        record_outcome(appointment, "booked", by=coordinator, now=slot.starts_at)


# --- clinic lists and slot generation -------------------------------------------------


def test_it_lists_a_sites_day_with_appointments_and_cancellations(
    patient, make_slot, coordinator, now, sites
) -> None:
    morning = make_slot("london", hours=2)  # Mon 10:00
    free = make_slot("london", hours=3)
    make_slot("norwich", hours=2)  # another site
    make_slot("london", hours=26)  # another day
    cancelled = book_appointment(patient, morning, by=coordinator, now=now)
    cancel_appointment(cancelled, by=coordinator, reason="x", now=now)
    booked = book_appointment(patient, morning, by=coordinator, now=now)
    rows = clinic_day(sites["london"], timezone.localdate(now))
    assert [row.slot for row in rows] == [morning, free]
    assert rows[0].appointment == booked
    assert rows[0].cancelled == [cancelled]
    assert rows[1].appointment is None


def test_it_generates_weekday_sessions_in_local_time_once(sites) -> None:
    monday = dt.date(2026, 11, 23)
    created = generate_slots(sites["london"], monday, monday + dt.timedelta(days=6))
    assert created == 5 * 7  # Mon–Fri, 09:00 to 12:30 in 30-minute slots
    assert generate_slots(sites["london"], monday, monday + dt.timedelta(days=6)) == 0
    first = Slot.objects.order_by("starts_at").first()
    assert timezone.localtime(first.starts_at).time() == dt.time(9, 0)


def test_it_keeps_slot_times_local_across_the_clock_change(sites) -> None:
    summer = dt.date(2026, 7, 1)
    generate_slots(sites["london"], summer, summer, times=[dt.time(9, 0)])
    slot = Slot.objects.get()
    assert slot.starts_at.astimezone(dt.UTC).hour == 8  # 09:00 BST
    assert timezone.localtime(slot.starts_at).hour == 9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minutes": 0}, "minutes must be positive"),
        ({"day_start": dt.time(12), "day_end": dt.time(9)}, "ends"),
    ],
)
def test_it_refuses_bad_slot_settings(sites, kwargs, message) -> None:
    day = dt.date(2026, 11, 23)
    with pytest.raises(ValueError, match=message):
        generate_slots(sites["london"], day, day, **kwargs)


def test_it_refuses_a_backwards_date_range(sites) -> None:
    with pytest.raises(ValueError, match="before the first day"):
        generate_slots(sites["london"], dt.date(2026, 11, 23), dt.date(2026, 11, 1))


def test_the_command_creates_slots(sites, capsys) -> None:
    call_command(
        "create_slots", "--site", "norwich", "--from", "2026-11-23", "--to", "2026-11-23",
        "--start", "14:00", "--end", "15:00", "--minutes", "20",
    )  # fmt: skip
    assert "3 slots created at Norwich spine clinic" in capsys.readouterr().out
    assert Slot.objects.filter(site=sites["norwich"]).count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "paris"], "no site 'paris'"),
        (["--site", "london", "--weekdays", "funday"], "not in mon"),
    ],
)
def test_the_command_explains_bad_arguments(sites, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("create_slots", *args, "--from", "2026-11-23", "--to", "2026-11-24")


# --- a real race, on PostgreSQL -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_bookings_of_one_slot_give_one_appointment(
    patient, make_slot, coordinator, clinic_admin, now
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    slot = make_slot()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def attempt(user) -> None:
        try:
            barrier.wait()
            book_appointment(patient, slot, by=user, now=now)
            results.append("booked")
        except SlotTaken:
            results.append("taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (coordinator, clinic_admin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["booked", "taken"]
    assert Appointment.objects.filter(slot=slot).count() == 1

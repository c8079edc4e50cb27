"""Book, cancel and rebook appointments; offer slots by urgency; make clinic slots.

Services are the only code that changes appointments and slots, and every change to an
appointment is written to the audit trail. Anything that depends on the time takes `now`,
so callers (and tests) decide what "now" is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from spinepath.appointments.models import Appointment, Slot
from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot
from spinepath.clinical.triage.rules import CATEGORIES
from spinepath.clinics.models import Site
from spinepath.common.versioning import claim_version
from spinepath.patients.models import Patient
from spinepath.referrals.deadlines import Deadline, deadlines_of
from spinepath.referrals.models import Referral
from spinepath.referrals.services import open_referral_for

__all__ = [
    "WEEKDAYS",
    "BookingError",
    "ClinicRow",
    "NotBooked",
    "Offer",
    "OfferedSlot",
    "SlotInPast",
    "SlotTaken",
    "Urgency",
    "book_appointment",
    "cancel_appointment",
    "clinic_day",
    "free_slots",
    "generate_slots",
    "offer_slots",
    "rebook_appointment",
    "record_outcome",
    "urgency_for",
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_GENERATE_DAYS = 366

# Without a deadline on the referral, the window NICE sets from the suspected diagnosis.
_DEFAULT_WINDOW = {"emergency": dt.timedelta(hours=24), "urgent": dt.timedelta(days=7)}


# --- errors ---------------------------------------------------------------------------


class BookingError(Exception):
    """A change the booking rules refuse. Carries the appointment or slot concerned."""

    def __init__(self, message: str, *, slot: Slot | None = None, appointment: Any = None):
        super().__init__(message)
        self.message = message
        self.slot = slot
        self.appointment = appointment


class SlotTaken(BookingError):
    """The slot already holds an appointment (capacity is one)."""


class SlotInPast(BookingError):
    """The slot has already started."""


class NotBooked(BookingError):
    """Only a booked appointment can be cancelled, rebooked or given an outcome."""


# --- urgency --------------------------------------------------------------------------


@dataclass(frozen=True)
class Urgency:
    """How soon a patient should be seen, from their open referral's triage."""

    category: str  # "emergency", "urgent" or "routine" (the triage category codes)
    referral: Referral | None = None
    deadlines: tuple[Deadline, ...] = ()
    """The referral's deadlines (spinepath.referrals.deadlines), earliest first."""
    window_ends: dt.datetime | None = None
    """Emergency and urgent: offer slots before this first."""

    @property
    def label(self) -> str:
        if self.referral is None:
            return "No open referral: routine"
        return CATEGORIES[self.category].label  # type: ignore[index]


def urgency_for(patient: Patient, *, now: dt.datetime, referral: Referral | None = None) -> Urgency:
    """The urgency of booking for `patient`: their open referral's category and deadlines.

    The window to book within is the earliest deadline not yet met; without one, 24 hours
    (emergency) or 1 week (urgent) from when the referral was received.
    """
    referral = referral or open_referral_for(patient)
    if referral is None:
        return Urgency("routine")
    deadlines = tuple(deadlines_of(referral, now))
    window_ends = None
    if referral.category in _DEFAULT_WINDOW:
        window_ends = min(
            (d.due_at for d in deadlines if d.state != "met"),
            default=referral.received_at + _DEFAULT_WINDOW[referral.category],
        )
    return Urgency(referral.category, referral, deadlines, window_ends)


# --- offering slots -------------------------------------------------------------------


def free_slots(*, now: dt.datetime, site: Site | None = None) -> QuerySet[Slot]:
    """Slots at active sites that have not started and hold no appointment."""
    slots = Slot.objects.filter(starts_at__gt=now, site__active=True).exclude(
        appointments__status__in=Appointment.HOLDS_SLOT
    )
    if site is not None:
        slots = slots.filter(site=site)
    return slots.select_related("site", "clinician").order_by("starts_at", "site__name", "id")


@dataclass(frozen=True)
class OfferedSlot:
    slot: Slot
    in_window: bool | None = None
    """True or False against the urgency window; None when there is no window."""


@dataclass(frozen=True)
class Offer:
    urgency: Urgency
    slots: list[OfferedSlot]
    reason: str
    warnings: list[str] = field(default_factory=list)


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%a %d %b %Y, %H:%M}"


def offer_slots(
    patient: Patient,
    *,
    now: dt.datetime,
    urgency: Urgency | None = None,
    site: Site | None = None,
    limit: int = 15,
) -> Offer:
    """Free slots in the order to offer them, and why that order.

    Emergency: the earliest slot at any site first. Urgent: slots before the deadline
    first, the patient's home site first among them. Routine (or no open referral): the
    patient's home site first, in date order.
    """
    urgency = urgency or urgency_for(patient, now=now)
    home = patient.home_site
    candidates: dict[int, Slot] = {}
    for slot in list(free_slots(now=now, site=site)[:limit]) + (
        list(free_slots(now=now, site=home)[:limit]) if site is None else []
    ):
        candidates.setdefault(slot.pk, slot)
    slots = sorted(candidates.values(), key=lambda s: (s.starts_at, s.site.name, s.pk))
    window = urgency.window_ends
    warnings: list[str] = []

    def away(slot: Slot) -> bool:
        return slot.site_id != home.pk

    if urgency.category == "emergency":
        reason = (
            "Emergency referral: the earliest free slot at any site is offered first, "
            "because suspected spinal cord compression cannot wait."
        )
    elif urgency.category == "urgent":
        slots.sort(key=lambda s: (window is not None and s.starts_at > window, away(s)))
        reason = (
            f"Urgent referral: slots before the deadline ({_when(window)}) come first"
            if window
            else "Urgent referral: the earliest slots come first"
        ) + f", at the patient's home site ({home}) first among them."
    else:
        slots.sort(key=away)
        prefix = "Routine referral" if urgency.referral else "No open referral"
        reason = (
            f"{prefix}: slots at the patient's home site ({home}) first, then other sites, "
            "each in date order."
        )
    offered = [
        OfferedSlot(s, None if window is None else s.starts_at <= window) for s in slots[:limit]
    ]
    late = not offered or offered[0].in_window is False
    if urgency.category in ("emergency", "urgent") and window is not None and late:
        warnings.append(
            f"No free slot before the deadline ({_when(window)}). Do not wait for a "
            "clinic slot: contact the MSCC coordinator"
            + (" and the on-call spinal team now." if urgency.category == "emergency" else ".")
        )
    if not offered:
        warnings.append("There are no free slots. Create clinic slots for the coming weeks.")
    return Offer(urgency, offered, reason, warnings)


# --- booking, cancelling, rebooking ---------------------------------------------------


def _book(
    patient: Patient,
    slot: Slot,
    *,
    by: Any,
    now: dt.datetime,
    referral: Referral | None,
    rebooked_from: Appointment | None = None,
) -> Appointment:
    # Lock the slot row (PostgreSQL) so two bookings of one slot queue up; the partial
    # unique constraint appointment_one_per_slot is the backstop on every database.
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    if locked.starts_at <= now:
        raise SlotInPast(f"The slot at {_when(locked.starts_at)} has already started.", slot=slot)
    if locked.appointments.filter(status__in=Appointment.HOLDS_SLOT).exists():
        raise SlotTaken(
            f"The slot at {_when(locked.starts_at)} is already booked: choose another.", slot=slot
        )
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                patient=patient,
                slot=locked,
                referral=referral,
                booked_by=by if getattr(by, "is_authenticated", False) else None,
                booked_at=now,
                rebooked_from=rebooked_from,
            )
    except IntegrityError:
        raise SlotTaken(
            f"The slot at {_when(locked.starts_at)} was booked by someone else just now: "
            "choose another.",
            slot=slot,
        ) from None
    record_change(by, appointment, AuditEvent.Action.CREATE, {}, snapshot(appointment))
    return appointment


@transaction.atomic
def book_appointment(
    patient: Patient,
    slot: Slot,
    *,
    by: Any,
    now: dt.datetime,
    referral: Referral | None = None,
) -> Appointment:
    """Book `patient` into `slot`. Raises SlotTaken or SlotInPast; nothing is saved then."""
    return _book(patient, slot, by=by, now=now, referral=referral)


def _cancel(
    appointment: Appointment, *, by: Any, reason: str, now: dt.datetime, based_on: int | None
) -> Appointment:
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    claim_version(locked, based_on)
    if locked.status != Appointment.Status.BOOKED:
        raise NotBooked(
            f"This appointment is {locked.get_status_display().lower()}, not booked.",
            appointment=locked,
        )
    before = snapshot(locked)
    locked.status = Appointment.Status.CANCELLED
    locked.cancelled_by = by if getattr(by, "is_authenticated", False) else None
    locked.cancelled_at = now
    locked.cancellation_reason = reason.strip()
    locked.save()
    record_change(by, locked, AuditEvent.Action.STATUS, before, snapshot(locked))
    return locked


@transaction.atomic
def cancel_appointment(
    appointment: Appointment,
    *,
    by: Any,
    reason: str,
    now: dt.datetime,
    based_on: int | None = None,
) -> Appointment:
    """Cancel a booked appointment, keeping it (with who, when and why) in the history.

    `based_on`: the version the user saw; if the appointment changed since, raises
    StaleVersion and changes nothing (so for rebook_appointment and record_outcome)."""
    return _cancel(appointment, by=by, reason=reason, now=now, based_on=based_on)


@transaction.atomic
def rebook_appointment(
    appointment: Appointment,
    slot: Slot,
    *,
    by: Any,
    reason: str,
    now: dt.datetime,
    based_on: int | None = None,
) -> Appointment:
    """Cancel `appointment` and book the same patient into `slot`, linked to the old one.

    All or nothing: if the new slot is taken, the old appointment stays booked.
    """
    cancelled = _cancel(appointment, by=by, reason=reason, now=now, based_on=based_on)
    return _book(
        cancelled.patient,
        slot,
        by=by,
        now=now,
        referral=cancelled.referral,
        rebooked_from=cancelled,
    )


OUTCOMES = (Appointment.Status.ATTENDED, Appointment.Status.DID_NOT_ATTEND)


@transaction.atomic
def record_outcome(
    appointment: Appointment,
    status: str,
    *,
    by: Any,
    now: dt.datetime,
    based_on: int | None = None,
) -> Appointment:
    """Mark a booked appointment attended or did-not-attend, once it has started."""
    if status not in OUTCOMES:
        raise ValueError(f"outcome {status!r} is not one of {[str(s) for s in OUTCOMES]}")
    locked = Appointment.objects.select_for_update().select_related("slot").get(pk=appointment.pk)
    claim_version(locked, based_on)
    if locked.status != Appointment.Status.BOOKED:
        raise NotBooked(
            f"This appointment is {locked.get_status_display().lower()}, not booked.",
            appointment=locked,
        )
    if locked.slot.starts_at > now:
        raise BookingError(
            "You can record whether the patient attended once the appointment has started.",
            appointment=locked,
        )
    before = snapshot(locked)
    locked.status = status
    locked.save()
    record_change(by, locked, AuditEvent.Action.STATUS, before, snapshot(locked))
    return locked


# --- clinic lists ---------------------------------------------------------------------


@dataclass
class ClinicRow:
    slot: Slot
    appointment: Appointment | None = None
    cancelled: list[Appointment] = field(default_factory=list)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


def clinic_day(site: Site, day: dt.date) -> list[ClinicRow]:
    """Every slot at `site` on `day` (local time) with its appointment and cancellations."""
    start, end = _day_bounds(day)
    slots = (
        Slot.objects.filter(site=site, starts_at__gte=start, starts_at__lt=end)
        .select_related("site", "clinician")
        .order_by("starts_at", "id")
    )
    rows = {slot.pk: ClinicRow(slot) for slot in slots}
    appointments = (
        Appointment.objects.filter(slot_id__in=rows)
        .select_related("patient", "referral", "rebooked_from")
        .order_by("booked_at", "id")
    )
    for appointment in appointments:
        row = rows[appointment.slot_id]
        if appointment.status == Appointment.Status.CANCELLED:
            row.cancelled.append(appointment)
        else:
            row.appointment = appointment
    return list(rows.values())


# --- making slots ---------------------------------------------------------------------


def generate_slots(
    site: Site,
    first_day: dt.date,
    last_day: dt.date,
    *,
    times: Sequence[dt.time] | None = None,
    day_start: dt.time = dt.time(9, 0),
    day_end: dt.time = dt.time(12, 30),
    minutes: int = 30,
    weekdays: Iterable[int] = (0, 1, 2, 3, 4),
    clinician: Any = None,
) -> int:
    """Create clinic sessions (runs of slots) at `site` for each chosen weekday in the range.

    A session runs from `day_start` to `day_end` in `minutes`-long slots (or at the given
    `times`). Existing slots are kept, so running it twice creates nothing new. Returns the
    number of slots created.
    """
    if minutes <= 0:
        raise ValueError(f"minutes must be positive, not {minutes}")
    if last_day < first_day:
        raise ValueError(f"the last day {last_day} is before the first day {first_day}")
    if (last_day - first_day).days >= MAX_GENERATE_DAYS:
        raise ValueError(f"at most {MAX_GENERATE_DAYS} days at a time, not {first_day}–{last_day}")
    if times is None:
        if day_end <= day_start:
            raise ValueError(f"the session ends ({day_end}) before it starts ({day_start})")
        times, clock = [], dt.datetime.combine(first_day, day_start)
        while clock + dt.timedelta(minutes=minutes) <= dt.datetime.combine(first_day, day_end):
            times.append(clock.time())
            clock += dt.timedelta(minutes=minutes)
    days = set(weekdays)
    created = 0
    day = first_day
    while day <= last_day:
        if day.weekday() in days:
            for t in times:
                starts_at = timezone.make_aware(dt.datetime.combine(day, t))
                _slot, new = Slot.objects.get_or_create(
                    site=site,
                    starts_at=starts_at,
                    clinician=clinician,
                    defaults={"duration_minutes": minutes},
                )
                created += new
        day += dt.timedelta(days=1)
    return created

"""Demo clinic slots for the coming weeks at every site, and appointments for some patients:
booked, attended, did not attend, and one cancelled and rebooked."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from spinepath.appointments.models import Appointment, Slot
from spinepath.appointments.services import (
    book_appointment,
    cancel_appointment,
    free_slots,
    generate_slots,
    offer_slots,
    rebook_appointment,
    record_outcome,
)
from spinepath.common import clock
from spinepath.common.demo import DemoContext
from spinepath.patients.models import Patient
from spinepath.referrals.services import open_referral_for

WEEKS_AHEAD = 4
WEEKS_BEHIND = 1  # past sessions, so attended and did-not-attend appointments exist


def seed(ctx: DemoContext, now: dt.datetime | None = None) -> None:
    now = now or clock.now()
    today = timezone.localdate(now)
    first = today - dt.timedelta(weeks=WEEKS_BEHIND)
    last = today + dt.timedelta(weeks=WEEKS_AHEAD)
    clinician = ctx.users.get("clinician")
    created = 0
    for site in ctx.sites.values():
        created += generate_slots(site, first, last, clinician=clinician)
    if created:
        ctx.log.append(f"{created} clinic slots")
    admin = ctx.users.get("clinic_admin")
    patients = [p for p in ctx.patients if not Appointment.objects.filter(patient=p).exists()]
    if len(patients) < len(ctx.patients):
        return  # appointments were seeded before: keep them as they are
    for i, patient in enumerate(patients[:10]):
        referral = open_referral_for(patient)
        if i < 3:  # seen last week: attended, or did not attend
            booked_at = now - dt.timedelta(weeks=2)
            slot = _past_slot(patient, now)
            if slot is None:
                continue
            appointment = book_appointment(
                patient, slot, by=admin, now=booked_at, referral=referral
            )
            outcome = "did_not_attend" if i == 2 else "attended"
            record_outcome(appointment, outcome, by=admin, now=now)
        else:
            offered = offer_slots(patient, now=now).slots
            if not offered:
                continue
            # An emergency takes the first slot offered (the earliest anywhere); others vary.
            emergency = referral is not None and referral.category == "emergency"
            pick = 0 if emergency else ctx.rng.randrange(min(8, len(offered)))
            slot = offered[pick].slot
            appointment = book_appointment(patient, slot, by=admin, now=now, referral=referral)
            if i == 3:  # the patient asked to come another day: cancel and rebook
                later = free_slots(now=slot.starts_at + dt.timedelta(days=2), site=slot.site)
                if later.exists():
                    rebook_appointment(
                        appointment,
                        later.first(),  # type: ignore[arg-type]
                        by=admin,
                        reason="Patient asked for another day (transport).",
                        now=now,
                    )
            elif i == 4:
                cancel_appointment(
                    appointment, by=admin, reason="Seen at another hospital instead.", now=now
                )
        ctx.log.append(f"appointments for {patient}")


def _past_slot(patient: Patient, now: dt.datetime) -> Slot | None:
    return (
        Slot.objects.filter(site=patient.home_site, starts_at__lt=now - dt.timedelta(days=1))
        .exclude(appointments__status__in=Appointment.HOLDS_SLOT)
        .order_by("-starts_at")
        .first()
    )

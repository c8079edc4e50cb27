from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spinepath.accounts.decorators import role_required
from spinepath.accounts.models import Role
from spinepath.accounts.roles import APPOINTMENT_READERS
from spinepath.appointments import services
from spinepath.appointments.access import appointments_for, get_appointment_for
from spinepath.appointments.forms import (
    BookForm,
    CancelForm,
    ClinicListForm,
    OutcomeForm,
    RebookForm,
)
from spinepath.appointments.models import Appointment, Slot
from spinepath.audit.services import record_view
from spinepath.clinics.models import Site
from spinepath.common import clock
from spinepath.common.versioning import ConflictRow, StaleVersion, conflict_page, is_stale
from spinepath.patients.access import get_patient_for, patients_for
from spinepath.patients.models import Patient
from spinepath.patients.search import search_patients

# Clinic admins and MSCC coordinators book; clinicians also see lists and record outcomes.
BOOKERS = (Role.COORDINATOR, Role.CLINIC_ADMIN)
VIEWERS = APPOINTMENT_READERS


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (`request.POST or None` would not bind)."""
    return request.POST if request.method == "POST" else None


def _conflict(
    request: HttpRequest, pk: int, *, status: str, slot: str, reason: str = ""
) -> HttpResponse:
    """409: the appointment changed after the page was loaded; nothing was saved."""
    stored = get_appointment_for(request.user, pk)
    rows = [
        ConflictRow("Status", status, stored.get_status_display()),
        ConflictRow("Slot", slot, str(stored.slot)),
        ConflictRow("Reason", reason, stored.cancellation_reason),
    ]
    return conflict_page(
        request,
        title=f"The appointment for {stored.patient} was changed while you were looking at it",
        rows=rows,
        retry_url=reverse("appointments:patient", args=[stored.patient_id]),
    )


def _offer_context(request: HttpRequest, patient: Patient, form: BookForm) -> dict[str, object]:
    site = Site.objects.filter(active=True, code=request.GET.get("site", "")).first()
    offer = services.offer_slots(patient, now=clock.now(), site=site)
    return {
        "patient": patient,
        "offer": offer,
        "form": form,
        "sites": Site.objects.filter(active=True),
        "site": site,
    }


@require_GET
@role_required(*VIEWERS)
def index(request: HttpRequest) -> HttpResponse:
    """Find a patient to book, or go to a clinic list."""
    q = request.GET.get("q", "").strip()
    patients = Patient.objects.none()
    if q:
        patients = search_patients(patients_for(request.user), q)[:50]
    context = {"q": q, "patients": patients, "page_title": "Appointments"}
    return render(request, "appointments/index.jinja", context)


@require_GET
@role_required(*VIEWERS)
def patient_appointments(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for(request.user, pk)
    record_view(request, patient)
    appointments = list(
        appointments_for(request.user)
        .filter(patient=patient)
        .select_related(
            "slot__site", "booked_by", "cancelled_by", "rebooked_from__slot__site", "referral"
        )
        .order_by("-slot__starts_at", "-id")
    )
    context = {
        "patient": patient,
        "appointments": appointments,
        "moved_to": {a.rebooked_from_id: a for a in appointments if a.rebooked_from_id},
        "urgency": services.urgency_for(patient, now=clock.now()),
        "can_book": request.user.has_role(*BOOKERS),  # type: ignore[union-attr]
        "page_title": f"Appointments for {patient}",
    }
    return render(request, "appointments/patient.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*BOOKERS)
def book(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for(request.user, pk)
    form = BookForm(_posted(request), slots=services.free_slots(now=clock.now()))
    if request.method == "POST" and form.is_valid():
        urgency = services.urgency_for(patient, now=clock.now())
        try:
            appointment = services.book_appointment(
                patient,
                form.cleaned_data["slot"],
                by=request.user,
                now=clock.now(),
                referral=urgency.referral,
            )
        except services.BookingError as error:
            form.add_error("slot", error.message)
        else:
            messages.success(request, f"Booked: {appointment.slot}.")
            return redirect("appointments:patient", patient.pk)
    context = _offer_context(request, patient, form)
    context["page_title"] = f"Book an appointment for {patient}"
    return render(request, "appointments/book.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*BOOKERS)
def rebook(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for(request.user, pk)
    posted = _posted(request)
    asked = {"status": "Moved to another slot", "slot": "", "reason": ""}
    if posted is not None:
        chosen = Slot.objects.filter(pk=posted.get("slot") or 0).first()
        asked.update(slot=str(chosen or ""), reason=posted.get("reason", ""))
        if is_stale(posted, appointment.version):
            return _conflict(request, pk, **asked)
    if appointment.status != Appointment.Status.BOOKED:
        messages.error(request, "Only a booked appointment can be moved.")
        return redirect("appointments:patient", appointment.patient_id)
    form = RebookForm(
        posted, slots=services.free_slots(now=clock.now()), initial={"version": appointment.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.rebook_appointment(
                appointment,
                form.cleaned_data["slot"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                now=clock.now(),
                based_on=form.cleaned_data["version"],
            )
        except StaleVersion:
            return _conflict(request, pk, **asked)
        except services.BookingError as error:
            form.add_error("slot", error.message)
        else:
            messages.success(request, f"Moved to {new.slot}. The old appointment is cancelled.")
            return redirect("appointments:patient", appointment.patient_id)
    context = _offer_context(request, appointment.patient, form)
    context.update(
        appointment=appointment, page_title=f"Move an appointment for {appointment.patient}"
    )
    return render(request, "appointments/book.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*BOOKERS)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for(request.user, pk)
    posted = _posted(request)
    asked = {"status": "Cancelled", "slot": str(appointment.slot)}
    if posted is not None and is_stale(posted, appointment.version):
        return _conflict(request, pk, **asked, reason=posted.get("reason", ""))
    if appointment.status != Appointment.Status.BOOKED:
        messages.error(request, "Only a booked appointment can be cancelled.")
        return redirect("appointments:patient", appointment.patient_id)
    form = CancelForm(posted, initial={"version": appointment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_appointment(
                appointment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                now=clock.now(),
                based_on=form.cleaned_data["version"],
            )
        except StaleVersion:
            return _conflict(request, pk, **asked, reason=form.cleaned_data["reason"])
        messages.success(request, f"Cancelled: {appointment.slot}.")
        return redirect("appointments:patient", appointment.patient_id)
    context = {
        "appointment": appointment,
        "form": form,
        "page_title": f"Cancel an appointment for {appointment.patient}",
    }
    return render(request, "appointments/cancel.jinja", context)


@require_POST
@role_required(*VIEWERS)
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for(request.user, pk)
    form = OutcomeForm(request.POST)
    asked = dict(Appointment.Status.choices).get(request.POST.get("status", ""), "")
    slot = str(appointment.slot)
    if is_stale(request.POST, appointment.version):
        return _conflict(request, pk, status=str(asked), slot=slot)
    if not form.is_valid():
        messages.error(request, "Choose attended or did not attend.")
    else:
        try:
            services.record_outcome(
                appointment,
                form.cleaned_data["status"],
                by=request.user,
                now=clock.now(),
                based_on=form.cleaned_data["version"],
            )
        except StaleVersion:
            return _conflict(request, pk, status=str(asked), slot=slot)
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{appointment.patient}: recorded.")
    local = timezone.localtime(appointment.slot.starts_at)
    return redirect(
        f"{reverse('appointments:clinic')}?site={appointment.slot.site.code}&date={local.date().isoformat()}"
    )


@require_GET
@role_required(*VIEWERS)
def clinic_list(request: HttpRequest) -> HttpResponse:
    """The clinic list for one site and day: GET filters, printable."""
    today = clock.today()
    form = ClinicListForm(request.GET, default_site=request.user.site, today=today)  # type: ignore[union-attr]
    rows: list[services.ClinicRow] = []
    site = day = None
    if form.is_valid():
        site, day = form.cleaned_data["site"], form.cleaned_data["date"]
        rows = services.clinic_day(site, day)
    context = {
        "form": form,
        "rows": rows,
        "site": site,
        "day": day,
        "booked": sum(1 for row in rows if row.appointment),
        "previous_day": day - dt.timedelta(days=1) if day else None,
        "next_day": day + dt.timedelta(days=1) if day else None,
        "now": clock.now(),
        "page_title": f"Clinic list: {site}, {day:%a %d %b %Y}" if site and day else "Clinic list",
    }
    return render(request, "appointments/clinic.jinja", context)

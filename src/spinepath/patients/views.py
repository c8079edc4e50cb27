from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spinepath.accounts.decorators import role_required
from spinepath.accounts.roles import PATIENT_READERS
from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_view
from spinepath.common.rendering import render_page
from spinepath.common.versioning import StaleVersion, conflict_page, conflict_rows
from spinepath.patients.access import get_patient_for, patients_for
from spinepath.patients.forms import PatientForm
from spinepath.patients.search import search_patients
from spinepath.patients.services import create_patient, update_patient

# Who may see and edit patient records: clinic staff. A referrer sees only the patients
# they referred (for choosing one in a new referral; these pages stay staff-only).
STAFF = PATIENT_READERS
ACCESS_PAGE_SIZE = 50


@require_GET
@role_required(*STAFF)
def patient_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    patients = patients_for(request.user)
    if q:
        patients = search_patients(patients, q)
    page = Paginator(patients, 50).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "page_title": "Patients"}
    return render_page(request, "patients/list.jinja", context, block="results")


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def patient_new(request: HttpRequest) -> HttpResponse:
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = create_patient(by=request.user, data=form.changes()[0])
        messages.success(request, f"Patient {patient} added.")
        return redirect("patients:list")
    context = {"form": form, "page_title": "Add a patient"}
    return render(request, "patients/form.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def patient_edit(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for(request.user, pk)
    record_view(request, patient)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        data, based_on = form.changes()
        try:
            update_patient(patient, by=request.user, data=data, based_on=based_on)
        except StaleVersion:
            stored = get_patient_for(request.user, pk)
            return conflict_page(
                request,
                title=f"{stored} was changed while you were editing",
                rows=conflict_rows(form, stored, data),
                retry_url=reverse("patients:edit", args=[pk]),
            )
        messages.success(request, f"Patient {patient} updated.")
        return redirect("patients:list")
    context = {"form": form, "patient": patient, "page_title": f"Edit {patient}"}
    return render(request, "patients/form.jinja", context)


@require_GET
@role_required(*STAFF)
def patient_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who accessed this patient's record: every view and change, newest first."""
    patient = get_patient_for(request.user, pk)
    events = AuditEvent.objects.filter(patient_id=patient.pk)
    page = Paginator(events, ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"patient": patient, "page": page, "page_title": f"Who accessed {patient}"}
    return render(request, "patients/access.jinja", context)

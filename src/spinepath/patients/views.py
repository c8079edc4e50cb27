from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spinepath.accounts.decorators import role_required
from spinepath.accounts.models import Role
from spinepath.common.rendering import render_page
from spinepath.common.versioning import StaleVersion, conflict_page, conflict_rows
from spinepath.patients.forms import PatientForm
from spinepath.patients.models import Patient
from spinepath.patients.search import search_patients
from spinepath.patients.services import create_patient, update_patient

# Who may see and edit patient records. A referrer sees only the patients they referred
# (for choosing one in a new referral; the patient pages themselves stay staff-only).
STAFF = (Role.COORDINATOR, Role.CLINICIAN, Role.CLINIC_ADMIN, Role.SYSTEM_ADMIN)


def _patients_for_user(request: HttpRequest) -> QuerySet[Patient]:
    """The patients this user may see: the one place patient access is decided."""
    if request.user.has_role(*STAFF):  # type: ignore[union-attr]
        return Patient.objects.select_related("home_site")
    if request.user.has_role(Role.REFERRER):  # type: ignore[union-attr]
        referred = Patient.objects.filter(referrals__referrer=request.user).values("pk")
        return Patient.objects.select_related("home_site").filter(pk__in=referred)
    return Patient.objects.none()


def _get_patient_for_user(request: HttpRequest, pk: int) -> Patient:
    return get_object_or_404(_patients_for_user(request), pk=pk)


@require_GET
@role_required(*STAFF)
def patient_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    patients = _patients_for_user(request)
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
    patient = _get_patient_for_user(request, pk)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        data, based_on = form.changes()
        try:
            update_patient(patient, by=request.user, data=data, based_on=based_on)
        except StaleVersion:
            stored = _get_patient_for_user(request, pk)
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

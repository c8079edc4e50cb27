from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spinepath.accounts.decorators import role_required
from spinepath.accounts.models import Role
from spinepath.clinical.triage import TriageResult
from spinepath.clinical.vocab import SYMPTOMS
from spinepath.clinics.models import Site
from spinepath.common.forms import as_id
from spinepath.common.rendering import is_htmx, render_page
from spinepath.patients.search import search_patients
from spinepath.patients.views import _patients_for_user
from spinepath.referrals import deadlines, presentation
from spinepath.referrals.forms import SYMPTOM_GROUPS, ReferralForm, StatusForm, TriageFactsForm
from spinepath.referrals.models import WORKLIST_ORDER, Referral, Status
from spinepath.referrals.services import (
    StatusError,
    advance_status,
    allowed_moves,
    create_referral,
)

# Who does what. Roles are explicit: a system administrator is not let in by default.
WORKLIST_ROLES = (Role.COORDINATOR, Role.CLINICIAN, Role.CLINIC_ADMIN)
REFERRING_ROLES = (Role.REFERRER, Role.COORDINATOR)  # coordinators take referrals by phone
VIEWING_ROLES = (*WORKLIST_ROLES, Role.REFERRER)
MOVING_ROLES = (Role.COORDINATOR, Role.CLINICIAN)
# Staff who refer choose from every patient, so they search; a referrer picks from a
# short list of the patients they referred before.
PATIENT_SEARCH_ROLES = (Role.COORDINATOR,)
PAGE_SIZE = 50


def _referrals_for_user(request: HttpRequest) -> QuerySet[Referral]:
    """The referrals this user may see: the one place referral access is decided."""
    user: Any = request.user
    referrals = Referral.objects.select_related("patient", "site")
    if user.has_role(*WORKLIST_ROLES):
        return referrals
    if user.has_role(Role.REFERRER):
        return referrals.filter(referrer=user)
    return referrals.none()


def _get_referral_for_user(request: HttpRequest, pk: int) -> Referral:
    """The referral, or 404 if it does not exist or is not this user's to see."""
    return get_object_or_404(_referrals_for_user(request), pk=pk)


def _form_initial(post: Any) -> dict[str, Any]:
    """A posted form as initial values: re-shows answers without judging them."""
    initial = {name: post.get(name) for name in post}
    initial["symptoms"] = post.getlist("symptoms")
    return initial


PATIENT_MATCHES = 20  # a search shows at most this many patients: refine to narrow it


def _patient_search(form: ReferralForm, q: str) -> dict[str, Any]:
    """Staff choose an existing patient by search, not from a list of every patient:
    the chosen patient (a valid `patient` value), or the first matches for `q`."""
    patients = form.fields["patient"].queryset  # type: ignore[attr-defined]
    value = as_id(form["patient"].value())
    chosen = patients.filter(pk=value).first() if value is not None else None
    matches = [] if chosen else list(search_patients(patients, q)[: PATIENT_MATCHES + 1])
    return {
        "chosen": chosen,
        "q": q,
        "matches": matches[:PATIENT_MATCHES],
        "more_matches": len(matches) > PATIENT_MATCHES,
    }


def _referral_page(
    request: HttpRequest, form: ReferralForm, result: TriageResult | None, q: str = ""
) -> HttpResponse:
    searching = request.user.has_role(*PATIENT_SEARCH_ROLES)  # type: ignore[union-attr]
    context = {
        "form": form,
        "symptom_groups": SYMPTOM_GROUPS,
        "symptom_labels": SYMPTOMS,
        "triage": presentation.triage_view(result),
        "patient_search": _patient_search(form, q) if searching else None,
        "page_title": "Refer a patient",
    }
    # htmx: a search or a choice of patient swaps the patient block; an answer, the triage.
    block = "patient" if request.method == "GET" else "triage"
    return render_page(request, "referrals/new.jinja", context, block=block)


@require_http_methods(["GET", "POST"])
@role_required(*REFERRING_ROLES)
def referral_new(request: HttpRequest) -> HttpResponse:
    options = {
        "patients": _patients_for_user(request),
        "on_behalf": request.user.has_role(Role.COORDINATOR),  # type: ignore[union-attr]
    }
    if request.method == "GET":
        initial = {"patient": request.GET.get("patient")}
        form = ReferralForm(initial=initial, **options)
        q = request.GET.get("q", "").strip()
        return _referral_page(request, form, TriageFactsForm().triage(), q)
    # A resubmitted form (double click, back and submit again) shows the first result.
    key = request.POST.get("idempotency_key", "")
    try:
        done = _referrals_for_user(request).filter(idempotency_key=uuid.UUID(key)).first()
    except ValueError:
        done = None
    if done is not None:
        return redirect("referrals:confirmation", done.pk)
    result = TriageFactsForm(request.POST).triage()
    if is_htmx(request) or "check" in request.POST:
        form = ReferralForm(initial=_form_initial(request.POST), **options)
        return _referral_page(request, form, result)
    form = ReferralForm(request.POST, **options)
    if form.is_valid():
        data = form.cleaned_data
        referral = create_referral(
            by=request.user,
            idempotency_key=data["idempotency_key"],
            site=data["site"],
            facts=form.facts(),
            patient=data["patient"],
            new_patient=form.new_patient_data(),
            clinical_notes=data["clinical_notes"],
            referred_by_name=data.get("referred_by_name", ""),
        )
        messages.success(request, f"Referral {referral.reference} sent.")
        return redirect("referrals:confirmation", referral.pk)
    return _referral_page(request, form, result)


@require_GET
@role_required(*VIEWING_ROLES)
def referral_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _get_referral_for_user(request, pk)
    context = {
        "referral": referral,
        "triage": presentation.snapshot_view(referral.triage),
        "deadlines": deadlines.deadlines_of(referral),
        "facts": presentation.facts_view(referral.facts),
        "page_title": f"Referral {referral.reference} sent",
    }
    return render(request, "referrals/confirmation.jinja", context)


def _detail_page(
    request: HttpRequest, referral: Referral, form: StatusForm | None, status: int = 200
) -> HttpResponse:
    at = deadlines.now()
    user: Any = request.user
    context = {
        "referral": referral,
        "triage": presentation.snapshot_view(referral.triage),
        "facts": presentation.facts_view(referral.facts),
        "deadlines": [
            presentation.deadline_view(d, at) for d in deadlines.deadlines_of(referral, at)
        ],
        "history": referral.status_changes.select_related("by"),
        "form": form
        if form is not None or not user.has_role(*MOVING_ROLES)
        else StatusForm(allowed=allowed_moves(referral)),
        "can_move": user.has_role(*MOVING_ROLES) and referral.is_open,
        # Where the pathway goes next: the patient's assessments and appointments.
        "links_to_assessments": user.has_role(Role.COORDINATOR, Role.CLINICIAN),
        "links_to_appointments": user.has_role(*WORKLIST_ROLES),
        "page_title": f"Referral {referral.reference}",
    }
    return render(request, "referrals/detail.jinja", context, status=status)


@require_GET
@role_required(*VIEWING_ROLES)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _get_referral_for_user(request, pk), None)


@require_POST
@role_required(*MOVING_ROLES)
def referral_advance(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _get_referral_for_user(request, pk)
    form = StatusForm(request.POST, allowed=allowed_moves(referral))
    if form.is_valid():
        try:
            advance_status(
                referral, form.cleaned_data["to"], request.user, form.cleaned_data["note"]
            )
        except StatusError as error:
            form.add_error("note" if error.to in error.allowed else "to", str(error))
        else:
            messages.success(
                request, f"Referral {referral.reference}: {referral.get_status_display()}."
            )
            return redirect("referrals:detail", referral.pk)
    return _detail_page(request, referral, form)


@dataclass(frozen=True)
class Filters:
    site: str
    status: str

    @classmethod
    def from_request(cls, request: HttpRequest) -> Filters:
        site = request.GET.get("site", "")
        status = request.GET.get("status", "")
        return cls(site, status if status in Status.values else "")

    def apply(self, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
        if self.site:
            # By id, not through a join on the code: the worklist indexes start with site_id.
            site = Site.objects.filter(code=self.site).values_list("pk", flat=True).first()
            referrals = referrals.filter(site_id=site)
        if self.status:
            return referrals.filter(status=self.status)
        return referrals.exclude(status=Status.CLOSED)

    def query(self, **extra: Any) -> str:
        params = {"site": self.site, "status": self.status, **extra}
        return urlencode({k: v for k, v in params.items() if v})


def worklist_order(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Emergency first, then the least time left to the next deadline; none last."""
    return referrals.order_by(*WORKLIST_ORDER)


@require_GET
@role_required(*WORKLIST_ROLES)
def worklist(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_request(request)
    referrals = worklist_order(filters.apply(_referrals_for_user(request)))
    referrals = referrals.defer("facts", "triage", "clinical_notes")  # not shown: keep rows small
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    at = deadlines.now()
    context = {
        "page": page,
        "rows": [presentation.worklist_row(r, at) for r in page.object_list],
        "filters": filters,
        "sites": Site.objects.filter(active=True),
        "statuses": Status.choices,
        "page_title": "Referrals worklist",
    }
    return render_page(request, "referrals/worklist.jinja", context, block="results")


@require_GET
@role_required(Role.REFERRER)
def my_referrals(request: HttpRequest) -> HttpResponse:
    referrals = _referrals_for_user(request).order_by("-received_at", "-id")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    at = deadlines.now()
    context = {
        "page": page,
        "rows": [presentation.worklist_row(r, at) for r in page.object_list],
        "page_title": "My referrals",
    }
    return render(request, "referrals/mine.jinja", context)


@login_not_required
@require_GET
def gp_information(request: HttpRequest) -> HttpResponse:
    context = {**presentation.gp_information(), "page_title": "Information for GPs"}
    return render(request, "referrals/gp_information.jinja", context)

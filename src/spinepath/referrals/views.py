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
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spinepath.accounts.decorators import role_required
from spinepath.accounts.models import Role
from spinepath.accounts.roles import REFERRAL_READERS
from spinepath.audit.services import record_view
from spinepath.clinical.triage import TriageResult
from spinepath.clinical.vocab import SYMPTOMS
from spinepath.clinics.models import Site
from spinepath.common import clock
from spinepath.common.forms import as_id
from spinepath.common.rendering import is_htmx, render_page
from spinepath.common.versioning import ConflictRow, StaleVersion, conflict_page
from spinepath.patients.access import patients_for
from spinepath.patients.search import search_patients
from spinepath.referrals import deadlines, presentation
from spinepath.referrals.access import get_referral_for, referrals_for
from spinepath.referrals.forms import SYMPTOM_GROUPS, ReferralForm, StatusForm, TriageFactsForm
from spinepath.referrals.models import WORKLIST_ORDER, Referral, Status
from spinepath.referrals.services import (
    IdempotencyKeyTaken,
    StatusError,
    advance_status,
    allowed_moves,
    create_referral,
)

# Who does what. Roles are explicit: a system administrator is not let in by default.
WORKLIST_ROLES = REFERRAL_READERS
REFERRING_ROLES = (Role.REFERRER, Role.COORDINATOR)  # coordinators take referrals by phone
VIEWING_ROLES = (*WORKLIST_ROLES, Role.REFERRER)
MOVING_ROLES = (Role.COORDINATOR, Role.CLINICIAN)
# Staff who refer choose from every patient, so they search; a referrer picks from a
# short list of the patients they referred before.
PATIENT_SEARCH_ROLES = (Role.COORDINATOR,)
PAGE_SIZE = 50


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
    request: HttpRequest,
    form: ReferralForm,
    result: TriageResult | None,
    q: str = "",
    errors: list[str] | None = None,
) -> HttpResponse:
    searching = request.user.has_role(*PATIENT_SEARCH_ROLES)  # type: ignore[union-attr]
    context = {
        "form": form,
        "symptom_groups": SYMPTOM_GROUPS,
        "symptom_labels": SYMPTOMS,
        "triage": presentation.triage_view(result),
        "triage_errors": errors or [],
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
        "patients": patients_for(request.user),
        "on_behalf": request.user.has_role(Role.COORDINATOR),  # type: ignore[union-attr]
    }
    if request.method == "GET":
        initial = {"patient": request.GET.get("patient")}
        form = ReferralForm(initial=initial, **options)
        q = request.GET.get("q", "").strip()
        return _referral_page(request, form, TriageFactsForm().triage(), q)
    # A resubmitted form (double click, back and submit again) shows the first result:
    # this user's own, never a referral someone else made with the same key.
    key = request.POST.get("idempotency_key", "")
    try:
        mine = referrals_for(request.user).filter(referrer=request.user)
        done = mine.filter(idempotency_key=uuid.UUID(key)).first()
    except ValueError:
        done = None
    if done is not None:
        return redirect("referrals:confirmation", done.pk)
    answers = TriageFactsForm(request.POST)
    result, errors = answers.triage(), answers.answer_errors()
    if is_htmx(request) or "check" in request.POST:
        form = ReferralForm(initial=_form_initial(request.POST), **options)
        return _referral_page(request, form, result, errors=errors)
    form = ReferralForm(request.POST, **options)
    if form.is_valid():
        data = form.cleaned_data
        try:
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
        except IdempotencyKeyTaken:
            form = _fresh_form(request, options)
        else:
            messages.success(request, f"Referral {referral.reference} sent.")
            return redirect("referrals:confirmation", referral.pk)
    return _referral_page(request, form, result, errors=errors)


def _fresh_form(request: HttpRequest, options: dict[str, Any]) -> ReferralForm:
    """The posted answers under a new idempotency key, not yet sent: the old key is
    another user's (says nothing of whose, nor of their referral)."""
    data = request.POST.copy()
    data["idempotency_key"] = str(uuid.uuid4())
    form = ReferralForm(data, **options)
    form.is_valid()
    form.add_error(
        None, "This form had expired, so the referral was not sent. Check it and send it again."
    )
    return form


@require_GET
@role_required(*VIEWING_ROLES)
def referral_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request.user, pk)
    record_view(request, referral)
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
    at = clock.now()
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
        else StatusForm(allowed=allowed_moves(referral), version=referral.version),
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
    referral = get_referral_for(request.user, pk)
    record_view(request, referral)
    return _detail_page(request, referral, None)


@require_POST
@role_required(*MOVING_ROLES)
def referral_advance(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request.user, pk)
    form = StatusForm(request.POST, allowed=allowed_moves(referral), version=referral.version)
    if form.is_stale(referral.version):
        return _status_conflict(request, pk, form)
    if form.is_valid():
        try:
            advance_status(
                referral,
                form.cleaned_data["to"],
                request.user,
                form.cleaned_data["note"],
                based_on=form.cleaned_data["version"],
            )
        except StaleVersion:
            return _status_conflict(request, pk, form)
        except StatusError as error:
            form.add_error("note" if error.to in error.allowed else "to", str(error))
        else:
            messages.success(
                request, f"Referral {referral.reference}: {referral.get_status_display()}."
            )
            return redirect("referrals:detail", referral.pk)
    return _detail_page(request, referral, form)


def _status_conflict(request: HttpRequest, pk: int, form: StatusForm) -> HttpResponse:
    """409: the referral moved on after the page was loaded; what was asked beside it."""
    stored = get_referral_for(request.user, pk)
    last = stored.status_changes.order_by("-at", "-id").first()
    asked = str(form.data.get("to", ""))
    rows = [
        ConflictRow(
            "Status",
            Status(asked).label if asked in Status.values else asked,
            stored.get_status_display(),
        ),
        ConflictRow("Note", str(form.data.get("note", "")), last.note if last else ""),
    ]
    return conflict_page(
        request,
        title=f"Referral {stored.reference} was moved on while you were looking at it",
        rows=rows,
        retry_url=reverse("referrals:detail", args=[pk]),
        stored_by=str(last.by) if last and last.by else "",
    )


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
    referrals = worklist_order(filters.apply(referrals_for(request.user)))
    referrals = referrals.defer("facts", "triage", "clinical_notes")  # not shown: keep rows small
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    at = clock.now()
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
    referrals = referrals_for(request.user).order_by("-received_at", "-id")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    at = clock.now()
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

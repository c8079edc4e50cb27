"""Assessment pages: enter facts and watch the scores and plan; saved versions; MDT decision.

Clinicians assess and decide; coordinators read. Clinic staff of every site in the practice
see every patient, as on the patient pages (the clinics work as one practice across sites).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spinepath.accounts.decorators import role_required
from spinepath.accounts.models import Role
from spinepath.accounts.roles import ASSESSMENT_READERS
from spinepath.assessments.access import get_assessment_for
from spinepath.assessments.catalogue import SCORE_NAMES
from spinepath.assessments.forms import (
    AssessmentInput,
    DecisionForm,
    describe_facts,
    describe_lesion,
    fact_labels,
)
from spinepath.assessments.models import Assessment, Outcome
from spinepath.assessments.services import (
    DecisionError,
    branches,
    case_facts,
    evaluate,
    latest_decision_id,
    proposed_codes,
    record_decision,
    save_assessment,
)
from spinepath.audit.services import record_view
from spinepath.clinical.planning.rules import RECOMMENDATIONS
from spinepath.clinical.scores.common import NOT_METASTATIC_HISTOLOGIES
from spinepath.common import clock
from spinepath.common.rendering import is_htmx, render_page
from spinepath.common.versioning import ConflictRow, StaleVersion, conflict_page, posted_version
from spinepath.patients.access import get_patient_for, patients_for
from spinepath.patients.models import Patient
from spinepath.patients.search import search_patients
from spinepath.referrals.models import Referral, Status
from spinepath.referrals.services import open_referral_for

READERS = ASSESSMENT_READERS
ASSESSORS = (Role.CLINICIAN,)


def _age(patient: Patient, today: dt.date) -> int:
    born = patient.date_of_birth
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


LABELS = {
    "scores": SCORE_NAMES,
    "facts": fact_labels(),
    "recommendations": {code: rec.label for code, rec in RECOMMENDATIONS.items()},
}


def _common(request: HttpRequest) -> dict[str, Any]:
    return {
        "labels": LABELS,
        "can_assess": request.user.has_role(*ASSESSORS),  # type: ignore[union-attr]
    }


@require_GET
@role_required(*READERS)
def assessment_index(request: HttpRequest) -> HttpResponse:
    """Find a patient to assess; patients with saved assessments first, latest first."""
    q = request.GET.get("q", "").strip()
    patients = patients_for(request.user)
    if q:
        patients = search_patients(patients, q)
        patients = patients.annotate(versions=Count("assessments")).order_by(
            "family_name", "given_name", "id"
        )
    else:
        patients = patients.annotate(
            versions=Count("assessments"), latest=Max("assessments__created_at")
        ).filter(versions__gt=0)
        patients = patients.order_by("-latest", "id")
    page = Paginator(patients, 25).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "page_title": "Assessments", **_common(request)}
    return render_page(request, "assessments/index.jinja", context, block="results")


@require_GET
@role_required(*READERS)
def patient_assessments(request: HttpRequest, patient_pk: int) -> HttpResponse:
    """Every saved version of one patient's assessment, with who saved it and when."""
    patient = get_patient_for(request.user, patient_pk)
    record_view(request, patient)
    versions = (
        patient.assessments.select_related("created_by", "referral")
        .prefetch_related("decisions__decided_by")
        .order_by("-version")
    )
    context = {
        "patient": patient,
        "versions": versions,
        "page_title": f"Assessments of {patient}",
        **_common(request),
    }
    return render(request, "assessments/patient.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*ASSESSORS)
def assessment_new(request: HttpRequest, patient_pk: int) -> HttpResponse:
    """Enter facts; the scores and plan follow (htmx: only the results block). "Save"
    stores a new version; "Recalculate" (the no-JavaScript path) only shows the result."""
    patient = get_patient_for(request.user, patient_pk)
    record_view(request, patient)
    latest = patient.assessments.order_by("-version").first()
    referrals = Referral.objects.filter(patient=patient).exclude(status=Status.CLOSED)
    if request.method == "POST":
        form = AssessmentInput(request.POST, referrals=referrals)
    else:
        initial = latest.facts if latest else {"age": _age(patient, clock.today())}
        form = AssessmentInput(initial=initial, referrals=referrals)
        referral = latest.referral if latest and latest.referral_id else None
        referral = referral or open_referral_for(patient)
        if referral is not None:
            form.facts.data["referral"] = str(referral.pk)
    valid = form.is_valid()
    saving = request.POST.get("action") == "save" and not is_htmx(request)
    # The latest version when the user began (kept through recalculations), 0 if none.
    based_on = posted_version(request.POST, "based_on") if request.method == "POST" else None
    if based_on is None and request.method == "GET":
        based_on = latest.version if latest else 0
    if valid and saving and based_on is not None:
        assert form.case is not None
        try:
            assessment = save_assessment(
                patient, by=request.user, case=form.case, referral=form.referral, based_on=based_on
            )
        except StaleVersion:
            return _assessment_conflict(request, patient, form.case)
        messages.success(request, f"Assessment version {assessment.version} saved.")
        return redirect("assessments:detail", assessment.pk)
    context = {
        "patient": patient,
        "form": form,
        "errors": (form.error_list() if request.method == "POST" and not valid else [])
        + ([_OUT_OF_DATE] if saving and based_on is None else []),
        "based_on": based_on,
        "result": evaluate(form.case) if valid and form.case is not None else None,
        "metastatic_scores_off": form.facts["histology"].value() in NOT_METASTATIC_HISTOLOGIES,
        "latest": latest,
        "page_title": f"Assess {patient}",
        **_common(request),
    }
    return render_page(request, "assessments/form.jinja", context, block="results")


_OUT_OF_DATE = {
    "text": "This form is out of date: reload the page and try again",
    "href": "#assessment-form",
}


def _facts_shown(facts: dict[str, Any]) -> dict[str, str]:
    shown = dict(describe_facts(facts))
    for n, lesion in enumerate(facts.get("lesions", []), 1):
        shown.update({f"Lesion {n}: {label}": text for label, text in describe_lesion(lesion)})
    return shown


def _assessment_conflict(request: HttpRequest, patient: Patient, case: Any) -> HttpResponse:
    """409: another version was saved after this user began; theirs beside the latest."""
    latest = patient.assessments.select_related("created_by").order_by("-version").first()
    assert latest is not None  # a conflict means one was saved
    yours, stored = _facts_shown(case_facts(case)), _facts_shown(latest.facts)
    rows = [ConflictRow(k, yours.get(k, ""), stored.get(k, "")) for k in {**yours, **stored}]
    return conflict_page(
        request,
        title=f"Assessment version {latest.version} of {patient} was saved while you were editing",
        rows=rows,
        retry_url=reverse("assessments:detail", args=[latest.pk]),
        stored_by=str(latest.created_by or ""),
    )


@require_GET
@role_required(*READERS)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One saved version exactly as it was saved: its facts and the engine's result then."""
    assessment = get_assessment_for(request.user, pk)
    record_view(request, assessment)
    newest = assessment.patient.assessments.aggregate(newest=Max("version"))["newest"]
    context = {
        "assessment": assessment,
        "patient": assessment.patient,
        "result": assessment.result,
        "facts": describe_facts(assessment.facts),
        "lesions": [describe_lesion(lesion) for lesion in assessment.facts.get("lesions", [])],
        "decisions": assessment.decisions.select_related("decided_by"),
        "is_latest": assessment.version == newest,
        "page_title": f"Assessment version {assessment.version} of {assessment.patient}",
        **_common(request),
    }
    return render(request, "assessments/detail.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*ASSESSORS)
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposed plan beside the MDT's decision: accept it, or modify it with a reason."""
    assessment = get_assessment_for(request.user, pk)
    record_view(request, assessment)
    proposed = proposed_codes(assessment.result)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"final_codes": proposed},
        branches=branches(assessment.result),
    )
    # The newest decision when the page was loaded (0: none), so a second is not blind.
    based_on = (
        posted_version(request.POST, "based_on")
        if request.method == "POST"
        else latest_decision_id(assessment)
    )
    if based_on is None and request.method == "POST":
        form.add_error(None, "This form is out of date: reload the page and try again")
    if request.method == "POST" and form.is_valid():
        try:
            record_decision(
                assessment,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                final_codes=form.cleaned_data["final_codes"],
                plan_text=form.cleaned_data["plan_text"],
                reason=form.cleaned_data["reason"],
                branch=form.cleaned_data.get("branch") or "",
                confirm_conflicts=form.cleaned_data["confirm_conflicts"],
                based_on=based_on,
            )
        except StaleVersion:
            return _decision_conflict(request, assessment, form)
        except DecisionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "MDT decision recorded.")
            return redirect("assessments:detail", assessment.pk)
    context = {
        "assessment": assessment,
        "patient": assessment.patient,
        "result": assessment.result,
        "form": form,
        "based_on": based_on,
        "outcomes": Outcome,
        "page_title": f"MDT decision for {assessment.patient}",
        **_common(request),
    }
    return render(request, "assessments/decide.jinja", context)


def _decision_conflict(
    request: HttpRequest, assessment: Assessment, form: DecisionForm
) -> HttpResponse:
    """409: another MDT decision was recorded after this page was loaded."""
    stored = assessment.decisions.select_related("decided_by").order_by("-id").first()
    assert stored is not None  # a conflict means one was recorded
    yours = form.cleaned_data
    accepted = yours["outcome"] == Outcome.ACCEPTED
    codes = proposed_codes(assessment.result) if accepted else yours["final_codes"]
    rows = [
        ConflictRow("Decision", Outcome(yours["outcome"]).label, stored.get_outcome_display()),
        ConflictRow("Final plan", "; ".join(codes), "; ".join(stored.final_codes)),
        ConflictRow("Plan in words", yours["plan_text"], stored.plan_text),
        ConflictRow("Reason for modifying", yours["reason"], stored.reason),
    ]
    return conflict_page(
        request,
        title=f"An MDT decision for {assessment.patient} was recorded while you were deciding",
        rows=rows,
        retry_url=reverse("assessments:detail", args=[assessment.pk]),
        stored_by=str(stored.decided_by),
    )

"""The referral form and the status form. Labels and codes come from the clinical core."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet

from spinepath.clinical.case import CaseValidationError, parse_case
from spinepath.clinical.catalogue import PRIMARY_SITES
from spinepath.clinical.triage import TriageResult, triage
from spinepath.clinical.triage.rules import CONSTITUTIONAL, NEUROLOGICAL, PAIN_FEATURES
from spinepath.clinical.vocab import AMBULATORY, CANCER_HISTORY, FRANKEL, SYMPTOMS
from spinepath.clinics.models import Site
from spinepath.common.versioning import VersionField, is_stale
from spinepath.patients.forms import PatientForm
from spinepath.patients.models import Patient
from spinepath.referrals.models import Status

__all__ = ["FACT_FIELDS", "SYMPTOM_GROUPS", "ReferralForm", "StatusForm", "TriageFactsForm"]

# The symptom checkboxes, in three groups, each in the vocabulary's display order.
SYMPTOM_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (key, legend, tuple(code for code in SYMPTOMS if code in members))
    for key, legend, members in (
        ("pain", "Pain", PAIN_FEATURES),
        ("neurological", "Neurological symptoms and signs", NEUROLOGICAL),
        ("general", "General symptoms", CONSTITUTIONAL),
    )
)

FACT_FIELDS = ("cancer_history", "primary_site", "symptoms", "frankel", "ambulatory")
"""Form fields that are case-format facts, stored under the same names."""


MISSING_ANSWER = {
    "cancer_history": "Answer whether the patient has been diagnosed with cancer",
    "symptoms": "Tick the patient's symptoms, or None of these",
}
"""What to ask when triage cannot decide without a field (TriageResult.missing)."""


def _choices(vocab: Any) -> list[tuple[str, str]]:
    return [(code, label) for code, label in vocab.items()]


_PRIMARY_SITES = sorted(((c, s.label) for c, s in PRIMARY_SITES.items()), key=lambda p: p[1])


class TriageFactsForm(forms.Form):
    """The clinical facts that triage reads. Every field is optional here."""

    cancer_history = forms.ChoiceField(
        label="Has the patient been diagnosed with cancer?",
        choices=_choices(CANCER_HISTORY),
        required=False,
    )
    primary_site = forms.ChoiceField(
        label="Primary cancer site",
        choices=[("", "Not known or not applicable"), *_PRIMARY_SITES],
        required=False,
        help_text="Where the cancer started, if known",
    )
    symptoms = forms.MultipleChoiceField(
        label="Symptoms", choices=_choices(SYMPTOMS), required=False
    )
    no_symptoms = forms.BooleanField(label="None of these symptoms", required=False)
    frankel = forms.ChoiceField(
        label="Frankel grade (optional)",
        choices=[("", "Not assessed"), *_choices(FRANKEL)],
        required=False,
    )
    ambulatory = forms.ChoiceField(
        label="Can the patient walk?", choices=_choices(AMBULATORY), required=False
    )

    def facts(self) -> dict[str, Any]:
        """The case-format facts answered so far (fields that did not validate left out)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        facts = {name: data.get(name) for name in FACT_FIELDS}
        # Nothing ticked is no answer yet; "None of these" is the answer "no symptoms".
        symptoms = list(data.get("symptoms") or [])
        facts["symptoms"] = symptoms if symptoms or data.get("no_symptoms") else None
        return {k: v for k, v in facts.items() if v not in (None, "")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("symptoms") and data.get("no_symptoms"):
            self.add_error(
                "symptoms",
                "'None of these symptoms' is ticked together with symptoms: untick one",
            )
        return data

    def triage(self) -> TriageResult | None:
        """Triage of what has been answered; None before any answer, and None while an
        answer is in error (e.g. "None of these" ticked with a symptom, spec §15.2): an
        error is shown, never a result."""
        if not self.is_bound or not self.is_valid():
            return None
        facts = self.facts()
        if not facts:
            return None
        try:
            return triage(parse_case(facts))
        except CaseValidationError:
            return None

    def answer_errors(self) -> list[str]:
        """The errors that stop triage from being worked out, for the triage panel."""
        if not self.is_bound:
            return []
        self.is_valid()
        names = dict.fromkeys(("symptoms", "no_symptoms", *FACT_FIELDS))
        return [str(e) for name in names for e in self.errors.get(name, [])]


class ReferralForm(TriageFactsForm):
    """A whole referral: the patient (existing or new), the facts, the site, notes."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    patient = forms.ModelChoiceField(
        label="Patient",
        queryset=Patient.objects.none(),
        required=False,
        empty_label="A new patient: enter their details below",
        help_text="Choose a patient already on spinepath, or enter a new patient",
    )
    site = forms.ModelChoiceField(
        label="Refer to which clinic?",
        queryset=Site.objects.filter(active=True),
        empty_label="Choose a clinic",
        error_messages={"required": "Choose the clinic you are referring to"},
    )
    clinical_notes = forms.CharField(
        label="Clinical notes",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="Anything else the MSCC coordinator should know: history, examination, "
        "medication (for example anticoagulants, steroids already given)",
    )
    referred_by_name = forms.CharField(
        label="Referring clinician (for a referral taken by phone)",
        required=False,
        max_length=200,
        help_text="Name, role and practice or hospital of the caller",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        patients: QuerySet[Patient],
        on_behalf: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(data, **kwargs)
        self.fields["patient"].queryset = patients  # type: ignore[attr-defined]
        self.fields["cancer_history"].required = True
        self.fields["cancer_history"].error_messages["required"] = MISSING_ANSWER["cancer_history"]
        if not on_behalf:
            del self.fields["referred_by_name"]
        # The new patient's details; their home site is the clinic referred to.
        if data is not None:
            patient_data = data.copy()
            patient_data["patient-home_site"] = data.get("site", "")
            self.new_patient = PatientForm(patient_data, prefix="patient", disclose_clash=on_behalf)
        else:
            initial = {
                name.removeprefix("patient-"): value
                for name, value in self.initial.items()
                if name.startswith("patient-")
            }
            self.new_patient = PatientForm(initial=initial, prefix="patient")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if any(name in self.errors for name in FACT_FIELDS):
            return data
        result = triage(parse_case(self.facts()))
        for name in result.missing:
            self.add_error(name if name in self.fields else None, MISSING_ANSWER.get(name, name))
        return data

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not self.is_bound:
            return False
        if self.cleaned_data.get("patient"):
            # An existing patient: the new-patient fields are not asked, nor judged.
            self.new_patient = PatientForm(prefix="patient")
            return valid
        self.new_patient.is_valid()
        # The home site is the clinic referred to: its error is the site field's.
        self.new_patient.errors.pop("home_site", None)
        return valid and not self.new_patient.errors

    def new_patient_data(self) -> dict[str, Any] | None:
        if self.cleaned_data.get("patient"):
            return None
        return self.new_patient.changes()[0]


class StatusForm(forms.Form):
    """Move a referral on: the choices are the moves the pathway allows from here."""

    to = forms.ChoiceField(label="Move to")
    note = forms.CharField(
        label="Note (required when closing early)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    version = VersionField()  # the referral's version when the page was loaded

    def __init__(self, *args: Any, allowed: list[Status], version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, s.label) for s in allowed]
        if allowed:
            self.fields["to"].initial = allowed[0].value
        self.fields["version"].initial = version

    def is_stale(self, current: int) -> bool:
        """Posted from a page of an older version (so its choices may no longer apply)."""
        return is_stale(self.data, current)

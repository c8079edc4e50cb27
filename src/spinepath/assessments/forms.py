"""The assessment form (systemic facts plus one row per lesion) and the MDT decision form.

The assessment form does not validate clinical values itself: it turns what was typed
into a case (case-format §1) and lets `parse_case` judge it, then puts each engine error
beside its field (`lesions[1].level` -> lesion row 2's level). So the page, the API and the
command line reject exactly the same things with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import QueryDict

from spinepath.assessments.models import Outcome
from spinepath.clinical import vocab
from spinepath.clinical.case import Case, CaseValidationError, FieldError, parse_case
from spinepath.clinical.catalogue import HISTOLOGIES, LEVEL_LOCATION, PRIMARY_SITES
from spinepath.clinical.planning.rules import RECOMMENDATIONS
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.scales import ECOG_SCALE, KPS_SCALE
from spinepath.clinical.scores.sins import SINS
from spinepath.common.forms import small_index

__all__ = [
    "AssessmentInput",
    "DecisionForm",
    "FactsForm",
    "LesionForm",
    "describe_facts",
    "describe_lesion",
    "fact_labels",
]

NOT_RECORDED = "Not recorded"
YES_NO = {"true": "Yes", "false": "No"}
MAX_LESIONS = len(vocab.VERTEBRAL_LEVELS)


class CodeField(forms.ChoiceField):
    """A select whose value the engine validates, not Django: an unknown code gets the
    engine's message naming the allowed codes, like the API and the command line."""

    def __init__(self, label: str, codes: Mapping[str, str], **kwargs: Any) -> None:
        choices = [("", NOT_RECORDED), *codes.items()]
        super().__init__(label=label, choices=choices, required=False, **kwargs)

    def validate(self, value: Any) -> None:
        return None


class CodesField(forms.MultipleChoiceField):
    """Checkboxes whose codes the engine validates (see CodeField)."""

    widget = forms.CheckboxSelectMultiple

    def validate(self, value: Any) -> None:
        return None


def _number(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=20, help_text=hint)


def _location(level: str) -> str:
    """'Junctional, 3 points': the level's SINS location, read from the SINS table."""
    option = next(o for o in SINS.criterion("location").options if o.code == LEVEL_LOCATION[level])
    return f"{option.label.split(' (')[0]}, {option.points} points"


def _scale(grades: Mapping[str, str]) -> dict[str, str]:
    return {grade: f"{grade} – {text}" for grade, text in grades.items()}


class FactsForm(forms.Form):
    """Case-level facts. Field names are the case format's."""

    age = _number("Age in years")
    cancer_history = CodeField("Cancer history", vocab.CANCER_HISTORY)
    primary_site = CodeField(
        "Primary site", {code: site.label for code, site in PRIMARY_SITES.items()}
    )
    histology = CodeField("Histology", {code: h.label for code, h in HISTOLOGIES.items()})
    kps = CodeField(KPS_SCALE.name, _scale(KPS_SCALE.grades))
    ecog = CodeField(ECOG_SCALE.name, _scale(ECOG_SCALE.grades))
    extraspinal_bone_metastases = _number(
        "Extraspinal bone metastases", "Number of foci, 0 or more"
    )
    vertebral_metastases = _number("Vertebrae with metastases", "Number of vertebrae, 1 or more")
    visceral_metastases = CodeField("Visceral metastases", vocab.VISCERAL_METASTASES)
    pathological_fracture = CodeField("Pathological fracture", YES_NO)
    frankel = CodeField("Frankel grade", vocab.FRANKEL)
    asia = CodeField("ASIA impairment scale", vocab.ASIA)
    ambulatory = CodeField("Walking", vocab.AMBULATORY)
    albumin_g_per_l = _number("Serum albumin (g/L)", "In g/L: 35 g/L is 3.5 g/dL")
    fit_for_surgery = CodeField("Fit for surgery", YES_NO)
    instability_judgement = CodeField(
        "Spinal surgeon's judgement of stability",
        vocab.INSTABILITY_JUDGEMENT,
        help_text="For SINS 7–12: NOMS shows both branches until the surgeon judges",
    )
    myelopathy = CodeField("Myelopathy", YES_NO)
    months_since_primary_diagnosis = _number("Months since the primary was diagnosed")
    motor_deficit_days = _number("Days over which motor deficits developed")
    symptoms = CodesField(label="Symptoms", required=False, choices=list(vocab.SYMPTOMS.items()))
    referral = forms.ModelChoiceField(
        queryset=None,  # set per patient in __init__
        required=False,
        empty_label="Not linked to a referral",
        label="Referral",
    )

    def __init__(self, *args: Any, referrals: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referral"]
        field.queryset = referrals  # type: ignore[attr-defined]
        if referrals is None:
            del self.fields["referral"]


LESION_FIELDS = {
    "level": "Level",
    "compartment": "Compartment",
    "pain": SINS.criterion("pain").label,
    "bone_lesion": SINS.criterion("bone_lesion").label,
    "alignment": SINS.criterion("alignment").label,
    "collapse": SINS.criterion("collapse").label,
    "posterolateral": SINS.criterion("posterolateral").label,
    "bilsky": BILSKY.name,
}


class LesionForm(forms.Form):
    """One involved level: where it is, its SINS items and its Bilsky grade."""

    level = CodeField(
        LESION_FIELDS["level"],
        {level: f"{level} – {_location(level)}" for level in vocab.VERTEBRAL_LEVELS},
        help_text="The SINS location of each level is shown beside it",
    )
    compartment = CodeField(LESION_FIELDS["compartment"], vocab.COMPARTMENTS)
    pain = CodeField(LESION_FIELDS["pain"], vocab.LESION_PAIN)
    bone_lesion = CodeField(LESION_FIELDS["bone_lesion"], vocab.BONE_LESION)
    alignment = CodeField(LESION_FIELDS["alignment"], vocab.LESION_ALIGNMENT)
    collapse = CodeField(LESION_FIELDS["collapse"], vocab.COLLAPSE)
    posterolateral = CodeField(LESION_FIELDS["posterolateral"], vocab.POSTEROLATERAL)
    bilsky = CodeField(LESION_FIELDS["bilsky"], vocab.BILSKY_GRADES)


_INTEGERS = frozenset(
    {"age", "kps", "ecog", "extraspinal_bone_metastases", "vertebral_metastases"}
    | {"motor_deficit_days"}
)
_NUMBERS = frozenset({"albumin_g_per_l", "months_since_primary_diagnosis"})
_BOOLEANS = frozenset({"pathological_fracture", "fit_for_surgery", "myelopathy"})
_BOOLEAN_TEXT = {"true": True, "false": False}


def _to_case_value(name: str, text: str) -> object:
    """What was typed, as the case-format type when it reads as one; otherwise the text
    itself, so the engine's error names the bad value and what is allowed."""
    text = text.strip()
    if name in _BOOLEANS:
        return _BOOLEAN_TEXT.get(text, text)
    if name in _INTEGERS or name in _NUMBERS:
        try:
            return int(text)
        except ValueError:
            pass
        if name in _NUMBERS:
            try:
                return float(text)
            except ValueError:
                pass
    return text


def _to_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _error_text(error: FieldError) -> str:
    message = error.message[0].upper() + error.message[1:]
    received = "" if error.value is None else f" (received {error.value!r})"
    return f"{message}{received}. Allowed: {error.allowed}."


class AssessmentInput:
    """The facts form and the lesion rows, validated together through `parse_case`.

    Always bound: a first visit is bound to the latest saved facts (or to none), so the
    page shows their scores at once. Buttons named `add_lesion` and `remove_lesion`
    (value: the row index) change the rows; nothing is saved by them.
    """

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        initial: Mapping[str, Any] | None = None,
        referrals: Any = None,
    ) -> None:
        data = self._edit_rows(data) if data is not None else self._from_facts(initial or {})
        self.data = data
        self.facts = FactsForm(data, referrals=referrals)
        count = self._count(data)
        self.lesions = [LesionForm(data, prefix=f"lesion-{i}") for i in range(count)]
        self.case: Case | None = None
        self.case_dict: dict[str, Any] = {}

    # --- rows ---------------------------------------------------------------------------

    @staticmethod
    def _count(data: QueryDict) -> int:
        try:
            count = int(data.get("lesion_count", "0"))
        except ValueError:
            count = 0
        return max(0, min(count, MAX_LESIONS))

    def _rows(self, data: QueryDict) -> list[dict[str, str]]:
        return [
            {name: data.get(f"lesion-{i}-{name}", "") for name in LESION_FIELDS}
            for i in range(self._count(data))
        ]

    def _edit_rows(self, data: QueryDict) -> QueryDict:
        rows = self._rows(data)
        remove = small_index(data.get("remove_lesion", ""), below=len(rows))
        if remove is not None:
            del rows[remove]
        if "add_lesion" in data and len(rows) < MAX_LESIONS:
            rows.append(dict.fromkeys(LESION_FIELDS, ""))
        edited = data.copy()
        for key in [k for k in edited if k.startswith("lesion-")]:
            del edited[key]
        self._write_rows(edited, rows)
        return edited

    @staticmethod
    def _write_rows(data: QueryDict, rows: list[dict[str, str]]) -> None:
        data["lesion_count"] = str(len(rows))
        for i, row in enumerate(rows):
            for name, value in row.items():
                data[f"lesion-{i}-{name}"] = value

    def _from_facts(self, facts: Mapping[str, Any]) -> QueryDict:
        data = QueryDict(mutable=True)
        for name in FactsForm.base_fields:
            if name == "symptoms":
                data.setlist(name, list(facts.get("symptoms") or []))
            elif facts.get(name) is not None:
                data[name] = _to_text(facts[name])
        rows = [
            {name: _to_text(lesion.get(name, "")) for name in LESION_FIELDS}
            for lesion in facts.get("lesions") or [{}]
        ]
        self._write_rows(data, rows)
        return data

    # --- validation ---------------------------------------------------------------------

    def is_valid(self) -> bool:
        forms_valid = self.facts.is_valid() & all([f.is_valid() for f in self.lesions])
        if not forms_valid:
            return False
        self.case_dict = self._case_dict()
        try:
            self.case = parse_case(self.case_dict)
        except CaseValidationError as error:
            for problem in error.errors:
                self._place(problem)
            return False
        return True

    @property
    def referral(self) -> Any:
        return self.facts.cleaned_data.get("referral") if self.facts.is_valid() else None

    def _case_dict(self) -> dict[str, Any]:
        case: dict[str, Any] = {}
        for name, value in self.facts.cleaned_data.items():
            if name == "referral":
                continue
            if name == "symptoms":
                if value:
                    case["symptoms"] = list(value)
            elif value not in ("", None):
                case[name] = _to_case_value(name, value)
        lesions = []
        for form in self.lesions:
            lesions.append(
                {
                    name: _to_case_value(name, value)
                    for name, value in form.cleaned_data.items()
                    if value not in ("", None)
                }
            )
        if lesions:
            case["lesions"] = lesions
        return case

    def _place(self, problem: FieldError) -> None:
        """Put an engine error beside its field: `kps`, `symptoms[2]`, `lesions[1].level`."""
        text = _error_text(problem)
        head, _, rest = problem.field.partition(".")
        name = head.split("[")[0]
        if name == "lesions" and rest and "[" in head:
            index = int(head[head.index("[") + 1 : head.index("]")])
            if index < len(self.lesions) and rest in LESION_FIELDS:
                self.lesions[index].add_error(rest, text)
                return
        if name in self.facts.fields and not rest:
            self.facts.add_error(name, text)
            return
        self.facts.add_error(None, f"{problem.field}: {text}")

    def error_list(self) -> list[dict[str, str]]:
        """For the error summary: every error, linked to its field."""
        items = [{"text": str(e)} for e in self.facts.non_field_errors()]
        for number, form in enumerate([self.facts, *self.lesions]):
            prefix = f"Lesion {number}: " if number else ""
            for field in form:
                for error in field.errors:
                    items.append({"text": prefix + str(error), "href": "#" + field.auto_id})
        return items


def describe_facts(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The recorded case-level facts as (label, plain text), in the form's order."""
    rows = []
    for name, field in FactsForm.base_fields.items():
        value = facts.get(name)
        if value is None or name == "referral":
            continue
        labels = dict(getattr(field, "choices", []) or [])
        if isinstance(value, list):
            text = "; ".join(str(labels.get(v, v)) for v in value)
        else:
            text = str(labels.get(_to_text(value), _to_text(value)))
        rows.append((str(field.label), text))
    return rows


def describe_lesion(lesion: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for name, field in LesionForm.base_fields.items():
        if lesion.get(name) is not None:
            labels = dict(field.choices)  # type: ignore[attr-defined]
            rows.append((str(field.label), str(labels.get(lesion[name], lesion[name]))))
    return rows


class DecisionForm(forms.Form):
    """The MDT's decision: accept the proposal, or modify it with a reason."""

    outcome = forms.ChoiceField(
        label="The MDT's decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the MDT accepts or modifies the plan"},
    )
    final_codes = forms.MultipleChoiceField(
        label="Final plan",
        required=False,
        choices=[(code, rec.label) for code, rec in RECOMMENDATIONS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text="When modifying: tick every part of the agreed plan",
    )
    plan_text = forms.CharField(
        label="Plan details",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Doses, timing, who does what",
    )
    reason = forms.CharField(
        label="Reason for modifying the proposed plan",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the MDT modifies the plan, or records a plan that conflicts",
    )
    branch = forms.ChoiceField(
        label="Which branch does the MDT accept?",
        required=False,
        choices=[],
        widget=forms.RadioSelect,
        help_text="The proposal depends on a judgement: the two branches together are never "
        "a final plan",
    )
    confirm_conflicts = forms.BooleanField(
        label="The MDT confirms this plan although its parts conflict (give the reason above)",
        required=False,
    )

    def __init__(self, *args: Any, branches: list[dict[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [
            (b["rule"], "; ".join(b["when"]) + f" ({b['rule']})") for b in branches or []
        ]
        if not branches:
            del self.fields["branch"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.MODIFIED:
            if not data.get("reason", "").strip():
                self.add_error("reason", "Give the reason for modifying the proposed plan")
            if not data.get("final_codes") and not data.get("plan_text", "").strip():
                self.add_error("final_codes", "Choose the final plan or describe it")
        return data


def fact_labels() -> dict[str, str]:
    """What to call each fact the engine may ask for (its `missing` lists), by case name."""
    labels = {name: str(field.label) for name, field in FactsForm.base_fields.items()}
    labels.update(LESION_FIELDS)
    labels.update(
        {f"lesions[].{name}": f"{label} of each lesion" for name, label in LESION_FIELDS.items()}
    )
    return labels

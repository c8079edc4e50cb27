from __future__ import annotations

from typing import Any

from django import forms

from spinepath.common.versioning import VersionField
from spinepath.patients.models import Patient
from spinepath.patients.nhs_numbers import FORMAT_HINT, InvalidNhsNumber, normalise_nhs_number

# Told to someone who may not see every patient (a referrer adding a new patient to a
# referral): it must not confirm that the number belongs to a patient already on file.
UNUSABLE_NHS_NUMBER = (
    "NHS number {value!r} cannot be used for a new patient here. Check the number, or "
    "choose the patient from your patients if you have referred them before. If it is "
    "right, call the MSCC coordinator."
)


class PatientForm(forms.ModelForm):
    """Validates a patient's details; errors name the field and the allowed format.

    `disclose_clash=False` (for users who may not see every patient) words a clash with
    another patient's NHS number without saying that such a patient exists.
    """

    # Wider than the stored 10 digits: people type "999 123 4566"; clean_ normalises it.
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=20, help_text=FORMAT_HINT
    )
    # The version the form was loaded at (a new patient: 0, never checked).
    version = VersionField()

    class Meta:
        model = Patient
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "nhs_number",
            "hospital_number",
            "home_site",
        ]
        error_messages = {
            "given_name": {"required": "Enter the patient's first name"},
            "family_name": {"required": "Enter the patient's last name"},
            "date_of_birth": {
                "required": "Enter the patient's date of birth",
                "invalid": (
                    "Date of birth must be a real date as YYYY-MM-DD, for example 1956-03-31"
                ),
            },
            "sex": {"required": "Select the patient's sex"},
            "home_site": {"required": "Select the patient's home clinic site"},
        }

    def __init__(self, *args: Any, disclose_clash: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disclose_clash = disclose_clash
        self.fields["home_site"].queryset = self.fields["home_site"].queryset.filter(active=True)
        self.fields["home_site"].empty_label = "Choose a site"
        if "version" not in self.fields:
            return  # the admin's form (see admin.py)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:  # a new patient: nothing to be out of date with
            self.fields["version"].required = False

    def changes(self) -> tuple[dict[str, Any], int | None]:
        """The validated fields to save, and the version they were based on."""
        data = dict(self.cleaned_data)
        return data, data.pop("version")

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].strip()
        if not value:
            return ""
        try:
            digits = normalise_nhs_number(value)
        except InvalidNhsNumber as error:
            raise forms.ValidationError(
                f"NHS number {value!r} is not valid: {error.reason}", code="invalid"
            ) from None
        clash = Patient.objects.filter(nhs_number=digits).exclude(pk=self.instance.pk)
        if clash.exists():
            message = (
                f"NHS number {value!r} already belongs to another patient"
                if self.disclose_clash
                else UNUSABLE_NHS_NUMBER.format(value=value)
            )
            raise forms.ValidationError(message, code="unique")
        return digits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_number = data.get("nhs_number") or data.get("hospital_number", "").strip()
        if not has_number and "nhs_number" not in self.errors:
            self.add_error(
                "nhs_number",
                "Enter an NHS number, or a hospital number for a private patient",
            )
        return data

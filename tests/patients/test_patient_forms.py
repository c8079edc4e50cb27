import pytest

from spinepath.patients.forms import PatientForm

pytestmark = pytest.mark.django_db


def _data(sites, **overrides):
    data = {
        "given_name": "Bert",
        "family_name": "Madeup",
        "date_of_birth": "1961-05-02",
        "sex": "male",
        "nhs_number": "999 000 0026",
        "hospital_number": "",
        "home_site": sites["norwich"].pk,
    }
    data.update(overrides)
    return data


def test_it_accepts_and_normalises_a_valid_nhs_number(sites) -> None:
    form = PatientForm(_data(sites))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nhs_number"] == "9990000026"


def test_it_rejects_a_bad_check_digit_naming_the_field_and_value(sites) -> None:
    form = PatientForm(_data(sites, nhs_number="999 000 0027"))
    assert not form.is_valid()
    [message] = form.errors["nhs_number"]
    assert message.startswith("NHS number '999 000 0027' is not valid")
    assert "check digit" in message


def test_it_rejects_a_badly_formatted_nhs_number_giving_the_format(sites) -> None:
    form = PatientForm(_data(sites, nhs_number="99900"))
    assert not form.is_valid()
    assert "10 digits, for example 999 123 4566" in form.errors["nhs_number"][0]


def test_it_needs_an_nhs_or_hospital_number(sites) -> None:
    form = PatientForm(_data(sites, nhs_number=""))
    assert not form.is_valid()
    assert "or a hospital number for a private patient" in form.errors["nhs_number"][0]


def test_it_accepts_a_private_patient_with_only_a_hospital_number(sites) -> None:
    form = PatientForm(_data(sites, nhs_number="", hospital_number="PRIV-1"))
    assert form.is_valid(), form.errors


def test_it_rejects_an_nhs_number_another_patient_has(sites, patient) -> None:
    form = PatientForm(_data(sites, nhs_number=patient.nhs_number))
    assert not form.is_valid()
    assert "already belongs to another patient" in form.errors["nhs_number"][0]


def test_it_lets_a_patient_keep_their_own_nhs_number(sites, patient) -> None:
    data = _data(sites, nhs_number=patient.nhs_number, version=patient.version)
    form = PatientForm(data, instance=patient)
    assert form.is_valid(), form.errors


def test_it_explains_a_bad_date_of_birth(sites) -> None:
    form = PatientForm(_data(sites, date_of_birth="31/02/1950"))
    assert not form.is_valid()
    assert "YYYY-MM-DD" in form.errors["date_of_birth"][0]


def test_the_database_refuses_a_second_patient_with_the_same_nhs_number(sites, patient) -> None:
    from django.db import IntegrityError

    from spinepath.patients.models import Patient

    with pytest.raises(IntegrityError):
        Patient.objects.create(
            given_name="X", family_name="Y", date_of_birth="1950-01-01", sex="male",
            nhs_number=patient.nhs_number, home_site=sites["london"],
        )  # fmt: skip

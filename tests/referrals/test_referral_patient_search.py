"""The referral form's patient picker: staff search (GET, then choose; htmx swaps the same
block), referrers keep their short list; and the order of the form's parts."""

import pytest

from spinepath.patients.models import Patient
from spinepath.referrals.models import Referral
from spinepath.referrals.views import PATIENT_MATCHES
from tests.referrals.conftest import form_data

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def many_patients(sites):
    """Patients called Smith: more than one search shows."""
    return Patient.objects.bulk_create(
        Patient(
            given_name=f"Sam{i}",
            family_name="Smith",
            date_of_birth="1960-01-01",
            sex="male",
            hospital_number=f"H{i:04}",
            home_site=sites["london"],
        )
        for i in range(PATIENT_MATCHES + 5)
    )


def test_it_asks_staff_to_search_not_to_pick_from_every_patient(
    client_for, coordinator, patient
) -> None:
    html = client_for(coordinator).get("/referrals/new/").content.decode()
    assert 'name="q"' in html
    assert 'form="patient-search"' in html
    assert '<select class="nhsuk-select" id="id_patient"' not in html
    assert "FICTIONAL, Ada" not in html  # nobody is listed before a search


@pytest.mark.parametrize("q", ["fiction", "Ada", "999 000 0018", "999-000-0018"])
def test_it_finds_a_patient_by_name_or_nhs_number(client_for, coordinator, patient, q) -> None:
    html = client_for(coordinator).get("/referrals/new/", {"q": q}).content.decode()
    assert f'href="/referrals/new/?patient={patient.pk}"' in html
    assert "Choose FICTIONAL, Ada" in html


def test_it_finds_a_patient_by_hospital_number(client_for, coordinator, many_patients) -> None:
    html = client_for(coordinator).get("/referrals/new/", {"q": "h0003"}).content.decode()
    assert "Choose SMITH, Sam3" in html
    assert html.count("Choose SMITH") == 1


def test_it_says_when_no_patient_matches(client_for, coordinator, patient) -> None:
    html = client_for(coordinator).get("/referrals/new/", {"q": "Nobody"}).content.decode()
    assert "No patient found for “Nobody”" in html
    assert "Choose FICTIONAL" not in html


def test_it_shows_the_first_matches_and_asks_to_narrow(
    client_for, coordinator, many_patients
) -> None:
    html = client_for(coordinator).get("/referrals/new/", {"q": "smith"}).content.decode()
    assert html.count("Choose SMITH") == PATIENT_MATCHES
    assert f"Showing the first {PATIENT_MATCHES} patients" in html


def test_it_swaps_only_the_patient_block_for_htmx(client_for, coordinator, patient) -> None:
    response = client_for(coordinator).get("/referrals/new/", {"q": "fiction"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="patient-picker">')
    assert "Choose FICTIONAL, Ada" in html
    assert "<html" not in html
    assert "Triage result" not in html


def test_it_shows_the_chosen_patient_in_place_of_the_search(
    client_for, coordinator, patient
) -> None:
    client = client_for(coordinator)
    for extra in ({}, HTMX):
        html = client.get("/referrals/new/", {"patient": patient.pk}, **extra).content.decode()
        assert f'<input type="hidden" name="patient" value="{patient.pk}">' in html
        assert "999 000 0018" in html
        assert "Choose a different patient" in html
        assert 'name="q"' not in html
        assert "A new patient&#39;s details" not in html


@pytest.mark.parametrize("value", ["0", "abc", "99999"])
def test_it_ignores_a_patient_that_does_not_exist(client_for, coordinator, value) -> None:
    html = client_for(coordinator).get("/referrals/new/", {"patient": value}).content.decode()
    assert 'name="q"' in html
    assert "Choose a different patient" not in html


def test_it_refers_the_chosen_patient(client_for, coordinator, sites, patient) -> None:
    data = form_data(sites, patient=patient.pk, referred_by_name="Dr Example, Any Surgery")
    data.update({k: "" for k in data if k.startswith("patient-")})
    response = client_for(coordinator).post("/referrals/new/", data)
    assert response.status_code == 302
    assert Referral.objects.get().patient == patient


def test_it_keeps_the_chosen_patient_when_triage_is_checked(
    client_for, coordinator, sites, patient
) -> None:
    data = form_data(sites, patient=patient.pk, check="1")
    html = client_for(coordinator).post("/referrals/new/", data).content.decode()
    assert f'<input type="hidden" name="patient" value="{patient.pk}">' in html
    assert not Referral.objects.exists()


def test_it_still_offers_a_referrer_their_own_patients_in_a_list(
    client_for, referrer, patient, make_referral
) -> None:
    make_referral()
    html = client_for(referrer).get("/referrals/new/", {"q": "fiction"}).content.decode()
    assert '<select class="nhsuk-select" id="id_patient"' in html
    assert 'name="q"' not in html
    assert "FICTIONAL, Ada" in html


def test_it_does_not_let_a_referrer_search_other_patients(client_for, outsider, patient) -> None:
    html = client_for(outsider).get("/referrals/new/", {"q": "fiction"}).content.decode()
    assert "FICTIONAL, Ada" not in html


def test_it_puts_the_triage_after_the_symptoms_and_before_the_clinic(client_for, referrer) -> None:
    html = client_for(referrer).get("/referrals/new/").content.decode()
    order = [
        html.index("Cancer and symptoms"),
        html.index("None of these symptoms"),
        html.index('id="triage-result"'),
        html.index("Notes and where to refer"),
        html.index('id="id_site"'),
        html.index("Send referral"),
    ]
    assert order == sorted(order)
    assert html.count('id="triage-result"') == 1  # one block, not a copy per screen size


# --- the referral page links on to the patient's assessments and appointments -----------


@pytest.mark.parametrize(
    ("persona", "assessments", "appointments"),
    [
        ("coordinator", True, True),
        ("clinician", True, True),
        ("clinic_admin", False, True),
        ("referrer", False, False),
    ],
)
def test_it_links_the_referral_to_what_comes_next(
    client_for, request, make_referral, patient, persona, assessments, appointments
) -> None:
    referral = make_referral()
    user = request.getfixturevalue(persona)
    html = client_for(user).get(f"/referrals/{referral.pk}/").content.decode()
    assert (f'href="/assessments/patient/{patient.pk}/"' in html) == assessments
    assert (f'href="/appointments/patients/{patient.pk}/"' in html) == appointments

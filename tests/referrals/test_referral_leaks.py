"""A referrer learns nothing of other people's patients or referrals: not through the
new-patient NHS number check, nor through another user's idempotency key."""

import uuid

import pytest

from spinepath.referrals.models import Referral
from spinepath.referrals.services import IdempotencyKeyTaken, create_referral
from tests.referrals.conftest import form_data

pytestmark = pytest.mark.django_db

ORACLE = "already belongs to another patient"


def test_it_does_not_tell_a_referrer_the_nhs_number_is_on_file(client_for, referrer, patient):
    # `patient` (NHS number 999 000 0018) was never referred by this referrer.
    data = form_data({"london": patient.home_site}, **{"patient-nhs_number": "999 000 0018"})
    response = client_for(referrer).post("/referrals/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert ORACLE not in html
    assert "cannot be used for a new patient here" in html
    assert not Referral.objects.exists()


def test_it_tells_a_coordinator_the_nhs_number_is_on_file(client_for, coordinator, patient):
    data = form_data({"london": patient.home_site}, **{"patient-nhs_number": "999 000 0018"})
    html = client_for(coordinator).post("/referrals/new/", data).content.decode()
    assert ORACLE in html


def test_it_tells_staff_on_the_patient_form(client_for, coordinator, patient, sites):
    data = {
        "given_name": "Eve",
        "family_name": "Twin",
        "date_of_birth": "1950-01-31",
        "sex": "female",
        "nhs_number": "9990000018",
        "hospital_number": "",
        "home_site": sites["london"].pk,
    }
    html = client_for(coordinator).post("/patients/new/", data).content.decode()
    assert ORACLE in html


@pytest.fixture
def someone_elses(make_referral, referrer):
    """A referral made by the referrer persona (REF-000…), whose key the outsider reuses."""
    return make_referral(by=referrer)


def test_it_does_not_show_another_users_referral_for_their_key(
    client_for, outsider, sites, someone_elses
):
    data = form_data(sites, idempotency_key=str(someone_elses.idempotency_key))
    response = client_for(outsider).post("/referrals/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert someone_elses.reference not in html
    assert "This form had expired, so the referral was not sent" in html
    assert str(someone_elses.idempotency_key) not in html  # a new key to send it with
    assert Referral.objects.count() == 1


def test_it_sends_the_referral_again_under_the_new_key(client_for, outsider, sites, someone_elses):
    client = client_for(outsider)
    data = form_data(sites, idempotency_key=str(someone_elses.idempotency_key))
    client.post("/referrals/new/", data)
    data["idempotency_key"] = str(uuid.uuid4())
    response = client.post("/referrals/new/", data)
    assert response.status_code == 302
    assert Referral.objects.filter(referrer=outsider).count() == 1


def test_it_still_shows_a_referrer_their_own_resubmitted_referral(
    client_for, referrer, sites, someone_elses
):
    data = form_data(sites, idempotency_key=str(someone_elses.idempotency_key))
    response = client_for(referrer).post("/referrals/new/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{someone_elses.pk}/confirmation/"


def test_it_refuses_another_users_key_in_the_service(outsider, sites, patient, someone_elses):
    with pytest.raises(IdempotencyKeyTaken):
        create_referral(
            by=outsider,
            idempotency_key=someone_elses.idempotency_key,
            site=sites["london"],
            patient=patient,
            facts={"cancer_history": "known", "symptoms": []},
        )

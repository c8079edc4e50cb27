"""The referral form never shows a triage result for contradictory answers (spec §15.2):
"None of these symptoms" ticked with a symptom is an error, live (htmx), with "Check
triage" (no JavaScript) and on sending."""

from __future__ import annotations

import pytest

from spinepath.referrals.models import Referral
from tests.referrals.conftest import form_data

pytestmark = pytest.mark.django_db

CONTRADICTION = {"symptoms": ["limb_weakness", "difficulty_walking"], "no_symptoms": "on"}


@pytest.mark.parametrize(
    ("extra", "headers"),
    [({}, {"HTTP_HX_REQUEST": "true"}), ({"check": "1"}, {})],
    ids=["live", "check-triage-without-javascript"],
)
def test_none_of_these_with_weakness_shows_an_error_never_a_result(
    client_for, referrer, sites, extra, headers
):
    data = {**form_data(sites, **CONTRADICTION), **extra}
    html = client_for(referrer).post("/referrals/new/", data, **headers).content.decode()
    assert "No triage result: correct the answers first." in html
    assert "Routine" not in html
    assert "No red-flag rule fired" not in html


def test_sending_none_of_these_with_weakness_is_refused(client_for, referrer, sites):
    response = client_for(referrer).post("/referrals/new/", form_data(sites, **CONTRADICTION))
    assert response.status_code == 200
    assert (
        "None of these symptoms&#39; is ticked together with symptoms" in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_a_recorded_walking_problem_makes_an_emergency_with_none_of_these(
    client_for, referrer, sites
):
    data = form_data(sites, symptoms=[], no_symptoms="on", ambulatory="non_ambulatory")
    response = client_for(referrer).post("/referrals/new/", data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.category == "emergency"
    assert [s["field"] for s in referral.triage["signs"]] == ["ambulatory"]


def test_cancer_history_unanswered_shows_the_most_urgent_possibility(client_for, referrer, sites):
    data = form_data(
        sites, cancer_history="", symptoms=["mechanical_pain"], ambulatory="independent"
    )
    html = (
        client_for(referrer).post("/referrals/new/", data, HTTP_HX_REQUEST="true").content.decode()
    )
    assert "act on the most urgent possibility" in html
    assert "provisional: shown while the answer to" in html
    assert "Has the patient been diagnosed with cancer?" in html

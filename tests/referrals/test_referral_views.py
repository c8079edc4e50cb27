import datetime as dt
import html as html_module
import uuid

import pytest

from spinepath.clinical.triage.rules import ACTIONS, PAIN_FEATURES
from spinepath.clinical.vocab import SYMPTOMS
from spinepath.common.versioning import StaleVersion
from spinepath.patients.models import Patient
from spinepath.referrals.models import Referral, Status, StatusChange
from spinepath.referrals.services import advance_status
from tests.conftest import form_version, signed_in_client
from tests.referrals.conftest import NOW, form_data

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


# --- the referral form ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["referrer", "coordinator"])
def test_it_shows_the_form(client_for, request, persona) -> None:
    html = client_for(request.getfixturevalue(persona)).get("/referrals/new/").content.decode()
    assert "Refer a patient" in html
    assert SYMPTOMS["limb_weakness"] in html
    assert "Answer the questions" in html  # no triage before any answer
    assert ("Referring clinician" in html) == (persona == "coordinator")


@pytest.mark.parametrize("persona", ["clinician", "clinic_admin", "system_admin"])
def test_it_refuses_the_form_to_other_roles(client_for, request, persona) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/referrals/new/").status_code == 403


def test_it_rejects_the_wrong_method(client_for, referrer) -> None:
    assert client_for(referrer).put("/referrals/new/").status_code == 405


def test_it_creates_a_referral_with_a_new_patient(client_for, referrer, sites, frozen_now):
    client = client_for(referrer)
    response = client.post("/referrals/new/", form_data(sites))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/confirmation/"
    assert referral.patient.nhs_number == "9990000026"
    assert referral.referrer == referrer
    assert referral.category == "emergency"
    assert referral.received_at == NOW
    assert referral.mri_due_at == NOW + 24 * HOUR
    assert referral.facts["symptoms"] == ["limb_weakness", "thoracic_or_cervical_pain"]
    html = html_module.unescape(client.get(response["Location"]).content.decode())
    assert referral.reference in html
    assert ACTIONS["safety_net_neurology"].text in html
    assert "Tue 13 Jan 2026, 09:00" in html  # the MRI deadline, London time


def test_it_refers_an_existing_patient(client_for, coordinator, sites, patient) -> None:
    data = form_data(sites, patient=patient.pk, referred_by_name="Dr Example, Any Surgery")
    data.update({k: "" for k in data if k.startswith("patient-")})
    response = client_for(coordinator).post("/referrals/new/", data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.patient == patient
    assert referral.referred_by_name.startswith("Dr Example")
    assert Patient.objects.count() == 1


def test_it_offers_a_referrer_only_patients_they_referred(
    client_for, referrer, outsider, sites, patient, make_referral
) -> None:
    assert str(patient) not in client_for(referrer).get("/referrals/new/").content.decode()
    make_referral(by=outsider)
    data = form_data(sites, patient=patient.pk)
    response = client_for(referrer).post("/referrals/new/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Referral.objects.filter(referrer=referrer).count() == 0


def test_it_shows_errors_inline_and_saves_nothing(client_for, referrer, sites) -> None:
    data = form_data(sites, cancer_history="", site="")
    data["patient-nhs_number"] = "9990000019"
    response = client_for(referrer).post("/referrals/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_cancer_history"' in html
    assert 'href="#id_patient-nhs_number"' in html
    assert "Choose the clinic you are referring to" in html
    assert "nhsuk-error-message" in html
    assert not Referral.objects.exists()
    assert not Patient.objects.exists()


def test_it_creates_a_double_submitted_referral_once(client_for, referrer, sites) -> None:
    client = client_for(referrer)
    data = form_data(sites)
    first = client.post("/referrals/new/", data)
    second = client.post("/referrals/new/", data)
    assert Referral.objects.count() == 1
    assert Patient.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_it_returns_only_the_triage_block_to_htmx(client_for, referrer, sites) -> None:
    response = client_for(referrer).post(
        "/referrals/new/",
        {"cancer_history": "known", "symptoms": ["thoracic_or_cervical_pain"], "check": "live"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.strip().startswith('<div id="triage-result"')
    assert "Urgent: suspected spinal metastases without neurology" in html
    assert "Within 1 week" in html
    assert "<header" not in html
    assert "<form" not in html
    assert not Referral.objects.exists()


def test_it_asks_for_the_deciding_answer_while_incomplete(client_for, referrer) -> None:
    response = client_for(referrer).post(
        "/referrals/new/",
        {"symptoms": ["thoracic_or_cervical_pain"]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Incomplete: answer Has the patient been diagnosed with cancer?" in html


def test_it_checks_triage_without_javascript(client_for, referrer, sites) -> None:
    data = form_data(sites, check="1", cancer_history="none")
    response = client_for(referrer).post("/referrals/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<header" in html  # the whole page
    assert "Emergency: suspected spinal cord compression" in html  # RF-MSCC-02
    assert 'value="limb_weakness" checked' in html  # answers kept
    assert data["idempotency_key"] in html
    assert "There is a problem" not in html
    assert not Referral.objects.exists()


# --- confirmation and detail ------------------------------------------------------------


def test_it_hides_a_referral_from_another_referrer(client_for, outsider, make_referral) -> None:
    referral = make_referral()
    client = client_for(outsider)
    for url in ("", "confirmation/"):
        assert client.get(f"/referrals/{referral.pk}/{url}").status_code == 404


@pytest.mark.parametrize("persona", ["referrer", "coordinator", "clinician", "clinic_admin"])
def test_it_shows_the_detail(client_for, request, persona, make_referral, frozen_now) -> None:
    referral = make_referral(at=NOW - 30 * HOUR)
    html = client_for(request.getfixturevalue(persona)).get(f"/referrals/{referral.pk}/")
    html = html.content.decode()
    assert referral.reference in html
    assert "Status history" in html
    assert "Breached" in html
    assert "overdue by 6 h 0 min" in html
    assert ("Move the referral on" in html) == (persona in ("coordinator", "clinician"))


def test_it_refuses_the_detail_to_a_system_admin(client_for, system_admin, make_referral):
    referral = make_referral()
    assert client_for(system_admin).get(f"/referrals/{referral.pk}/").status_code == 403


def test_it_rejects_a_post_to_the_detail(client_for, coordinator, make_referral) -> None:
    referral = make_referral()
    assert client_for(coordinator).post(f"/referrals/{referral.pk}/").status_code == 405


def test_it_moves_a_referral_on(client_for, clinician, make_referral, frozen_now) -> None:
    referral = make_referral()
    response = client_for(clinician).post(
        f"/referrals/{referral.pk}/status/", {"to": "acknowledged", "note": "Seen", "version": 1}
    )
    assert response.status_code == 302
    change = StatusChange.objects.get(to_status="acknowledged")
    assert (change.by, change.at, change.note) == (clinician, NOW, "Seen")


def test_it_refuses_a_status_move_to_a_referrer(client_for, referrer, make_referral) -> None:
    referral = make_referral()
    response = client_for(referrer).post(f"/referrals/{referral.pk}/status/", {"to": "closed"})
    assert response.status_code == 403


def test_it_rejects_a_get_to_the_status_move(client_for, coordinator, make_referral) -> None:
    referral = make_referral()
    assert client_for(coordinator).get(f"/referrals/{referral.pk}/status/").status_code == 405


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to": "closed", "version": 1}, "Give a reason for closing the referral early"),
        ({"to": "mdt", "version": 1}, "Select a valid choice"),
        ({"to": "acknowledged"}, "This form is out of date"),
    ],
)
def test_it_shows_a_refused_move_inline(client_for, coordinator, make_referral, data, message):
    referral = make_referral()
    response = client_for(coordinator).post(f"/referrals/{referral.pk}/status/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_it_refuses_the_second_of_two_moves_from_the_same_page(
    coordinator, clinician, make_referral, frozen_now
) -> None:
    referral = make_referral()
    url = f"/referrals/{referral.pk}/"
    first, second = signed_in_client(coordinator), signed_in_client(clinician)
    loaded = form_version(first.get(url))
    assert form_version(second.get(url)) == loaded
    moved = first.post(f"{url}status/", {"to": "acknowledged", "note": "", "version": loaded})
    assert moved.status_code == 302
    # The second person, still on the old page, closes it early.
    data = {"to": "closed", "note": "Seen elsewhere", "version": loaded}
    response = second.post(f"{url}status/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "was moved on while you were looking at it" in html
    assert '<td class="nhsuk-table__cell">Closed</td>' in html
    assert '<td class="nhsuk-table__cell">Acknowledged</td>' in html
    assert "coordinator@example.test" in html
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (Status.ACKNOWLEDGED, 2)
    assert list(referral.status_changes.order_by("id").values_list("to_status", flat=True)) == [
        "received",
        "acknowledged",
    ]


def test_it_refuses_a_stale_move_in_the_service(make_referral, coordinator) -> None:
    referral = make_referral()
    advance_status(referral, Status.ACKNOWLEDGED, coordinator, based_on=1)
    with pytest.raises(StaleVersion):
        advance_status(referral, Status.CLOSED, coordinator, "x", based_on=1)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (Status.ACKNOWLEDGED, 2)


# --- worklist -----------------------------------------------------------------------------


@pytest.fixture
def three_referrals(make_referral, sites, coordinator):
    """An urgent (1 week), an emergency breached, an emergency on track, one closed."""
    from spinepath.patients.models import Patient

    def another(n):
        return Patient.objects.create(
            given_name=f"P{n}", family_name=f"Person{n}", date_of_birth="1950-01-01",
            sex="male", hospital_number=f"H{n}", home_site=sites["norwich"],
        )  # fmt: skip

    urgent = make_referral(symptoms=["thoracic_or_cervical_pain"], at=NOW - HOUR)
    late = make_referral(for_patient=another(1), at=NOW - 30 * HOUR, site="norwich")
    fresh = make_referral(for_patient=another(2), at=NOW - 2 * HOUR)
    closed = make_referral(for_patient=another(3), at=NOW - 40 * HOUR)
    advance_status(closed, Status.CLOSED, coordinator, "Duplicate")
    return urgent, late, fresh, closed


def _order(html, referrals):
    return sorted(referrals, key=lambda r: html.find(r.reference))


def test_it_orders_the_worklist_by_category_then_time_left(
    client_for, coordinator, three_referrals, frozen_now
) -> None:
    urgent, late, fresh, closed = three_referrals
    html = client_for(coordinator).get("/referrals/worklist/").content.decode()
    assert closed.reference not in html
    assert _order(html, [urgent, late, fresh]) == [late, fresh, urgent]
    assert "Breached" in html
    assert "app-row--breached" in html
    assert "overdue by 6 h 0 min" in html


def test_it_flags_a_near_breach(client_for, coordinator, make_referral, frozen_now) -> None:
    make_referral(at=NOW - 20 * HOUR)
    html = client_for(coordinator).get("/referrals/worklist/").content.decode()
    assert "Near breach" in html
    assert "4 h 0 min left" in html


def test_it_filters_the_worklist(client_for, coordinator, three_referrals, frozen_now) -> None:
    _urgent, late, fresh, closed = three_referrals
    client = client_for(coordinator)
    html = client.get("/referrals/worklist/?site=norwich").content.decode()
    assert late.reference in html
    assert fresh.reference not in html
    html = client.get("/referrals/worklist/?status=closed").content.decode()
    assert closed.reference in html
    assert late.reference not in html


def test_it_returns_only_the_worklist_results_to_htmx(client_for, clinician, make_referral):
    referral = make_referral()
    response = client_for(clinician).get(
        "/referrals/worklist/?site=london", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.strip().startswith('<div id="worklist-results">')
    assert referral.reference in html
    assert "<header" not in html


@pytest.mark.parametrize("persona", ["referrer", "system_admin"])
def test_it_refuses_the_worklist(client_for, request, persona) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/referrals/worklist/").status_code == 403


def test_it_rejects_a_post_to_the_worklist(client_for, coordinator) -> None:
    assert client_for(coordinator).post("/referrals/worklist/").status_code == 405


def test_it_lists_a_referrers_own_referrals(client_for, referrer, outsider, make_referral):
    mine = make_referral()
    theirs = make_referral(by=outsider)
    html = client_for(referrer).get("/referrals/mine/").content.decode()
    assert mine.reference in html
    assert theirs.reference not in html
    assert client_for(outsider).get("/referrals/mine/").status_code == 200


def test_it_refuses_my_referrals_to_staff(client_for, coordinator) -> None:
    assert client_for(coordinator).get("/referrals/mine/").status_code == 403


# --- information for GPs -------------------------------------------------------------------


def test_it_shows_gp_information_without_login(client) -> None:
    response = client.get("/referrals/gp-information/")
    assert response.status_code == 200
    html = response.content.decode().replace("&#39;", "'")
    for code in PAIN_FEATURES:
        assert SYMPTOMS[code] in html
    assert ACTIONS["whole_spine_mri_24h"].text in html
    assert "Within 24 hours of the suspected diagnosis" in html
    assert "Within 1 week of the suspected diagnosis" in html
    assert 'href="/referrals/new/"' in html


def test_it_rejects_a_post_to_gp_information(client) -> None:
    assert client.post("/referrals/gp-information/").status_code == 405


def test_it_sends_an_anonymous_visitor_to_log_in(client) -> None:
    response = client.get("/referrals/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_ignores_a_bad_idempotency_key(client_for, referrer, sites) -> None:
    response = client_for(referrer).post(
        "/referrals/new/", form_data(sites, idempotency_key="not-a-uuid")
    )
    assert response.status_code == 200
    assert "Enter a valid UUID" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_asks_for_symptoms_or_none_of_these(client_for, referrer, sites) -> None:
    response = client_for(referrer).post("/referrals/new/", form_data(sites, symptoms=[]))
    assert "Tick the patient&#39;s symptoms, or None of these" in response.content.decode()
    data = form_data(
        sites,
        symptoms=[],
        no_symptoms="on",
        ambulatory="independent",
        idempotency_key=str(uuid.uuid4()),
    )
    assert client_for(referrer).post("/referrals/new/", data).status_code == 302
    assert Referral.objects.get().category == "routine"

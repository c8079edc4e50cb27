import datetime as dt
import uuid

import pytest

from spinepath.audit.models import AuditEvent
from spinepath.clinical.case import parse_case
from spinepath.clinical.triage import triage
from spinepath.referrals import deadlines
from spinepath.referrals.models import Referral, Status
from spinepath.referrals.services import (
    IncompleteTriage,
    StatusError,
    advance_status,
    create_referral,
    open_referral_for,
)
from tests.referrals.conftest import NOW

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def test_it_stores_facts_that_rebuild_the_same_triage(make_referral) -> None:
    referral = make_referral(symptoms=["limb_weakness"])
    assert triage(parse_case(referral.facts)).to_dict() == referral.triage
    assert referral.category == "emergency"
    assert referral.engine_version
    assert referral.ruleset_version == referral.triage["ruleset_version"]


def test_it_sets_the_24_hour_mri_deadline_for_an_emergency(make_referral) -> None:
    referral = make_referral(symptoms=["limb_weakness"], at=NOW)
    assert referral.mri_due_at == NOW + 24 * HOUR
    assert referral.plan_due_at is None
    assert referral.treatment_due_at is None  # runs from the decision to treat
    assert referral.next_due_at == NOW + 24 * HOUR


def test_it_sets_one_week_deadlines_for_an_urgent_referral(make_referral) -> None:
    referral = make_referral(symptoms=["thoracic_or_cervical_pain"], at=NOW)
    assert referral.category == "urgent"
    assert referral.mri_due_at == NOW + 168 * HOUR
    assert referral.plan_due_at == NOW + 168 * HOUR


def test_it_sets_no_deadline_for_a_routine_referral(make_referral) -> None:
    referral = make_referral(symptoms=["fatigue"], at=NOW)
    assert referral.category == "routine"
    assert referral.next_due_at is None


def test_it_refuses_a_triage_that_is_still_undecided(referrer, sites, patient) -> None:
    with pytest.raises(IncompleteTriage) as caught:
        create_referral(
            by=referrer,
            idempotency_key=uuid.uuid4(),
            site=sites["london"],
            patient=patient,
            facts={"symptoms": ["thoracic_or_cervical_pain"]},
        )
    assert caught.value.missing == ("cancer_history",)
    assert not Referral.objects.exists()


def test_it_creates_once_for_one_idempotency_key(referrer, sites, patient) -> None:
    key = uuid.uuid4()
    args = {"by": referrer, "idempotency_key": key, "site": sites["london"], "patient": patient}
    first = create_referral(**args, facts={"cancer_history": "known", "symptoms": []})
    second = create_referral(**args, facts={"cancer_history": "known", "symptoms": []})
    assert first.pk == second.pk
    assert Referral.objects.count() == 1


def test_it_audits_the_creation(make_referral, referrer) -> None:
    referral = make_referral()
    event = AuditEvent.objects.get(object_type="referrals.referral", object_id=str(referral.pk))
    assert event.action == "create"
    assert event.actor == referrer


def test_it_moves_forward_one_step_attributed_and_audited(make_referral, coordinator) -> None:
    referral = make_referral(at=NOW)
    change = advance_status(referral, Status.ACKNOWLEDGED, coordinator, "Called GP", at=NOW + HOUR)
    referral.refresh_from_db()
    assert referral.status == Status.ACKNOWLEDGED
    assert (change.from_status, change.to_status, change.by, change.at) == (
        "received", "acknowledged", coordinator, NOW + HOUR,
    )  # fmt: skip
    event = AuditEvent.objects.get(action="status", object_id=str(referral.pk))
    assert event.actor == coordinator
    assert event.changes["status"] == {"old": "received", "new": "acknowledged"}


@pytest.mark.parametrize("to", ["received", "imaging_requested", "mdt", "nonsense"])
def test_it_refuses_moves_back_or_skipping_a_step(make_referral, coordinator, to) -> None:
    referral = make_referral()
    with pytest.raises(StatusError) as caught:
        advance_status(referral, to, coordinator)
    assert caught.value.allowed == ["acknowledged", "closed"]
    referral.refresh_from_db()
    assert referral.status == "received"


def test_it_closes_early_only_with_a_reason(make_referral, coordinator) -> None:
    referral = make_referral()
    with pytest.raises(StatusError, match="reason"):
        advance_status(referral, Status.CLOSED, coordinator)
    advance_status(referral, Status.CLOSED, coordinator, "Referred to another trust")
    assert referral.status == Status.CLOSED
    with pytest.raises(StatusError):
        advance_status(referral, Status.FOLLOW_UP, coordinator)


def test_it_walks_every_step_to_closed(make_referral, coordinator) -> None:
    referral = make_referral()
    for step in list(Status)[1:]:
        advance_status(referral, step, coordinator)
    assert [c.to_status for c in referral.status_changes.all()] == list(Status)


def test_it_starts_the_treatment_deadline_at_the_decision_to_treat(make_referral, coordinator):
    referral = make_referral(symptoms=["limb_weakness"], at=NOW)
    for i, step in enumerate(list(Status)[1:6], start=1):  # ... to plan agreed
        advance_status(referral, step, coordinator, at=NOW + i * HOUR)
    assert referral.status == Status.PLAN_AGREED
    assert referral.treatment_due_at == NOW + 5 * HOUR + 24 * HOUR
    assert referral.next_due_at == referral.treatment_due_at
    advance_status(referral, Status.TREATMENT_STARTED, coordinator, at=NOW + 6 * HOUR)
    assert referral.next_due_at is None


def test_it_finds_the_open_referral_for_a_patient(make_referral, coordinator, patient) -> None:
    assert open_referral_for(patient) is None
    referral = make_referral()
    assert open_referral_for(patient) == referral
    advance_status(referral, Status.CLOSED, coordinator, "Not MSCC")
    assert open_referral_for(patient) is None


@pytest.mark.parametrize(
    ("hours_after_referral", "state"),
    [(0, "on_track"), (17.9, "on_track"), (18.1, "near_breach"), (23.9, "near_breach"),
     (24.1, "breached")],
)  # fmt: skip
def test_it_flags_a_24_hour_deadline(make_referral, hours_after_referral, state) -> None:
    referral = make_referral(symptoms=["limb_weakness"], at=NOW)
    found = deadlines.next_deadline(referral, NOW + hours_after_referral * HOUR)
    assert found is not None
    assert found.state == state


@pytest.mark.parametrize(
    ("hours_left", "state"), [(43, "on_track"), (41, "near_breach"), (-1, "breached")]
)
def test_it_flags_a_one_week_deadline_in_its_last_quarter(make_referral, hours_left, state):
    referral = make_referral(symptoms=["thoracic_or_cervical_pain"], at=NOW)
    found = deadlines.next_deadline(referral, NOW + (168 - hours_left) * HOUR)
    assert found is not None
    assert found.state == state


def test_it_marks_a_deadline_met_once_its_step_is_reached(make_referral, coordinator) -> None:
    referral = make_referral(symptoms=["limb_weakness"], at=NOW)
    for step in (Status.ACKNOWLEDGED, Status.IMAGING_REQUESTED, Status.IMAGING_DONE):
        advance_status(referral, step, coordinator, at=NOW + HOUR)
    [mri] = deadlines.deadlines_of(referral, NOW + 48 * HOUR)
    assert mri.state == "met"
    assert deadlines.next_deadline(referral, NOW + 48 * HOUR) is None

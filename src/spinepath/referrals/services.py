"""Create referrals and move them along the pathway. Every change is audited.

create_referral(...)            a referral with its triage snapshot and deadlines; a
                                repeated idempotency key returns the referral already made
                                by the same user (another user's key: IdempotencyKeyTaken)
advance_status(referral, to, by) the next step (or closing early, with a note)
open_referral_for(patient)      the patient's open referral, if any (for other apps)
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import IntegrityError, transaction

from spinepath import __version__
from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot
from spinepath.clinical.case import parse_case
from spinepath.clinical.triage import due_at, triage
from spinepath.clinical.triage.rules import ACTIONS, CATEGORIES
from spinepath.common import clock
from spinepath.common.versioning import claim_version
from spinepath.patients.models import Patient
from spinepath.patients.services import create_patient
from spinepath.referrals import deadlines
from spinepath.referrals.models import Referral, Status, StatusChange

__all__ = [
    "ENGINE_VERSION",
    "IdempotencyKeyTaken",
    "IncompleteTriage",
    "StatusError",
    "advance_status",
    "allowed_moves",
    "create_referral",
    "open_referral_for",
]

ENGINE_VERSION = __version__


class IncompleteTriage(ValueError):
    """The facts leave the triage category undecided; `missing` names the answers needed."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        super().__init__(f"triage needs an answer for: {', '.join(missing)}")


class IdempotencyKeyTaken(ValueError):
    """The idempotency key was used by another user: their referral is not this one's
    answer (nor shown to this user). The caller submits again under a new key."""

    def __init__(self, key: uuid.UUID) -> None:
        self.key = key
        super().__init__(f"idempotency key {key} belongs to another user's referral")


def _earlier(key: uuid.UUID, by: Any) -> Referral | None:
    """The referral already made under `key`, if `by` made it; IdempotencyKeyTaken if
    someone else did."""
    existing = Referral.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.referrer_id != getattr(by, "pk", None):
        raise IdempotencyKeyTaken(key)
    return existing


class StatusError(ValueError):
    """A status move that the pathway does not allow, with what would be allowed."""

    def __init__(self, current: str, to: str, allowed: list[str], message: str) -> None:
        self.current, self.to, self.allowed = current, to, allowed
        super().__init__(message)


def _clean_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as stored: unanswered fields left out, so `parse_case` reads them back."""
    return {k: v for k, v in facts.items() if v not in (None, "")}


@transaction.atomic
def _create(
    *,
    by: Any,
    key: uuid.UUID,
    patient: Patient | None,
    new_patient: dict[str, Any] | None,
    site: Any,
    facts: dict[str, Any],
    clinical_notes: str,
    referred_by_name: str,
    at: dt.datetime,
) -> Referral:
    result = triage(parse_case(facts))
    if result.category is None:
        raise IncompleteTriage(tuple(result.missing))
    if patient is None:
        if new_patient is None:
            raise ValueError("create_referral needs a patient or new_patient data")
        patient = create_patient(by=by, data=new_patient)
    referral = Referral(
        patient=patient,
        referrer=by,
        referred_by_name=referred_by_name,
        site=site,
        facts=facts,
        clinical_notes=clinical_notes,
        category=result.category,
        category_rank=CATEGORIES[result.category].rank,
        triage=result.to_dict(),
        engine_version=ENGINE_VERSION,
        ruleset_version=result.ruleset_version,
        received_at=at,
        status=Status.RECEIVED,
        status_changed_at=at,
        idempotency_key=key,
    )
    for action in result.actions:
        field = deadlines.ACTION_DEADLINES.get(action.code)
        # Deadlines counted from the suspected diagnosis start now, at referral; the
        # treatment deadline waits for the decision to treat (see advance_status).
        if field and action.anchor != "decision_to_treat":
            setattr(referral, field, due_at(action, at))
    referral.next_due_at = deadlines.pending_due_at(referral)
    referral.save()
    StatusChange.objects.create(
        referral=referral, from_status="", to_status=Status.RECEIVED, at=at, by=by
    )
    record_change(by, referral, AuditEvent.Action.CREATE, {}, snapshot(referral))
    return referral


def create_referral(
    *,
    by: Any,
    idempotency_key: uuid.UUID | str,
    site: Any,
    facts: dict[str, Any],
    patient: Patient | None = None,
    new_patient: dict[str, Any] | None = None,
    clinical_notes: str = "",
    referred_by_name: str = "",
    at: dt.datetime | None = None,
) -> Referral:
    """Record a referral, triaged now, with its deadlines from `at` (default: now).

    `facts` are case-format fields (validated: `parse_case` must accept them and triage
    must reach a category, else CaseValidationError or IncompleteTriage). Pass an existing
    `patient` or `new_patient` data (PatientForm.cleaned_data) to create one in the same
    transaction. The same `idempotency_key` twice from the same user returns the first
    referral unchanged; from another user it raises IdempotencyKeyTaken.
    """
    key = uuid.UUID(str(idempotency_key))
    existing = _earlier(key, by)
    if existing is not None:
        return existing
    try:
        return _create(
            by=by,
            key=key,
            patient=patient,
            new_patient=new_patient,
            site=site,
            facts=_clean_facts(facts),
            clinical_notes=clinical_notes,
            referred_by_name=referred_by_name,
            at=at or clock.now(),
        )
    except IntegrityError:
        # A concurrent submission with the same key won the race (or, with a new patient,
        # created them first): return the referral it made.
        existing = _earlier(key, by)
        if existing is None:
            raise
        return existing


def allowed_moves(referral: Referral) -> list[Status]:
    """The next step, then closing early (a documented exception that needs a note)."""
    current = deadlines.step_index(referral.status)
    if referral.status == Status.CLOSED:
        return []
    moves = [deadlines.STEPS[current + 1]]
    if Status.CLOSED not in moves:
        moves.append(Status.CLOSED)
    return moves


@transaction.atomic
def advance_status(
    referral: Referral,
    to: str,
    by: Any,
    note: str = "",
    *,
    at: dt.datetime | None = None,
    based_on: int | None = None,
) -> StatusChange:
    """Move the referral to `to`: the next step only, or closed early with a note.

    Raises StatusError for anything else (backwards, skipping a step, an unknown status).
    At "plan agreed" (the decision to treat) the treatment deadline starts. `based_on`:
    the referral's version the user saw; if it has moved on since, raises StaleVersion.
    """
    at = at or clock.now()
    claim_version(referral, based_on)
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    allowed = [str(s) for s in allowed_moves(current)]
    next_step = allowed[0] if allowed else None
    if to not in allowed:
        names = " or ".join(Status(s).label for s in allowed) or "nothing (it is closed)"
        raise StatusError(
            current.status,
            to,
            allowed,
            f"A {current.get_status_display()} referral can move to {names}",
        )
    if to == Status.CLOSED and to != next_step and not note.strip():
        raise StatusError(
            current.status, to, allowed, "Give a reason for closing the referral early"
        )
    before = snapshot(current)
    referral.status = current.status = to
    if to == Status.PLAN_AGREED:
        for item in current.triage.get("actions", []):
            field = deadlines.ACTION_DEADLINES.get(item["code"])
            if field and item["anchor"] == "decision_to_treat" and item["code"] in ACTIONS:
                setattr(current, field, due_at(ACTIONS[item["code"]], at))
    current.status_changed_at = at
    current.next_due_at = deadlines.pending_due_at(current)
    current.save()
    change = StatusChange.objects.create(
        referral=current, from_status=before["status"], to_status=to, at=at, by=by, note=note
    )
    record_change(by, current, AuditEvent.Action.STATUS, before, snapshot(current))
    referral.refresh_from_db()
    return change


def open_referral_for(patient: Patient) -> Referral | None:
    """The patient's most recent referral that is not closed, or None."""
    return (
        Referral.objects.filter(patient=patient)
        .exclude(status=Status.CLOSED)
        .order_by("-received_at", "-id")
        .first()
    )

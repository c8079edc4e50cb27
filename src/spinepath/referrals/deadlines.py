"""Which deadlines a referral has, which is next, and how close it is to a breach.

The hours come from the triage engine's actions (`spinepath.clinical.triage.rules.ACTIONS`
through `due_at`); this module only says which action sets which deadline field and at
which pathway step that deadline is met.

Near-breach: less than a quarter of the deadline's window left, or less than 4 hours,
whichever is longer. A 24-hour MRI is near breach in its last 6 hours; a 1-week plan in its
last 42 hours; a deadline of a few hours in its last 4.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from spinepath.common import clock
from spinepath.referrals.models import Status

if TYPE_CHECKING:
    from spinepath.referrals.models import Referral

__all__ = [
    "DEADLINES",
    "NEAR_BREACH_FLOOR",
    "NEAR_BREACH_FRACTION",
    "Deadline",
    "DeadlineField",
    "deadlines_of",
    "next_deadline",
    "pending_due_at",
]

DeadlineField = Literal["mri_due_at", "plan_due_at", "treatment_due_at"]
State = Literal["breached", "near_breach", "on_track", "met"]

NEAR_BREACH_FRACTION: Final = 0.25
NEAR_BREACH_FLOOR: Final = dt.timedelta(hours=4)

STEPS: Final = tuple(Status)


@dataclass(frozen=True)
class DeadlineKind:
    field: DeadlineField
    label: str
    met_at: Status
    """The first pathway step at which the deadline no longer applies."""


DEADLINES: Final = {
    "mri_due_at": DeadlineKind("mri_due_at", "Whole-spine MRI", Status.IMAGING_DONE),
    "plan_due_at": DeadlineKind("plan_due_at", "Treatment plan agreed", Status.PLAN_AGREED),
    "treatment_due_at": DeadlineKind(
        "treatment_due_at", "Definitive treatment started", Status.TREATMENT_STARTED
    ),
}

ACTION_DEADLINES: Final[dict[str, DeadlineField]] = {
    # triage action code -> the referral field its due time is stored in
    "whole_spine_mri_24h": "mri_due_at",
    "whole_spine_mri_1_week": "mri_due_at",
    "treatment_plan_1_week": "plan_due_at",
    "definitive_treatment_24h": "treatment_due_at",
}


def step_index(status: str) -> int:
    return STEPS.index(Status(status))


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due_at: dt.datetime
    window_start: dt.datetime
    state: State

    @property
    def label(self) -> str:
        return self.kind.label

    def time_left(self, at: dt.datetime) -> dt.timedelta:
        return self.due_at - at


def _state(due: dt.datetime, start: dt.datetime, at: dt.datetime) -> State:
    left = due - at
    if left < dt.timedelta(0):
        return "breached"
    if left < max((due - start) * NEAR_BREACH_FRACTION, NEAR_BREACH_FLOOR):
        return "near_breach"
    return "on_track"


def _window_start(referral: Referral, field: DeadlineField) -> dt.datetime:
    # The treatment deadline runs from the decision to treat (the plan being agreed) and
    # is pending only at that step, so the status change time is its anchor.
    if field == "treatment_due_at":
        return referral.status_changed_at
    return referral.received_at


def deadlines_of(referral: Referral, at: dt.datetime | None = None) -> list[Deadline]:
    """Every deadline the referral has, earliest first, each with its state at `at`."""
    at = at or clock.now()
    current = step_index(referral.status)
    found = []
    for kind in DEADLINES.values():
        due = getattr(referral, kind.field)
        if due is None:
            continue
        start = _window_start(referral, kind.field)
        met = current >= step_index(kind.met_at)
        found.append(Deadline(kind, due, start, "met" if met else _state(due, start, at)))
    return sorted(found, key=lambda d: d.due_at)


def next_deadline(referral: Referral, at: dt.datetime | None = None) -> Deadline | None:
    """The earliest deadline not yet met, or None."""
    return next((d for d in deadlines_of(referral, at) if d.state != "met"), None)


def pending_due_at(referral: Referral) -> dt.datetime | None:
    """What `Referral.next_due_at` should hold: the earliest unmet deadline's time."""
    current = step_index(referral.status)
    pending = [
        due
        for kind in DEADLINES.values()
        if (due := getattr(referral, kind.field)) is not None and current < step_index(kind.met_at)
    ]
    return min(pending, default=None)

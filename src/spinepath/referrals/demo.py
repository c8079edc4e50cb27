"""Demo referrals: one per demo patient, at every status, mixed categories, some breached.

Idempotent: each referral's idempotency key is derived from its patient, so a second run
finds the first run's referrals and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid

from spinepath.common import clock
from spinepath.common.demo import DemoContext
from spinepath.referrals.models import Status
from spinepath.referrals.services import advance_status, create_referral

_NAMESPACE = uuid.UUID("6f1d3c2e-6a55-4d0e-9a8c-5a1b0f0e2b11")

FACTS = {
    "emergency": {
        "cancer_history": "known",
        "symptoms": ["limb_weakness", "difficulty_walking", "thoracic_or_cervical_pain"],
        "ambulatory": "assisted",
    },
    "urgent": {
        "cancer_history": "known",
        "symptoms": ["thoracic_or_cervical_pain", "nocturnal_pain_preventing_sleep"],
        "ambulatory": "independent",
    },
    "routine": {"cancer_history": "known", "symptoms": ["fatigue"], "ambulatory": "independent"},
}
PRIMARIES = ["breast", "prostate", "lung", "kidney", "myeloma", "unknown"]

# (category, status, hours since referral). Status moves are spread evenly over that time,
# so e.g. an emergency 30 h old still at "received" has breached its 24-hour MRI, one 20 h
# old is near breach, and one whose plan was agreed 30 h ago has breached its treatment.
PLAN: list[tuple[str, Status, float]] = [
    ("emergency", Status.RECEIVED, 2),
    ("emergency", Status.RECEIVED, 30),
    ("emergency", Status.ACKNOWLEDGED, 20),
    ("urgent", Status.RECEIVED, 10),
    ("urgent", Status.IMAGING_REQUESTED, 150),
    ("urgent", Status.ACKNOWLEDGED, 200),
    ("emergency", Status.IMAGING_DONE, 20),
    ("urgent", Status.MDT, 100),
    ("emergency", Status.PLAN_AGREED, 132),
    ("urgent", Status.PLAN_AGREED, 120),
    ("emergency", Status.TREATMENT_STARTED, 72),
    ("urgent", Status.FOLLOW_UP, 400),
    ("routine", Status.RECEIVED, 5),
    ("routine", Status.CLOSED, 500),
    ("urgent", Status.CLOSED, 600),
    ("routine", Status.ACKNOWLEDGED, 48),
    ("emergency", Status.PLAN_AGREED, 180),
    ("urgent", Status.IMAGING_DONE, 130),
    ("routine", Status.IMAGING_REQUESTED, 72),
    ("urgent", Status.RECEIVED, 1),
]


def seed(ctx: DemoContext) -> None:
    referrer, coordinator = ctx.users["referrer"], ctx.users["coordinator"]
    now = clock.now()
    steps = list(Status)
    for patient, (category, status, hours) in zip(ctx.patients, PLAN, strict=False):
        received = now - dt.timedelta(hours=hours)
        identity = patient.nhs_number or patient.hospital_number
        facts = {**FACTS[category], "primary_site": ctx.rng.choice(PRIMARIES)}
        referral = create_referral(
            by=referrer,
            idempotency_key=uuid.uuid5(_NAMESPACE, f"demo-referral-{identity}"),
            site=patient.home_site,
            patient=patient,
            facts=facts,
            clinical_notes="Synthetic demonstration referral.",
            at=received,
        )
        if referral.status != Status.RECEIVED or status == Status.RECEIVED:
            continue  # already seeded, or stays at received
        moves = steps[1 : steps.index(status) + 1]
        for k, to in enumerate(moves, start=1):
            at = received + dt.timedelta(hours=hours) * k / (len(moves) + 1)
            advance_status(referral, to, coordinator, "Demo step.", at=at)
        ctx.log.append(f"referral {referral.reference}: {category}, {status.label}")

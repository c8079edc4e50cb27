"""The demo data seed: `spinepath-manage seed_demo` runs SEED_STEPS in order.

To seed a new part of the pathway, write `spinepath/<app>/demo.py` with an idempotent
`seed(ctx: DemoContext) -> None` (see spinepath.common.demo) and append it below. A step
sees everything earlier steps made: ctx.sites, ctx.users (by role), ctx.patients.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from spinepath.accounts import demo as accounts_demo
from spinepath.appointments import demo as appointments_demo
from spinepath.assessments import demo as assessments_demo
from spinepath.clinics import demo as clinics_demo
from spinepath.common.demo import DemoContext
from spinepath.patients import demo as patients_demo
from spinepath.referrals import demo as referrals_demo

__all__ = ["SEED_STEPS", "seed_demo"]

SEED_STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("sites", clinics_demo.seed),
    ("users", accounts_demo.seed),
    ("patients", patients_demo.seed),
    ("referrals", referrals_demo.seed),
    # Next, one step per pathway stage, each on ctx.patients:
    # ("assessments", assessments_demo.seed),  for patients past imaging
    # ("mdt", assessments_demo.seed_decisions),
    ("assessments", assessments_demo.seed),
    ("appointments", appointments_demo.seed),
]


@transaction.atomic
def seed_demo() -> DemoContext:
    ctx = DemoContext()
    for _name, step in SEED_STEPS:
        step(ctx)
    return ctx

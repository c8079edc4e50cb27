"""What the demo seed steps share. Each app's `demo.seed(ctx)` reads and fills it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DEMO_PASSWORD", "DemoContext"]

# Printed by `seed_demo`; demo accounts exist only in demo databases.
DEMO_PASSWORD = "spinepath-demo-2025"


@dataclass
class DemoContext:
    """Filled in step by step: sites, then users, then patients, then pathway stages.

    A step must be idempotent: look rows up by a stable natural key (a code, an email,
    an NHS number) and create only what is missing, so running the seed twice changes
    nothing.
    """

    rng: random.Random = field(default_factory=lambda: random.Random(20250101))
    sites: dict[str, Any] = field(default_factory=dict)  # code -> clinics.Site
    users: dict[str, Any] = field(default_factory=dict)  # role -> accounts.User
    patients: list[Any] = field(default_factory=list)  # patients.Patient
    credentials: list[tuple[str, str, str]] = field(default_factory=list)  # email, pw, role
    log: list[str] = field(default_factory=list)

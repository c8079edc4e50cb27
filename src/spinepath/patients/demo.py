"""About 20 synthetic patients: obviously fake names, NHS numbers in the 999 test range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from nhs_number import calculate_checksum

from spinepath.common.demo import DemoContext
from spinepath.patients.models import Patient, Sex
from spinepath.patients.services import create_patient

GIVEN = ["Ada", "Bert", "Cora", "Dev", "Edna", "Fergus", "Gita", "Hal", "Ines", "Jon",
         "Kit", "Lena", "Mo", "Nell", "Otto", "Pia", "Quin", "Rosa", "Sid", "Tova"]  # fmt: skip
FAMILY = ["Fictional", "Madeup", "Example", "Sample", "Testcase"]
PRIVATE_PATIENTS = 2  # the last ones have a hospital number and no NHS number


def synthetic_nhs_numbers(start: int = 999_000_001) -> Iterator[str]:
    """Valid-by-check-digit NHS numbers in the 999 range (never issued to real people)."""
    stem = start
    while True:
        digits = f"{stem:09d}"
        check = calculate_checksum(digits)
        if check is not None and check < 10:
            yield digits + str(check)
        stem += 1


def seed(ctx: DemoContext, count: int = 20) -> None:
    numbers = synthetic_nhs_numbers()
    sites = list(ctx.sites.values())
    for i in range(count):
        private = i >= count - PRIVATE_PATIENTS
        nhs = "" if private else next(numbers)
        hospital = f"DEMO-{i + 1:04d}" if private else ""
        existing = Patient.objects.filter(nhs_number=nhs) if nhs else None
        if not nhs:
            existing = Patient.objects.filter(hospital_number=hospital)
        patient = existing.first() if existing is not None else None
        if patient is None:
            patient = create_patient(
                by=None,
                data={
                    "given_name": GIVEN[i % len(GIVEN)],
                    "family_name": FAMILY[i % len(FAMILY)],
                    "date_of_birth": dt.date(1940 + (i * 7) % 45, 1 + i % 12, 1 + (i * 3) % 28),
                    "sex": [Sex.FEMALE, Sex.MALE][i % 2],
                    "nhs_number": nhs,
                    "hospital_number": hospital,
                    "home_site": sites[i % len(sites)],
                },
            )
            ctx.log.append(f"patient {patient}")
        ctx.patients.append(patient)

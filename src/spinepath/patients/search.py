"""Find patients by name, NHS number or hospital number: one search for every picker."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from spinepath.patients.models import Patient

__all__ = ["search_patients"]


def search_patients(patients: QuerySet[Patient], q: str) -> QuerySet[Patient]:
    """The patients in `patients` whose name contains `q`, whose hospital number is `q`, or
    whose NHS number is `q` (spaces and dashes ignored). A blank `q` finds no one."""
    q = q.strip()
    if not q:
        return patients.none()
    digits = q.replace(" ", "").replace("-", "")
    return patients.filter(
        Q(family_name__icontains=q)
        | Q(given_name__icontains=q)
        | Q(hospital_number__iexact=q)
        | (Q(nhs_number=digits) if digits.isdigit() else Q(pk__in=[]))
    )

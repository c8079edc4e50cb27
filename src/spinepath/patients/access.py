"""Which patients a user may see: the one place patient access is decided.

    patients_for(user)          the patients `user` may see (none for an unknown role)
    get_patient_for(user, pk)   one of them, or Http404 (whether it does not exist, was
                                removed, or is not this user's to see: the same answer)
    of_patients_for(user, qs)   records with a `patient` (assessments, appointments)
                                narrowed to the patients `user` may see
    without_removed(qs, field)  `qs` without the records of removed patients

Every view and API endpoint that takes a patient goes through these; the access helpers
of referrals, assessments and appointments are built on them. Which *role* may open a
page is the view's `role_required` (403); which *patient* is decided here (404).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from spinepath.accounts.models import Role
from spinepath.accounts.roles import PATIENT_READERS
from spinepath.patients.models import Patient

__all__ = ["get_patient_for", "of_patients_for", "patients_for", "without_removed"]

M = TypeVar("M", bound=models.Model)


def without_removed(records: QuerySet[M], field: str = "patient_id") -> QuerySet[M]:
    """`records` less those whose `field` is a removed (soft-deleted) patient's id.

    Removed patients are few (a duplicate, a record made in error): their ids are read
    first, in one tiny query on a partial index, and with none removed the query is left
    as it was. (A filter on the joined patient row would cost every list's count query a
    table read per row.)
    """
    removed = list(Patient.removed.values_list("pk", flat=True))
    return records.exclude(**{f"{field}__in": removed}) if removed else records


def patients_for(user: Any) -> QuerySet[Patient]:
    """Clinic staff see every patient; a referrer, only the patients they referred (to
    choose one in a new referral). Removed patients are seen by no one."""
    patients = Patient.objects.select_related("home_site")
    if not getattr(user, "is_authenticated", False):
        return patients.none()
    if user.has_role(*PATIENT_READERS):
        return without_removed(patients, "pk")
    if user.has_role(Role.REFERRER):
        referred = Patient.objects.filter(referrals__referrer=user).values("pk")
        return without_removed(patients.filter(pk__in=referred), "pk")
    return patients.none()


def get_patient_for(user: Any, pk: int) -> Patient:
    return get_object_or_404(patients_for(user), pk=pk)


def of_patients_for(user: Any, records: QuerySet[M]) -> QuerySet[M]:
    """`records` (of a model with a `patient` foreign key) of the patients `user` may see."""
    if getattr(user, "is_authenticated", False) and user.has_role(*PATIENT_READERS):
        return without_removed(records)
    return records.filter(patient_id__in=patients_for(user).values("pk"))

"""Which patients a user may see: the one place patient access is decided.

    patients_for(user)        the patients `user` may see (none for an unknown role)
    get_patient_for(user, pk) one of them, or Http404 (whether it does not exist, was
                              removed, or is not this user's to see: the same answer)

Every view and API endpoint that takes a patient goes through these; the access helpers
of referrals, assessments and appointments are built on `patients_for`. Which *role* may
open a page is the view's `role_required` (403); which *patient* is decided here (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from spinepath.accounts.models import Role
from spinepath.accounts.roles import PATIENT_READERS
from spinepath.patients.models import Patient

__all__ = ["get_patient_for", "patients_for"]


def patients_for(user: Any) -> QuerySet[Patient]:
    """Clinic staff see every patient; a referrer, only the patients they referred (to
    choose one in a new referral). Removed (soft-deleted) patients are seen by no one."""
    patients = Patient.objects.select_related("home_site").filter(deleted_at__isnull=True)
    if not getattr(user, "is_authenticated", False):
        return patients.none()
    if user.has_role(*PATIENT_READERS):
        return patients
    if user.has_role(Role.REFERRER):
        referred = Patient.objects.filter(referrals__referrer=user).values("pk")
        return patients.filter(pk__in=referred)
    return patients.none()


def get_patient_for(user: Any, pk: int) -> Patient:
    return get_object_or_404(patients_for(user), pk=pk)

"""Which referrals a user may see: the one place referral access is decided.

    referrals_for(user)        clinic staff on the worklist: every referral; a referrer:
                               the referrals they made; anyone else: none
    get_referral_for(user, pk) one of them, or Http404

Referrals of a removed (soft-deleted) patient are seen by no one, as the patient is not.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from spinepath.accounts.models import Role
from spinepath.accounts.roles import REFERRAL_READERS
from spinepath.patients.access import without_removed
from spinepath.referrals.models import Referral

__all__ = ["get_referral_for", "referrals_for"]


def referrals_for(user: Any) -> QuerySet[Referral]:
    referrals = without_removed(Referral.objects.select_related("patient", "site"))
    if not getattr(user, "is_authenticated", False):
        return referrals.none()
    if user.has_role(*REFERRAL_READERS):
        return referrals
    if user.has_role(Role.REFERRER):
        return referrals.filter(referrer=user)
    return referrals.none()


def get_referral_for(user: Any, pk: int) -> Referral:
    return get_object_or_404(referrals_for(user), pk=pk)

"""Which assessments a user may read: the one place assessment access is decided.

    assessments_for(user)        the assessments of the patients `user` may see, for
                                 roles that read assessments; PermissionDenied (403) for
                                 any other role
    get_assessment_for(user, pk) one of them, or Http404

Views check the role first with `role_required`; the API relies on the 403 here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from spinepath.accounts.roles import ASSESSMENT_READERS
from spinepath.assessments.models import Assessment
from spinepath.patients.access import of_patients_for

__all__ = ["READ_DENIED", "assessments_for", "get_assessment_for"]

READ_DENIED = "Only coordinators and clinicians may read assessments."


def assessments_for(user: Any) -> QuerySet[Assessment]:
    if not (getattr(user, "is_authenticated", False) and user.has_role(*ASSESSMENT_READERS)):
        raise PermissionDenied(READ_DENIED)
    return of_patients_for(user, Assessment.objects.all())


def get_assessment_for(user: Any, pk: int) -> Assessment:
    assessments = assessments_for(user).select_related(
        "patient__home_site", "created_by", "referral"
    )
    return get_object_or_404(assessments, pk=pk)

"""Which appointments a user may see: the one place appointment access is decided.

appointments_for(user)        the appointments of the patients `user` may see, for
                              roles that read appointments; PermissionDenied (403)
                              for any other role
get_appointment_for(user, pk) one of them, or Http404
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from spinepath.accounts.roles import APPOINTMENT_READERS
from spinepath.appointments.models import Appointment
from spinepath.patients.access import of_patients_for

__all__ = ["appointments_for", "get_appointment_for"]


def appointments_for(user: Any) -> QuerySet[Appointment]:
    if not (getattr(user, "is_authenticated", False) and user.has_role(*APPOINTMENT_READERS)):
        raise PermissionDenied("Only clinic staff may see appointments.")
    return of_patients_for(user, Appointment.objects.all())


def get_appointment_for(user: Any, pk: int) -> Appointment:
    appointments = appointments_for(user).select_related("patient__home_site", "slot__site")
    return get_object_or_404(appointments, pk=pk)

"""Record changes to patient data, and who read it.

Every service that changes such data calls record_change:

    before = snapshot(patient)
    ... change and save patient ...
    record_change(user, patient, AuditEvent.Action.UPDATE, before, snapshot(patient))

Every page or endpoint that shows one patient's record calls record_view(request, obj):
one INSERT per page, none for htmx fragments or other methods than GET.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from spinepath.audit.middleware import current_path
from spinepath.audit.models import AuditEvent
from spinepath.common.rendering import is_htmx

__all__ = ["diff", "patient_id_of", "record_change", "record_view", "snapshot"]

_SKIP = frozenset({"id", "created_at", "updated_at", "password"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values as JSON-ready data (foreign keys as their id).

    Leaves out the primary key, timestamps and passwords unless named in `fields`.
    """
    wanted = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if wanted is None and field.name in _SKIP:
            continue
        if wanted is not None and field.name not in wanted:
            continue
        data[field.name] = _jsonable(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{"field": {"old": ..., "new": ...}} for each field whose value differs."""
    changes = {}
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = {"old": old, "new": new}
    return changes


def patient_id_of(obj: models.Model) -> int | None:
    """The id of the patient `obj` belongs to: the patient itself, or its `patient`
    (directly or through its assessment, for an MDT decision); None for other records."""
    if obj._meta.label_lower == "patients.patient":
        return obj.pk  # type: ignore[no-any-return]
    if hasattr(obj, "patient_id"):
        return obj.patient_id  # type: ignore[no-any-return]
    parent = getattr(obj, "assessment", None)
    return getattr(parent, "patient_id", None)


def record_change(
    user: Any,
    obj: models.Model,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    path: str | None = None,
) -> AuditEvent | None:
    """Store who changed what on `obj`. An update that changed nothing records nothing.

    `path` defaults to the current request's path (AuditRequestMiddleware), blank outside
    a request (e.g. management commands).
    """
    changes = diff(before, after)
    if action == AuditEvent.Action.UPDATE and not changes:
        return None
    actor = user if getattr(user, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes,
        request_path=current_path.get() if path is None else path,
        patient_id=patient_id_of(obj),
    )


def record_view(request: HttpRequest, obj: models.Model) -> AuditEvent | None:
    """Note that the signed-in user viewed `obj` (a patient's record or part of it).

    Only a full-page GET counts: an htmx fragment, a POST re-showing a form or a HEAD is
    not another reading of the record. Stores no data, only who, when, what and whose.
    """
    if request.method != "GET" or is_htmx(request):
        return None
    user: Any = request.user
    return AuditEvent.objects.create(
        actor=user,
        actor_email=user.email,
        action=AuditEvent.Action.VIEW,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        request_path=request.path[:500],
        patient_id=patient_id_of(obj),
    )

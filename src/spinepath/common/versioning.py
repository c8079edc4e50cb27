"""Optimistic locking: a save names the version it was based on, and a stale one changes
nothing.

An editable row has an integer `version`. An edit form carries the version it was loaded
at (a hidden field); the service claims the row with one statement,
`UPDATE … SET version = version + 1 WHERE id = … AND version = <loaded>`, inside the
transaction that then saves it. If someone else saved first the UPDATE matches no row, the
service raises `StaleVersion` before writing anything (so no audit event either), and the
view answers 409 with `conflict_page`: the user's values beside the stored ones.

Append-only records (assessment versions, MDT decisions) never change, so there the "base
version" is what the user was looking at (the latest version number, the latest decision)
and the service compares it under a row lock instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

__all__ = [
    "ConflictRow",
    "StaleVersion",
    "VersionField",
    "claim_version",
    "conflict_page",
    "conflict_rows",
    "is_stale",
    "posted_version",
]


class StaleVersion(Exception):
    """The record moved on since the user loaded it: their save was refused, not applied."""

    def __init__(self, label: str, pk: Any, based_on: Any, current: Any) -> None:
        self.label, self.pk, self.based_on, self.current = label, pk, based_on, current
        super().__init__(
            f"{label} {pk} was changed by someone else: you edited version {based_on}, "
            f"the stored version is {current}"
        )


class VersionField(forms.IntegerField):
    """The hidden field that carries the version a form was loaded at."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault(
            "error_messages",
            {"required": "This form is out of date: reload the page and try again"},
        )
        super().__init__(**kwargs)


def posted_version(data: Mapping[str, Any], name: str = "version") -> int | None:
    """The version a posted form was based on, or None if it is missing or not a number."""
    posted = str(data.get(name, ""))
    # ASCII digits only (int() refuses "²"), and short: a version is never 19 digits long.
    readable = posted.isascii() and posted.isdigit() and len(posted) <= 18
    return int(posted) if readable else None


def is_stale(data: Mapping[str, Any], current: int, name: str = "version") -> bool:
    """The posted form was loaded at another version than `current` (checked before the
    form's own validation, whose choices may no longer apply to the record as it is)."""
    posted = posted_version(data, name)
    return posted is not None and posted != current


def claim_version(instance: Model, based_on: int | None) -> int:
    """Take the next version of `instance`'s row, or raise StaleVersion if it is not at
    `based_on` any more (None: an internal change that checks nothing, only counts).
    Call inside the transaction that saves the row; sets and returns the new version."""
    model = type(instance)
    rows = model._default_manager.filter(pk=instance.pk)
    if based_on is not None:
        rows = rows.filter(version=based_on)
    if not rows.update(version=F("version") + 1):
        current = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True)
        raise StaleVersion(model._meta.verbose_name, instance.pk, based_on, current.first())
    new: int = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True)[0]
    instance.version = new  # type: ignore[attr-defined]
    return new


def _shown(field: forms.Field, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)


def conflict_rows(form: forms.Form, stored: Model, names: Iterable[str]) -> list[ConflictRow]:
    """One row per field: the value the user submitted and the stored one, as shown."""
    rows = []
    for name in names:
        field = form.fields[name]
        yours, now = form.cleaned_data.get(name), getattr(stored, name)
        rows.append(ConflictRow(str(field.label or name), _shown(field, yours), _shown(field, now)))
    return rows


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    stored: str

    @property
    def differs(self) -> bool:
        return self.yours != self.stored


def conflict_page(
    request: HttpRequest,
    *,
    title: str,
    rows: Iterable[ConflictRow],
    retry_url: str,
    stored_by: str = "",
) -> HttpResponse:
    """409: nothing was saved; the user's values beside the record as it is now."""
    context = {
        "page_title": title,
        "rows": list(rows),
        "retry_url": retry_url,
        "stored_by": stored_by,
    }
    return render(request, "web/conflict.jinja", context, status=409)

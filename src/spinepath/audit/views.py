from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from spinepath.accounts.decorators import role_required
from spinepath.accounts.models import Role
from spinepath.accounts.roles import may_read_data
from spinepath.audit.forms import AuditFilterForm
from spinepath.audit.models import AuditEvent
from spinepath.common.rendering import render_page

PAGE_SIZE = 50


@dataclass(frozen=True)
class EventRow:
    """An event as one user may see it: the data of records their role may not read
    elsewhere (an assessment, for an administrator) is redacted, only counted."""

    event: AuditEvent
    redacted: bool

    @property
    def changed(self) -> int:
        return len(self.event.changes)


def event_rows(events: Any, user: Any) -> list[EventRow]:
    return [EventRow(e, not may_read_data(user, e.object_type)) for e in events]


@require_GET
@role_required(Role.SYSTEM_ADMIN, Role.CLINIC_ADMIN)
def events(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    rows = AuditEvent.objects.all()
    rows = form.filter(rows) if form.is_valid() else rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": event_rows(page.object_list, request.user),
        "query": query.urlencode(),
        "page_title": "Audit log",
    }
    return render_page(request, "audit/events.jinja", context)

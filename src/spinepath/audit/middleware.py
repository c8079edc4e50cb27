"""Remember the current request's path so record_change() can store it."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

current_path: ContextVar[str] = ContextVar("spinepath_audit_path", default="")


class AuditRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_path.set(request.path)
        try:
            return self.get_response(request)
        finally:
            current_path.reset(token)

"""The one NinjaAPI, mounted at /api/. Each app adds a Router from its own api.py:

    from spinepath.patients.api import router as patients_router
    api.add_router("/patients/", patients_router)

Every endpoint needs a signed-in session unless it says otherwise (`auth=None`).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Schema
from ninja.openapi.docs import DocsBase
from ninja.security import django_auth

from spinepath.assessments.api import case_errors
from spinepath.assessments.api import router as assessments_router
from spinepath.clinical.case import CaseValidationError
from spinepath.common.versioning import StaleVersion

__all__ = ["LocalSwagger", "api"]


class LocalSwagger(DocsBase):
    """Swagger UI served from this site's static files (ninja's own Swagger class loads it
    from a CDN unless "ninja" is an installed app, and then from its own bundled copy)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "deepLinking": True}
        # Raw text inside <script type="application/json">: only "<" could end it early.
        as_json = json.dumps(settings).replace("<", "\\u003c")
        context = {"api": api, "swagger_settings": as_json}
        return render(request, "web/swagger.jinja", context)


api = NinjaAPI(
    title="spinepath API",
    version="1",
    description="Decision support for spinal tumours and MSCC. The MDT decides.",
    auth=django_auth,
    urls_namespace="api",
    docs=LocalSwagger(),
)


@api.get("/health", auth=None, tags=["meta"])
def health(request: object) -> dict[str, str]:
    """Liveness check for load balancers."""
    return {"status": "ok"}


class Me(Schema):
    email: str
    role: str


@api.get("/me", response=Me, tags=["meta"])
def me(request: HttpRequest) -> Me:
    """The signed-in user (401 without a session)."""
    return Me(email=request.user.email, role=request.user.role)  # type: ignore[union-attr]


@api.exception_handler(CaseValidationError)
def case_validation_error(request: HttpRequest, exc: CaseValidationError) -> HttpResponse:
    """Domain errors to HTTP: a case that fails validation is 422 with every field error."""
    return api.create_response(request, case_errors(exc), status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """The access helpers (e.g. assessments.access) refuse a role with PermissionDenied:
    403 with their reason, as JSON like every other API error."""
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(StaleVersion)
def stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    """A write based on an older version of a record is 409 and changed nothing."""
    body = {
        "detail": str(exc),
        "record": exc.label,
        "id": exc.pk,
        "based_on": exc.based_on,
        "current": exc.current,
    }
    return api.create_response(request, body, status=409)


api.add_router("", assessments_router)

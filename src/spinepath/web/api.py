"""The one NinjaAPI, mounted at /api/. Each app adds a Router from its own api.py:

    from spinepath.patients.api import router as patients_router
    api.add_router("/patients/", patients_router)

Every endpoint needs a signed-in session unless it says otherwise (`auth=None`).

Every answer is JSON, errors included: `{"detail": "..."}`, or for a validation error
(422) `{"detail": "...", "errors": [{field, value, allowed, message}]}`. No body holds a
bare NaN or Infinity: the renderer writes a non-finite number as null and refuses the rest.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer
from ninja.security import django_auth

from spinepath.assessments.api import case_errors
from spinepath.assessments.api import router as assessments_router
from spinepath.assessments.schemas import ErrorOut
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


logger = logging.getLogger(__name__)


def _finite(data: Any) -> Any:
    """The data with every NaN or ±Infinity float replaced by None (JSON has neither)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    return data


class StrictJSONRenderer(JSONRenderer):
    """Standard JSON only: non-finite floats become null; anything left is refused."""

    json_dumps_params = {"allow_nan": False}  # noqa: RUF012  (ninja reads it, never mutates)

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return super().render(request, _finite(data), response_status=response_status)


api = NinjaAPI(
    title="spinepath API",
    version="1",
    description="Decision support for spinal tumours and MSCC. The MDT decides.",
    auth=django_auth,
    urls_namespace="api",
    docs=LocalSwagger(),
    renderer=StrictJSONRenderer(),
)


@api.get("/health", auth=None, tags=["meta"])
def health(request: object) -> dict[str, str]:
    """Liveness check for load balancers."""
    return {"status": "ok"}


class Me(Schema):
    email: str
    role: str


@api.get("/me", response={200: Me, 400: ErrorOut, 401: ErrorOut}, tags=["meta"])
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


# What a value of the wrong type should have been, by pydantic's error type.
_ALLOWED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "string_type": "text",
    "missing": "a value",
}


def _field_error(error: dict[str, Any]) -> dict[str, Any]:
    where = [str(part) for part in error.get("loc", ())]
    value = error.get("input")
    return {
        "field": ".".join(where[1:] or where) or "(request)",
        "value": value if isinstance(value, str | int | float | bool | None) else str(value),
        "allowed": _ALLOWED.get(error.get("type", ""), "see the OpenAPI document"),
        "message": str(error.get("msg", "invalid")),
    }


@api.exception_handler(ValidationError)
def request_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A path or query parameter of the wrong type: 422 in the case errors' shape."""
    errors = [_field_error(error) for error in exc.errors]
    count = len(errors)
    detail = f"The request has {count} problem{'s' if count != 1 else ''}."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback, answered as JSON (never Django's HTML page)."""
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": "Internal error."}, status=500)


api.add_router("", assessments_router)

"""Site-wide request checks: login required (except the JSON API), no NUL characters,
JSON errors under /api/, and no caching of anything but static files and the public
information pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as _DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

__all__ = [
    "PUBLIC_PREFIXES",
    "ApiJsonErrorsMiddleware",
    "LoginRequiredMiddleware",
    "NoStoreMiddleware",
    "RejectNulMiddleware",
    "bad_request_response",
]

# Pages with no patient or user data when no one is signed in: caches may keep these.
PUBLIC_PREFIXES = ("/information/", "/referrals/gp-information/")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_NUL_MESSAGE = "The address or the form holds a NUL character (%00), which is never valid."


class LoginRequiredMiddleware(_DjangoLoginRequired):
    """Django's middleware (redirects anonymous users to LOGIN_URL), leaving /api/ alone.

    The API authenticates each request itself and answers 401 in JSON rather than
    redirecting to an HTML login page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)  # type: ignore[no-any-return]


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never-cache headers) on every answer, pages and
    API alike, except the public information pages seen by an anonymous visitor.

    Static files never reach this: whitenoise answers them earlier in the chain, with its
    own long-lived caching headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        public = request.path_info.startswith(PUBLIC_PREFIXES) and not (
            user is not None and user.is_authenticated
        )
        if not public:
            add_never_cache_headers(response)
        return response


def bad_request_response(request: HttpRequest, message: str) -> HttpResponse:
    """400: JSON `{"detail": message}` under /api/, else the 400 page with the message."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "web/400.jinja", {"message": message}, status=400)


def _has_nul(values: Any) -> bool:
    return any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values.lists())


class RejectNulMiddleware:
    """400 for a NUL character in the path, a query parameter or a form field.

    No value in spinepath may hold one, and PostgreSQL refuses them in text: rejecting
    them here keeps every view and search from failing on one. JSON bodies are the API's
    to read (spinepath.common.jsonbody), so only form bodies are checked.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        form = request.method == "POST" and request.content_type in _FORM_TYPES
        if (
            "\x00" in request.path_info
            or _has_nul(request.GET)
            or (form and not request.path_info.startswith("/api/") and _has_nul(request.POST))
        ):
            return bad_request_response(request, _NUL_MESSAGE)
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Under /api/, an error that did not come from the API itself (Django's 404 for an
    unknown route, ninja's 405, a 500 page) is rewritten as JSON `{"detail": ...}`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            json_response = JsonResponse(
                {"detail": f"{response.reason_phrase}."}, status=response.status_code
            )
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response

"""Login required everywhere (except views marked @login_not_required and the JSON API);
no caching of anything but static files and the public information pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as _DjangoLoginRequired
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

__all__ = ["PUBLIC_PREFIXES", "LoginRequiredMiddleware", "NoStoreMiddleware"]

# Pages with no patient or user data when no one is signed in: caches may keep these.
PUBLIC_PREFIXES = ("/information/", "/referrals/gp-information/")


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

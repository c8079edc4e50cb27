"""Login required everywhere, except views marked @login_not_required and the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as _DjangoLoginRequired
from django.http import HttpRequest, HttpResponseBase

__all__ = ["LoginRequiredMiddleware"]


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

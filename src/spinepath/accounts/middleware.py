"""Two-step verification before anything else, for the users who need it (accounts.mfa)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from spinepath.accounts import mfa

__all__ = ["TwoStepRequiredMiddleware"]

_OPEN = ("accounts:two_step", "accounts:two_step_setup")


class TwoStepRequiredMiddleware:
    """A signed-in user who needs the second step and has not passed it this session
    reaches only the second step (or its set-up) and the public pages (views marked
    @login_not_required, such as logging out): every other page redirects there, and the
    API answers 401.

    Sits after django-otp's OTPMiddleware, which gives request.user.is_verified().
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr]
            return None
        if not mfa.needs_two_step(user):  # type: ignore[arg-type]
            return None
        request.two_step_pending = True  # type: ignore[attr-defined]  # the header reads it
        public = getattr(view_func, "login_required", True) is False
        if public or request.path_info in {reverse(name) for name in _OPEN}:
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "Two-step verification needed"}, status=401)
        has_app = mfa.has_two_step(user)  # type: ignore[arg-type]
        step = reverse("accounts:two_step" if has_app else "accounts:two_step_setup")
        return redirect_to_login(request.get_full_path(), step)

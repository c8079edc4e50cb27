"""Two-step verification before anything else, for the users who need it (accounts.mfa)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from spinepath.accounts import mfa

__all__ = ["TwoStepRequiredMiddleware"]


class TwoStepRequiredMiddleware:
    """A signed-in user who needs the second step and has not passed it this session
    reaches only the second step itself (or its set-up) and logging out: every other page
    redirects there, and the API and admin answer as if signed out (401 / the login page).

    Sits after django-otp's OTPMiddleware, which gives request.user.is_verified().
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and mfa.needs_two_step(user)  # type: ignore[arg-type]
        ):
            return self._second_step(request, user)  # type: ignore[arg-type]
        return self.get_response(request)

    def _second_step(self, request: HttpRequest, user: object) -> HttpResponse:
        allowed = {reverse(name) for name in _OPEN}
        if request.path_info in allowed:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "Two-step verification needed"}, status=401)
        step = "accounts:two_step" if mfa.has_two_step(user) else "accounts:two_step_setup"  # type: ignore[arg-type]
        return redirect_to_login(request.get_full_path(), reverse(step))


_OPEN = ("accounts:two_step", "accounts:two_step_setup", "accounts:logout")

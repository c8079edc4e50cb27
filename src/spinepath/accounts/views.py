from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from spinepath.accounts import browsers, mfa
from spinepath.accounts.forms import CodeForm, LoginForm
from spinepath.accounts.services import (
    AddressThrottled,
    BadCredentials,
    Busy,
    LockedOut,
    sign_in,
)


def _next_url(request: HttpRequest) -> str:
    """`next` if it is a path on this site; else home. A bare word is not a URL name here:
    redirect() would look it up as one and fail."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home")


def _sign_in_error(problem: Exception) -> tuple[str, int]:
    """The message for a refused sign-in, and the HTTP status of the page that shows it."""
    if isinstance(problem, Busy):
        return "spinepath is busy signing other people in. Try again in a moment.", 429
    if isinstance(problem, LockedOut):
        until = timezone.localtime(problem.until).strftime("%H:%M")
        if isinstance(problem, AddressThrottled):
            return (
                "There have been too many failed sign-in attempts from your network. "
                f"Try again after {until}.",
                429,
            )
        return (
            "This account is locked after too many failed sign-in attempts. "
            f"Try again after {until}, or ask your system administrator.",
            200,
        )
    return (
        "Enter a correct email address and password. Both are case-sensitive "
        "apart from the email address.",
        200,
    )


@login_not_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(data=request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            user = sign_in(request, email, form.cleaned_data["password"])
        except (Busy, LockedOut, BadCredentials) as problem:
            message, status = _sign_in_error(problem)
            form.add_error(None, message)
        else:
            auth_login(request, user)
            response = redirect(_next_url(request))  # the second step first, if needed
            browsers.remember(request, response, email)
            return response
    context = {"form": form, "next": _next_url(request), "page_title": "Log in"}
    response = render(request, "accounts/login.jinja", context, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_step(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    if not mfa.has_two_step(user):  # type: ignore[arg-type]
        setup = reverse("accounts:two_step_setup")
        return redirect(f"{setup}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verified := mfa.verify(user, form.cleaned_data["code"]):  # type: ignore[arg-type]
            request.session.cycle_key()
            otp_login(request, verified.device)
            if verified.recovery_codes_left is not None:
                messages.warning(
                    request,
                    f"You used a recovery code; {verified.recovery_codes_left} are left. "
                    "Make new ones from Two-step verification.",
                )
            return redirect(_next_url(request))
        form.add_error("code", _WRONG_CODE)
    context = {"form": form, "next": _next_url(request), "page_title": "Enter your code"}
    return render(request, "accounts/two_step.jinja", context)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_step_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app; a new user's first visit after the
    password. Someone who has an app but has not entered its code cannot add another."""
    user = request.user
    if mfa.has_two_step(user) and not user.is_verified():  # type: ignore[arg-type, union-attr]
        return redirect(f"{reverse('accounts:two_step')}?{urlencode({'next': _next_url(request)})}")
    device = mfa.pending_app(user)  # type: ignore[arg-type]
    form = CodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_app(user, device, form.cleaned_data["code"])  # type: ignore[arg-type]
        if codes is not None:
            otp_login(request, device)
            return _show_recovery_codes(request, codes)
        form.add_error("code", _WRONG_CODE)
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": mfa.qr_code_svg(device),
        "secret": mfa.app_secret(device),
        "page_title": "Set up two-step verification",
    }
    return render(request, "accounts/two_step_setup.jinja", context)


@never_cache
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); only after the second step."""
    if not mfa.has_two_step(request.user):  # type: ignore[arg-type]
        return redirect("accounts:two_step_setup")
    return _show_recovery_codes(request, mfa.new_recovery_codes(request.user))  # type: ignore[arg-type]


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    context = {"codes": codes, "next": _next_url(request), "page_title": "Your recovery codes"}
    return render(request, "accounts/recovery_codes.jinja", context)


_WRONG_CODE = (
    "The code is wrong, already used or out of date. After a wrong code you must wait a "
    "little longer before each new try."
)


@login_not_required
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, "You have logged out.")
    return redirect("accounts:login")

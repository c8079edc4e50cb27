from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from spinepath.accounts.forms import LoginForm
from spinepath.accounts.services import BadCredentials, LockedOut, sign_in


def _next_url(request: HttpRequest) -> str:
    """`next` if it is a path on this site; else home. A bare word is not a URL name here:
    redirect() would look it up as one and fail."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home")


@login_not_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_in(request, form.cleaned_data["email"], form.cleaned_data["password"])
        except LockedOut as locked:
            until = timezone.localtime(locked.until).strftime("%H:%M")
            form.add_error(
                None,
                "This account is locked after too many failed sign-in attempts. "
                f"Try again after {until}, or ask your system administrator.",
            )
        except BadCredentials:
            form.add_error(
                None,
                "Enter a correct email address and password. Both are case-sensitive "
                "apart from the email address.",
            )
        else:
            auth_login(request, user)
            return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request), "page_title": "Log in"}
    return render(request, "accounts/login.jinja", context)


@login_not_required
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, "You have logged out.")
    return redirect("accounts:login")

"""Site-wide pages: the home page and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from spinepath.web.middleware import bad_request_response
from spinepath.web.navigation import nav_items


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    sections = [item for item in nav_items(request) if item["href"] != "/"]
    return render(request, "web/home.jinja", {"sections": sections})


@login_not_required
@require_GET
def admin_login(request: HttpRequest) -> HttpResponse:
    """Where the admin sends anyone it does not let in: our login page when signed out;
    403 when signed in without staff access (redirecting would loop between the two)."""
    if request.user.is_authenticated:
        raise PermissionDenied
    login = reverse("accounts:login")
    return redirect(f"{login}?{request.META['QUERY_STRING']}" if request.GET else login)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (a malformed form body, too many fields): JSON under /api/."""
    return bad_request_response(request, "The request could not be read.")


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/403.jinja", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/404.jinja", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/500.jinja", status=500)

"""The patient-information pages: public (no login), plain English, one template each."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from spinepath.info.pages import PAGES, safety_net


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "pages": PAGES,
        "safety_net": safety_net(),
        "page_title": "Spinal tumours: information for patients",
    }
    return render(request, "info/index.jinja", context)


@login_not_required
@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    page = next((p for p in PAGES if p.slug == slug), None)
    if page is None:
        raise Http404(f"No information page {slug!r}")
    context = {
        "page": page,
        "pages_menu": [
            {"href": reverse("info:article", args=[p.slug]), "text": p.title, "current": p == page}
            for p in PAGES
        ],
        "safety_net": safety_net(),
        "page_title": page.title,
    }
    return render(request, f"info/{page.slug}.jinja", context)

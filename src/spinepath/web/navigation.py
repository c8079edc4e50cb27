"""The header navigation. To add a section, append a NavItem to NAVIGATION.

An item shows when the signed-in user's role is in `roles` (empty: every signed-in user),
and to visitors who are not signed in only when `public`. It is marked current when the
request path starts with its URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

__all__ = ["NAVIGATION", "NavItem", "nav_items"]


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    roles: frozenset[str] = frozenset()
    description: str = ""  # shown on the home page card
    public: bool = False  # also shown to visitors who are not signed in


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home"),
    NavItem(
        "Patients",
        "patients:list",
        frozenset({"coordinator", "clinician", "clinic_admin", "system_admin"}),
        "Find, add and update patients (synthetic demonstration data).",
    ),
    NavItem(
        "Refer a patient",
        "referrals:new",
        frozenset({"referrer", "coordinator"}),
        "Refer suspected spinal metastases or MSCC; the triage appears as you fill it in.",
    ),
    NavItem(
        "My referrals",
        "referrals:mine",
        frozenset({"referrer"}),
        "The referrals you sent, their status and deadlines.",
    ),
    NavItem(
        "Worklist",
        "referrals:worklist",
        frozenset({"coordinator", "clinician", "clinic_admin"}),
        "Open referrals by urgency and time to the next deadline; breaches highlighted.",
    ),
    NavItem(
        "Assessments",
        "assessments:index",
        frozenset({"coordinator", "clinician"}),
        "Record clinical facts; see every score and the proposed plan; record the MDT decision.",
    ),
    NavItem(
        "Audit log",
        "audit:events",
        frozenset({"clinic_admin", "system_admin"}),
        "Every change to patient data and every reading of a record: who, when, what.",
    ),
    NavItem(
        "Appointments",
        "appointments:index",
        frozenset({"coordinator", "clinician", "clinic_admin"}),
        "Book by urgency, cancel and rebook; clinic lists per site and day.",
    ),
    NavItem(
        "Information for GPs",
        "referrals:gp_information",
        description="When and how to refer, red flags, what happens next (public: no login).",
        public=True,
    ),
    NavItem(
        "Patient information",
        "info:index",
        description="Plain-English pages for patients and families (public: no login).",
        public=True,
    ),
]


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    # Before the second step (accounts.middleware) a user sees only the public sections.
    signed_in = user is not None and user.is_authenticated
    signed_in = signed_in and not getattr(request, "two_step_pending", False)
    items = []
    for item in NAVIGATION:
        if not signed_in and not item.public:
            continue
        if signed_in and item.roles and user.role not in item.roles:
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:  # a section whose app is not wired yet
            continue
        current = request.path == href if href == "/" else request.path.startswith(href)
        items.append(
            {"text": item.text, "href": href, "current": current, "description": item.description}
        )
    return items

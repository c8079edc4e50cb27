"""Remember the browsers an account has signed in from (a signed cookie).

A browser that has signed in to an account before has its own lockout counter for that
account (accounts.lockout), so strangers guessing a clinician's password lock out only
strangers. The cookie holds a random browser id and the accounts signed in from it,
signed with SECRET_KEY: it cannot be forged or moved to another account, and it is no
credential (the password and the second step are still asked for).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

__all__ = ["COOKIE", "browser_id", "remember"]

COOKIE = "spinepath_browser"
_SALT = "spinepath.accounts.browsers"
_MAX_AGE = timedelta(days=180)
_MAX_ACCOUNTS = 20  # a shared ward workstation signs many people in


def _read(request: HttpRequest) -> dict[str, object] | None:
    try:
        data = signing.loads(request.COOKIES.get(COOKIE, ""), salt=_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def browser_id(request: HttpRequest, email: str) -> str | None:
    """This browser's id if it has signed in to this account before, else None."""
    data = _read(request)
    if data and email.strip().lower() in data.get("accounts", []):  # type: ignore[operator]
        return str(data["id"])
    return None


def remember(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """Note on the response that this browser has now signed in to this account."""
    data = _read(request) or {"id": secrets.token_urlsafe(16), "accounts": []}
    accounts = [a for a in data["accounts"] if a != email.lower()]  # type: ignore[attr-defined]
    data["accounts"] = [*accounts, email.lower()][-_MAX_ACCOUNTS:]
    response.set_cookie(
        COOKIE,
        signing.dumps(data, salt=_SALT),
        max_age=int(_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )

"""Sign-in with lockout."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest

from spinepath.accounts import lockout
from spinepath.accounts.models import User

__all__ = ["BadCredentials", "LockedOut", "sign_in"]


class LockedOut(Exception):
    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(f"locked until {until.isoformat()}")


class BadCredentials(Exception):
    pass


def sign_in(request: HttpRequest, email: str, password: str) -> User:
    """The user for these credentials; LockedOut or BadCredentials otherwise.

    A locked address is refused without checking the password, so guessing goes nowhere.
    """
    if until := lockout.locked_until(email):
        raise LockedOut(until)
    user = authenticate(request, email=email, password=password)
    if user is None:
        if until := lockout.record_failure(email):
            raise LockedOut(until)
        raise BadCredentials
    lockout.clear_failures(email)
    return user  # type: ignore[return-value]

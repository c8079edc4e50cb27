"""Sign-in: the password step, with lockout, per-address limits and bounded hashing."""

from __future__ import annotations

import threading
from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest

from spinepath.accounts import browsers, lockout
from spinepath.accounts.models import User
from spinepath.common import clock

__all__ = ["AddressThrottled", "BadCredentials", "Busy", "LockedOut", "sign_in"]


class LockedOut(Exception):
    """Too many failed guesses at this account (from browsers like this one)."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(f"locked until {until.isoformat()}")


class AddressThrottled(LockedOut):
    """Too many failed guesses from this client address, whichever accounts."""


class BadCredentials(Exception):
    pass


class Busy(Exception):
    """Every password-check slot of this process is taken: try again in a moment."""


# Hashing a password is deliberately slow (PBKDF2); bounding how many run at once stops
# anonymous sign-in attempts from taking every CPU from signed-in users.
_PASSWORD_CHECKS = threading.BoundedSemaphore(settings.SPINEPATH_SIGNIN_CONCURRENCY)


def sign_in(request: HttpRequest, email: str, password: str) -> User:
    """The user for these credentials; Busy, LockedOut or BadCredentials otherwise.

    A guess is counted before its password is checked (accounts.lockout), so a locked
    account or address is refused without checking, whatever the concurrency.
    """
    if not _PASSWORD_CHECKS.acquire(blocking=False):
        raise Busy
    try:
        return _check_password(request, email, password, clock.now())
    finally:
        _PASSWORD_CHECKS.release()


def _check_password(request: HttpRequest, email: str, password: str, now: datetime) -> User:
    address = lockout.address_key(lockout.client_address(request))
    account = lockout.account_key(email, browsers.browser_id(request, email))
    if until := lockout.take_guess(address, lockout.address_limit(), now=now):
        raise AddressThrottled(until)
    if until := lockout.take_guess(account, lockout.account_limit(), now=now):
        lockout.give_back(address, lockout.address_limit())  # no password was checked
        raise LockedOut(until)
    user = authenticate(request, email=email, password=password)
    if user is None:
        if until := lockout.locked_until(account, now=now):
            raise LockedOut(until)
        raise BadCredentials
    lockout.clear(account)
    lockout.give_back(address, lockout.address_limit())
    return user  # type: ignore[return-value]

"""Count password guesses before they are checked, so no concurrency gets past a lock.

A sign-in takes a guess from two counters before its password is hashed: its client
address's (SPINEPATH_ADDRESS_FAILURES) and its account's (SPINEPATH_LOCKOUT_FAILURES).
Taking a guess is one row-locked read-modify-write (SELECT ... FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transactions serialise writers), so however many requests arrive at
once, at most the limit of them reach the password check in a lock period; the rest are
refused unchecked. Reaching the limit locks the key for the lock period.

- An account has one counter for browsers it has never signed in from, and one per
  browser it has (accounts.browsers): a stranger's wrong guesses lock out strangers,
  not the clinician at their usual workstation. A success resets its counter.
- A client address's counter keeps its failures (a success only hands back the guess
  it took), so one address can lock at most a few accounts per period. IPv6 addresses
  count by their /64 network, which one machine usually holds whole.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from spinepath.accounts.models import SignInCounter

__all__ = [
    "Limit",
    "account_key",
    "account_limit",
    "address_key",
    "address_limit",
    "clear",
    "client_address",
    "give_back",
    "locked_until",
    "take_guess",
]


@dataclass(frozen=True)
class Limit:
    guesses: int
    period: timedelta


def account_limit() -> Limit:
    return Limit(settings.SPINEPATH_LOCKOUT_FAILURES, settings.SPINEPATH_LOCKOUT_PERIOD)


def address_limit() -> Limit:
    return Limit(settings.SPINEPATH_ADDRESS_FAILURES, settings.SPINEPATH_LOCKOUT_PERIOD)


def account_key(email: str, browser: str | None = None) -> str:
    key = f"account:{email.strip().lower()}"
    return f"{key} browser:{browser}" if browser else key


def address_key(address: str) -> str:
    return f"address:{address}"


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with SPINEPATH_PROXY_COUNT proxies in front,
    the entry that many from the right of X-Forwarded-For (the ones the proxies added;
    anything further left was sent by the client and could be forged)."""
    address = request.META.get("REMOTE_ADDR", "")
    if proxies := settings.SPINEPATH_PROXY_COUNT:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:100] or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def take_guess(key: str, limit: Limit, *, now: datetime) -> datetime | None:
    """Count one guess against `key`. None: go ahead and check the password. Otherwise
    the key is locked and this is when the lock ends; nothing was counted."""
    with transaction.atomic():
        counter, _ = SignInCounter.objects.select_for_update().get_or_create(key=key)
        if counter.locked_until and counter.locked_until > now:
            return counter.locked_until
        stale = counter.last_attempt_at and now - counter.last_attempt_at >= limit.period
        if counter.locked_until or stale:
            counter.attempts, counter.locked_until = 0, None  # a fresh count
        counter.attempts += 1
        counter.last_attempt_at = now
        if counter.attempts >= limit.guesses:
            counter.locked_until = now + limit.period  # this guess is the last one
        counter.save()
    return None


def locked_until(key: str, *, now: datetime) -> datetime | None:
    """When the lock on `key` ends, or None if it is not locked."""
    return (
        SignInCounter.objects.filter(key=key, locked_until__gt=now)
        .values_list("locked_until", flat=True)
        .first()
    )


def clear(key: str) -> None:
    """A success: start the count again."""
    SignInCounter.objects.filter(key=key).delete()


def give_back(key: str, limit: Limit) -> None:
    """Hand back a guess that was taken but not spent on a failure (a success, or a
    refusal before the password was checked)."""
    with transaction.atomic():
        counters = SignInCounter.objects.filter(key=key)
        counters.filter(attempts__gt=0).update(attempts=F("attempts") - 1)
        counters.filter(attempts__lt=limit.guesses).update(locked_until=None)

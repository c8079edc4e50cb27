"""Read settings from the environment, failing fast with a message naming the variable.

Every variable read here is documented in docs/deployment.md. Each helper takes the
environment as an argument (default: ``os.environ``) so tests need not touch the process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

__all__ = ["EnvError", "env_bool", "env_int", "env_list", "env_str"]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})
_MISSING = object()


class EnvError(ImproperlyConfigured):
    """A bad or missing environment variable. Carries the name, the value and what is allowed."""

    def __init__(self, name: str, value: str | None, allowed: str) -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        got = "it is not set" if value is None else f"got {value!r}"
        super().__init__(f"{name}: expected {allowed}; {got}")


def env_str(
    name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    """The variable's value; `default` when unset; EnvError when unset and no default."""
    env = os.environ if environ is None else environ
    value = env.get(name)
    if value is None:
        if default is None:
            raise EnvError(name, None, "a value (this variable is required)")
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """true/false, 1/0, yes/no, on/off (any case); anything else is an error, not False."""
    env = os.environ if environ is None else environ
    value = env.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in _TRUE:
        return True
    if normalised in _FALSE:
        return False
    raise EnvError(name, value, "one of true, false, 1, 0, yes, no, on, off")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """A whole number (at least `minimum` when given)."""
    env = os.environ if environ is None else environ
    value = env.get(name)
    if value is None:
        return default
    allowed = "a whole number" + (f" >= {minimum}" if minimum is not None else "")
    try:
        number = int(value.strip())
    except ValueError:
        raise EnvError(name, value, allowed) from None
    if minimum is not None and number < minimum:
        raise EnvError(name, value, allowed)
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; blanks around items are dropped; an empty item is an error."""
    env = os.environ if environ is None else environ
    value = env.get(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if not value.strip() or any(not item for item in items):
        raise EnvError(name, value, "a comma-separated list with no empty items")
    return items

"""NHS numbers: validated by check digit (the `nhs-number` library), stored as 10 digits."""

from __future__ import annotations

import nhs_number

__all__ = ["FORMAT_HINT", "InvalidNhsNumber", "format_nhs_number", "normalise_nhs_number"]

FORMAT_HINT = "10 digits, for example 999 123 4566 (spaces or dashes allowed)"


class InvalidNhsNumber(ValueError):
    def __init__(self, value: str, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"{value!r}: {reason}")


def normalise_nhs_number(value: str) -> str:
    """The 10 digits of a valid NHS number; InvalidNhsNumber saying why otherwise."""
    digits = nhs_number.standardise_format(value)
    if not digits:
        raise InvalidNhsNumber(value, f"it must be {FORMAT_HINT}")
    if not nhs_number.is_valid(digits):
        raise InvalidNhsNumber(value, "its check digit is wrong; check it was copied correctly")
    return digits


def format_nhs_number(digits: str) -> str:
    """'9991234566' -> '999 123 4566' (the NHS display format)."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits

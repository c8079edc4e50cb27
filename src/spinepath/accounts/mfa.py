"""Two-step verification (django-otp): an authenticator app's 6-digit codes (TOTP) and
single-use recovery codes.

Required for every staff role; a referrer may opt in, and then it is required for them
too. Wrong codes slow down per device (django-otp's throttling: 1, 2, 4, 8 ... seconds
between tries), and a code cannot be used twice.
"""

from __future__ import annotations

import io
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from spinepath.accounts.models import Role, User

__all__ = [
    "ENFORCED_ROLES",
    "RECOVERY_CODES",
    "Verified",
    "app_secret",
    "confirm_app",
    "has_two_step",
    "needs_two_step",
    "new_recovery_codes",
    "pending_app",
    "qr_code_svg",
    "verify",
]

ENFORCED_ROLES = frozenset({Role.COORDINATOR, Role.CLINICIAN, Role.CLINIC_ADMIN, Role.SYSTEM_ADMIN})
RECOVERY_CODES = 10
_APP = "Authenticator app"
_RECOVERY = "Recovery codes"


@dataclass(frozen=True)
class Verified:
    device: Device
    recovery_codes_left: int | None  # None: an authenticator code was used


def has_two_step(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def needs_two_step(user: User) -> bool:
    """Must this user pass the second step before reaching anything?"""
    return user.role in ENFORCED_ROLES or has_two_step(user)


def pending_app(user: User) -> TOTPDevice:
    """The authenticator app being set up (unconfirmed until a code from it is entered)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_APP, confirmed=False)


def app_secret(device: TOTPDevice) -> str:
    """The secret to type into an authenticator app that cannot scan the QR code."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an inline SVG QR code, drawn here (no web service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


@transaction.atomic
def confirm_app(user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending app with a code from it; replace any older app; return fresh
    recovery codes. None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones; shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=_RECOVERY)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(user: User, code: str) -> Verified | None:
    """The device that accepts this code (6 digits: the app; otherwise a recovery code,
    which is then used up), or None."""
    code = "".join(code.split()).lower()
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                left = device.token_set.count() if isinstance(device, StaticDevice) else None
                return Verified(device, left)
    return None

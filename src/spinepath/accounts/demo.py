"""One demo user per role, all with the demo password; staff with a demo authenticator.

DEMO ONLY: each demo user's authenticator secret is derived from their email address and
printed by `seed_demo`, so anyone can sign in to a demo. `spinepath-manage demo_totp
EMAIL` prints a demo user's current code.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from spinepath.accounts import lockout, mfa
from spinepath.accounts.models import Role, SignInCounter, User
from spinepath.common.demo import DEMO_PASSWORD, DemoContext

__all__ = [
    "DEMO_DOMAIN",
    "PEOPLE",
    "app_secret_for",
    "email_for",
    "is_demo_email",
    "seed",
    "totp_key_for",
]

DEMO_DOMAIN = "demo.spinepath"
DEMO_DEVICE = "Demo authenticator (demo only: its secret is public)"

# role -> (first name, last name, home site code or None)
PEOPLE = {
    Role.REFERRER: ("Rhiannon", "Referrer", None),
    Role.COORDINATOR: ("Cosmo", "Coordinator", "london"),
    Role.CLINICIAN: ("Clio", "Clinician", "london"),
    Role.CLINIC_ADMIN: ("Ada", "Admin", "norwich"),
    Role.SYSTEM_ADMIN: ("Sysa", "Sysadmin", None),
}


def email_for(role: str) -> str:
    return f"{role}@{DEMO_DOMAIN}"


def is_demo_email(email: str) -> bool:
    return email.strip().lower().endswith(f"@{DEMO_DOMAIN}")


def totp_key_for(email: str) -> str:
    """A demo user's authenticator secret (hex, as django-otp stores it). Public."""
    return hashlib.sha256(f"spinepath demo totp {email.lower()}".encode()).hexdigest()[:40]


def seed(ctx: DemoContext) -> None:
    for role, (first, last, site_code) in PEOPLE.items():
        email = email_for(role)
        user = User.objects.filter(email=email).first() or User(email=email)
        user.first_name, user.last_name, user.role = first, last, role
        user.site = ctx.sites.get(site_code) if site_code else None
        user.is_active = True
        user.is_staff = user.is_superuser = role == Role.SYSTEM_ADMIN
        user.set_password(DEMO_PASSWORD)  # reset each run so the printed login works
        user.save()
        SignInCounter.objects.filter(key__startswith=lockout.account_key(email)).delete()
        if role in mfa.ENFORCED_ROLES:
            _seed_authenticator(user)
        ctx.users[role] = user
        ctx.credentials.append((email, DEMO_PASSWORD, Role(role).label))


def _seed_authenticator(user: User) -> None:
    """The demo authenticator, reset each run (so the printed secret works) and nothing else."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user, name=DEMO_DEVICE, key=totp_key_for(user.email), confirmed=True
    )


def app_secret_for(email: str) -> str:
    """The demo secret as an authenticator app takes it (base32)."""
    return b32encode(bytes.fromhex(totp_key_for(email))).decode()

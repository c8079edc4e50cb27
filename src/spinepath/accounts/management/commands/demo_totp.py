from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from spinepath.accounts.demo import DEMO_DOMAIN, is_demo_email


class Command(BaseCommand):
    help = f"Print a demo user's current two-step code (demo users, @{DEMO_DOMAIN}, only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help=f"a demo user's email, such as clinician@{DEMO_DOMAIN}")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not is_demo_email(email):
            raise CommandError(f"{email} is not a demo user (@{DEMO_DOMAIN}); this is for demos")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no demo authenticator; run seed_demo first")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")

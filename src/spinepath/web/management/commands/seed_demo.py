from typing import Any

from django.core.management.base import BaseCommand

from spinepath.accounts import demo as accounts_demo
from spinepath.accounts.mfa import ENFORCED_ROLES
from spinepath.web.demo import seed_demo


class Command(BaseCommand):
    help = "Create demo sites, one user per role and synthetic patients (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = seed_demo()
        created = len(ctx.log)
        self.stdout.write(
            f"Demo data ready: {len(ctx.sites)} sites, {len(ctx.users)} users, "
            f"{len(ctx.patients)} patients ({created} new records)."
        )
        self.stdout.write("Demo logins (synthetic data only):")
        for email, password, role in ctx.credentials:
            self.stdout.write(f"  {email:<32} {password}   {role}")
        self.stdout.write(
            "Staff roles then need a two-step code: `make demo-code EMAIL=...` prints\n"
            "  the current one (spinepath-manage demo_totp EMAIL), or add the demo-only secret\n"
            "  to an authenticator app:"
        )
        for role in accounts_demo.PEOPLE:
            if role not in ENFORCED_ROLES:
                continue
            email = ctx.users[role].email
            self.stdout.write(f"  {email:<32} {accounts_demo.app_secret_for(email)}")

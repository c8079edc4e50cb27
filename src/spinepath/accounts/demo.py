"""One demo user per role, all with the demo password."""

from __future__ import annotations

from spinepath.accounts.models import LoginThrottle, Role, User
from spinepath.common.demo import DEMO_PASSWORD, DemoContext

# role -> (first name, last name, home site code or None)
PEOPLE = {
    Role.REFERRER: ("Rhiannon", "Referrer", None),
    Role.COORDINATOR: ("Cosmo", "Coordinator", "london"),
    Role.CLINICIAN: ("Clio", "Clinician", "london"),
    Role.CLINIC_ADMIN: ("Ada", "Admin", "norwich"),
    Role.SYSTEM_ADMIN: ("Sysa", "Sysadmin", None),
}


def email_for(role: str) -> str:
    return f"{role}@demo.spinepath"


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
        LoginThrottle.objects.filter(email=email).delete()
        ctx.users[role] = user
        ctx.credentials.append((email, DEMO_PASSWORD, Role(role).label))

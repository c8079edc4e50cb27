"""Demo clinic sites (fictional addresses)."""

from __future__ import annotations

from spinepath.clinics.models import Site
from spinepath.common.demo import DemoContext

SITES = [
    ("london", "London spine clinic", "1 Example Street, London, SW1A 0AA (fictional)"),
    ("norwich", "Norwich spine clinic", "2 Sample Road, Norwich, NR1 0AA (fictional)"),
]


def seed(ctx: DemoContext) -> None:
    for code, name, address in SITES:
        site, created = Site.objects.get_or_create(
            code=code, defaults={"name": name, "address": address, "active": True}
        )
        ctx.sites[code] = site
        if created:
            ctx.log.append(f"site {code}")

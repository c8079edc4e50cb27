"""`spinepath-manage create_slots --site london --from 2026-12-01 --to 2026-12-31`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spinepath.appointments.services import WEEKDAYS, generate_slots
from spinepath.clinics.models import Site


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date as YYYY-MM-DD") from None


def _time(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a time as HH:MM") from None


class Command(BaseCommand):
    help = "Create clinic sessions (runs of slots) at a site for a date range. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", required=True, help="site code, e.g. london")
        parser.add_argument("--from", dest="first", required=True, type=_date)
        parser.add_argument("--to", dest="last", required=True, type=_date)
        parser.add_argument("--start", default=dt.time(9, 0), type=_time, help="default 09:00")
        parser.add_argument("--end", default=dt.time(12, 30), type=_time, help="default 12:30")
        parser.add_argument("--minutes", default=30, type=int, help="slot length, default 30")
        parser.add_argument(
            "--weekdays",
            default="mon,tue,wed,thu,fri",
            help=f"comma-separated, from {','.join(WEEKDAYS)}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        site = Site.objects.filter(code=options["site"]).first()
        if site is None:
            codes = ", ".join(Site.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"no site {options['site']!r} (sites: {codes})")
        names = [d.strip().lower()[:3] for d in options["weekdays"].split(",") if d.strip()]
        unknown = [d for d in names if d not in WEEKDAYS]
        if unknown or not names:
            raise CommandError(f"weekdays {unknown or names} not in {', '.join(WEEKDAYS)}")
        try:
            created = generate_slots(
                site,
                options["first"],
                options["last"],
                day_start=options["start"],
                day_end=options["end"],
                minutes=options["minutes"],
                weekdays=[WEEKDAYS.index(d) for d in names],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{created} slots created at {site}.")

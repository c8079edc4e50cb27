from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from spinepath.web.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to a new file (SQLite online backup, or pg_dump's custom "
        "format for PostgreSQL). Never overwrites a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file to create")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            written = backup(connection.settings_dict, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(f"Backed up {connection.vendor} to {written} ({size:,} bytes).")

"""A consistent copy of the SQLite database while the app runs, checked before it is trusted."""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def sqlite_backup(destination):
    """Copy the live database with SQLite's online backup API, then run PRAGMA integrity_check on the copy."""
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        connection.connection.backup(target, pages=1024)
        result = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
    return result


class Command(BaseCommand):
    help = "Back up the SQLite database to FILE (consistent while the app runs) and check the copy."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args, out, **options):
        if connection.vendor != "sqlite":
            raise CommandError(
                "This database is PostgreSQL: back it up with pg_dump, for example "
                "`pg_dump --format=custom --file=prep.dump \"$DATABASE_URL\"` (see README, Backups)."
            )
        if out.exists():
            raise CommandError(f"{out} exists already; choose a new file name.")
        out.parent.mkdir(parents=True, exist_ok=True)
        result = sqlite_backup(out)
        if result != "ok":
            out.unlink(missing_ok=True)
            raise CommandError(f"The copy failed its integrity check ({result}); nothing was kept.")
        self.stdout.write(f"Backed up to {out} ({out.stat().st_size} bytes); integrity check: ok.")

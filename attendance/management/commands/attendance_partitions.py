from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from attendance.services import partitions


class Command(BaseCommand):
    help = (
        "PostgreSQL: make the monthly partitions of attendance_presence and attendance_dailystatus for "
        "the current month and the months ahead, and for any month whose rows sit in the DEFAULT "
        "partition (moving them). Safe to run at any time (a second run makes nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ahead", type=int, default=None, help="months after the current one")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--list", action="store_true", help="list the partitions afterwards")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Attendance partitions: nothing to do (not PostgreSQL).")
            return
        done = partitions.ensure_partitions(today=options["today"], ahead=options["ahead"])
        made = ", ".join(done.created) or "none"
        self.stdout.write(f"Attendance partitions made: {made}; rows moved from the defaults: {done.moved}.")
        if options["list"]:
            for table, _column in partitions.TABLES:
                self.stdout.write(f"{table}: {', '.join(partitions.attached(table))}")

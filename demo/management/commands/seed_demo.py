import time

from django.core.management.base import BaseCommand, CommandParser

from demo.seed import DEMO_PASSWORD, seed


class Command(BaseCommand):
    help = "Load the deterministic demo data (idempotent). --employees N scales it for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, default=300, help="total employees (default 300)")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the logins")

    def handle(self, *args, employees: int, quiet_logins: bool, **options) -> None:
        started = time.perf_counter()
        result = seed(employees=employees)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo data: {result.agencies} instansi, {result.units} unit kerja, "
            f"{result.employees_total} pegawai ({result.employees_created} baru), "
            f"{result.skps_total} SKP ({result.skps_created} baru), "
            f"{result.survey_responses_created} jawaban SKM baru in {elapsed:.1f} s."
        )
        if not quiet_logins:
            self.stdout.write("")
            self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
            for role, login, description in result.logins:
                self.stdout.write(f"  {role:<9} {login:<50} {description}")

import time

from django.core.management.base import BaseCommand

from leave.services.balances import rebuild_balances


class Command(BaseCommand):
    help = (
        "Rebuild the cuti tahunan summary (leave.models.Balance) from the ledger, set-based: every "
        "employee's rows, and this year's for each. Safe to run at any time (same result twice)."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        written = rebuild_balances()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Leave balances: summary rebuilt from the ledger ({written} rows new or changed) in {elapsed:.1f} s."
        )

"""`verbund manage retention_report [--today YYYY-MM-DD]`: what personal data is held and how much of
it is past its retention period (the audit app's retention page shows the same with the projects)."""

from django.core.management.base import BaseCommand
from django.utils import translation

from verbund.core.management.commands.anonymise_expired import parse_today
from verbund.core.retention import counts, last_expired_year


class Command(BaseCommand):
    help = "Report personal data held and past its retention period (nothing is changed)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to judge by (default: today)")

    def handle(self, *args, **options):
        with translation.override("en"):  # the command line speaks English, like its help
            self.report(**options)

    def report(self, *, today: str | None, **_options):
        day = parse_today(today)
        self.stdout.write(
            f"retention: five years from 31 December of the relevant year; on {day:%Y-%m-%d} "
            f"records of {last_expired_year(day)} and earlier are past it"
        )
        self.stdout.write(f"{'kind':<45} {'held':>8} {'expired':>8} {'anonymised':>11}  rule")
        for row in counts(today=day):
            d = row.declaration
            self.stdout.write(
                f"{d.label!s:<45} {row.held:>8} {row.expired:>8} {row.anonymised:>11}  {d.rule}"
            )

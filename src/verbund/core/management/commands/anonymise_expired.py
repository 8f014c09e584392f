"""`verbund manage anonymise_expired [--apply] [--today YYYY-MM-DD]`: anonymise the personal data of
records past their retention period (verbund.core.retention). A dry run unless `--apply`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from verbund.core.retention import anonymise_expired, declarations, last_expired_year


def parse_today(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: {value!r} is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Anonymise personal data whose retention period has ended (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="write the changes")
        parser.add_argument("--today", help="the date to judge by (default: today)")

    def handle(self, *args, **options):
        with translation.override("en"):  # the command line speaks English, like its help
            self.report(**options)

    def report(self, *, apply: bool, today: str | None, **_options):
        day = parse_today(today)
        result = anonymise_expired(today=day, apply=apply)
        labels = {d.key: d.label for d in declarations()}
        verb = "anonymised" if apply else "would anonymise"
        self.stdout.write(
            f"records whose relevant year is {last_expired_year(day)} or earlier ({verb}):"
        )
        for key, count in result.items():
            self.stdout.write(f"  {labels[key]} ({key}): {count}")
        if not apply:
            self.stdout.write("dry run: nothing was changed; pass --apply to anonymise.")

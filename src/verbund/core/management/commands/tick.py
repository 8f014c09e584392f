from django.core.management.base import BaseCommand

from verbund.core.periodic import run_due


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (verbund worker does this every 30 s)."

    def handle(self, *args, **options):
        for name in run_due():
            self.stdout.write(f"ran {name}")

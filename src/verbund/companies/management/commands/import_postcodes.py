"""`verbund manage import_postcodes "<area name>" FILE`: the area's postcode ↔ district table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from verbund.companies.domain.postcodes import PostcodeImportError, import_postcode_districts
from verbund.companies.models import Area
from verbund.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Replace a programme area's postcode ↔ district table with a CSV/XLSX file (columns "
        "postcode and district: number or name). All or nothing; problems name row and field."
    )

    def add_arguments(self, parser):
        parser.add_argument("area", help="name of the area")
        parser.add_argument("file", type=Path)

    def handle(self, *args, area: str, file: Path, **options):
        found = Area.objects.filter(name=area).first()
        if found is None:
            raise CommandError(f"No area named {area!r}.")
        try:
            result = import_postcode_districts(
                area=found, data=file.read_bytes(), file_name=file.name
            )
        except PostcodeImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(exc)) from exc
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.rows} rows, {result.postcodes} postcodes in {len(result.districts)} "
            f"districts (replaced {result.replaced})."
        )

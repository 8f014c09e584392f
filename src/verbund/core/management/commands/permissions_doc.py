"""`verbund manage permissions_doc`: write docs/permissions.md from the permission matrix.

The table in `verbund.core.permission_matrix` is what tests/permissions/test_matrix.py checks every
URL against; this command renders it, so the documentation of who may do what is the tested table.
`--check` only reports whether the file is current (exit status 1 if not), for CI and hooks.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from verbund.core.permission_matrix import render_markdown

DEFAULT_OUTPUT = Path(__file__).resolve().parents[5] / "docs" / "permissions.md"


class Command(BaseCommand):
    help = "Render the permission matrix into docs/permissions.md."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument(
            "--check", action="store_true", help="only check that the file is current"
        )

    def handle(self, *args, output: Path, check: bool, **options):
        text = render_markdown()
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if check:
            if current != text:
                raise CommandError(f"{output} is stale: run `verbund manage permissions_doc`")
            self.stdout.write(f"{output} is current.")
            return
        if current == text:
            self.stdout.write(f"{output} is current.")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}.")

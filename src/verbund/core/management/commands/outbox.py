"""List the mails in the outbox folder (the file mail backend's), or print one of them."""

from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def outbox_dir() -> Path:
    return Path(
        settings.MAILERS["default"]
        .get("OPTIONS", {})
        .get("file_path", settings.DATA_DIR / "outbox")
    )


def outbox_messages() -> list:
    """Every mail in the outbox as an email.message.Message, oldest first (one file may hold several)."""
    found = []
    folder = outbox_dir()
    for path in (
        sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    ):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(message_from_bytes(chunk.strip()))
    return found


def _header(message, name: str) -> str:
    return str(make_header(decode_header(message.get(name, ""))))


def body_text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


class Command(BaseCommand):
    help = "List the mails in the outbox folder, or print mail N (1 = the oldest)."

    def add_arguments(self, parser):
        parser.add_argument("number", nargs="?", type=int)

    def handle(self, *args, number=None, **options):
        messages = outbox_messages()
        if number:
            message = messages[number - 1]
            for name in ("Date", "From", "To", "Subject"):
                self.stdout.write(f"{name}: {_header(message, name)}")
            self.stdout.write("")
            self.stdout.write(body_text(message))
            return
        if not messages:
            self.stdout.write(f"no mails in {outbox_dir()}")
        for i, message in enumerate(messages, 1):
            self.stdout.write(
                f"{i:>4}  {_header(message, 'Date')}  {_header(message, 'To')}  {_header(message, 'Subject')}"
            )

"""Publicity the programme's rules require: the funding emblem and statement, and the letterhead.

The emblem is an image the office uploads (`Programme.emblem`); pages and PDFs embed it as a data
URI, so it needs no media URL (uploads are not served publicly) and WeasyPrint fetches nothing.
The footer of every page shows the programmes that have a funding statement or an emblem. That
read is cached (all processes share it where a shared cache is configured) and dropped when a
programme is saved or deleted, so a page does not pay a query for it.
"""

import base64
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from verbund.core.i18n import english_active

CACHE_KEY = "programmes:publicity:v1"
CACHE_SECONDS = 300
"""Also bounds how long another process's own memory cache may show an old footer."""


def emblem_data_uri(programme) -> str:
    """The stored emblem (a PNG re-encoded on upload) as a data URI; "" without one."""
    if not programme or not programme.emblem:
        return ""
    try:
        with programme.emblem.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return ""  # the file is gone from storage: show no emblem rather than fail the page
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Publicity:
    name: str
    name_en: str
    statement: str
    statement_en: str
    emblem: str
    """Data URI of the emblem, or ""."""

    @property
    def localized_name(self) -> str:
        return self.name_en if english_active() and self.name_en else self.name

    @property
    def localized_statement(self) -> str:
        return self.statement_en if english_active() and self.statement_en else self.statement


def _read() -> list[Publicity]:
    from verbund.programmes.models import Programme

    return [
        Publicity(p.name, p.name_en, p.funding_statement, p.funding_statement_en,
                  emblem_data_uri(p))
        for p in Programme.objects.order_by("name")
        if p.funding_statement or p.emblem
    ]  # fmt: skip


def footer_publicity() -> list[Publicity]:
    """The programmes whose publicity the footer of public pages shows (cached)."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = _read()
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


@receiver(post_save, sender="programmes.Programme", dispatch_uid="programmes-publicity-save")
@receiver(post_delete, sender="programmes.Programme", dispatch_uid="programmes-publicity-delete")
def _refresh(**kwargs) -> None:
    """Read again at once, so that the next page pays no query for it (a change rolled back
    afterwards shows for at most CACHE_SECONDS)."""
    cache.set(CACHE_KEY, _read(), CACHE_SECONDS)

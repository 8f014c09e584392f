"""Acceptance 3: no field of a company without consent appears on any public page or in the feed.

The test crawls every public page of the demo reachable from the start page, the portal, the
networks, projects, events and competitions (as an anonymous visitor, German and English), the Atom
feeds and the open-data page, and looks for each company's fields that are not consented: the name
of a company without consent for its name, and street, website, description, offers and needs
where those are not consented.
"""

import re
from urllib.parse import urldefrag, urlparse

import pytest

from verbund.companies.models import Company
from verbund.networks.models import Membership
from verbund.portal.models import CompanyProfile

pytestmark = pytest.mark.django_db

START = ["/", "/portal/", "/en/portal/", "/networks/", "/projects/", "/events/", "/competitions/",
         "/portal/feed.atom", "/portal/companies/", "/portal/board/", "/portal/news/",
         "/portal/map/", "/reporting/open-data/"]  # fmt: skip
SKIP = ("/static/", "/media/", "/accounts/", "/login", "/admin/", "/i18n/", "/api/", "/search/")
LINK = re.compile(r'href="([^"#?]*)[^"]*"')


def _crawl(client, limit: int = 400) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue = list(START)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        if response.status_code != 200:
            pages[url] = ""
            continue
        body = response.content.decode()
        pages[url] = body
        for href in LINK.findall(body):
            href = urldefrag(href)[0]
            parsed = urlparse(href)
            if parsed.netloc and parsed.netloc != "testserver":
                continue
            path = parsed.path
            if (
                not path.startswith("/")
                or path.startswith(SKIP)
                or path.endswith((".pdf", ".css", ".js"))
            ):
                continue
            if path not in pages and path not in queue:
                queue.append(path)
    return pages


def _public_text(pages) -> str:
    return "\n".join(pages.values())


def _field_values(company, profile) -> dict[str, str]:
    """The company's values per consent field (only those long enough to be told apart)."""
    values = {
        "name": str(company),
        "address": company.street,
        "website": (profile.website if profile else "") or company.website,
        "description": profile.description if profile else "",
        "needs": profile.needs if profile else "",
        "offers": (profile.offers if profile else "") or company.offers,
    }
    return {k: v for k, v in values.items() if v and len(v) > 8}


def test_demo_public_pages_show_only_consented_fields(client, demo_db):
    pages = _crawl(client)
    assert len([p for p in pages.values() if p]) > 15, "the crawl reached the public pages"
    assert any("/portal/networks/" in url for url in pages)
    assert any("/portal/companies/" in url and len(url) > 30 for url in pages), "profiles reached"
    text = _public_text(pages)
    members = Membership.objects.filter(left__isnull=True).values("company_id")
    companies = list(Company.objects.filter(pk__in=members)) + list(
        Company.objects.exclude(pk__in=members).order_by("pk")[:300]
    )  # members, and register entries that are in no network (never public)
    profiles = {p.company_id: p for p in CompanyProfile.objects.filter(company__in=companies)}
    # values some company consented to may appear (demo companies share e.g. a street); any other
    # value of a field without consent must not
    allowed: set[str] = set()
    hidden: list[tuple[str, str, str]] = []
    for company in companies:
        profile = profiles.get(company.pk)
        consented = profile.consented() if profile else set()
        for field, value in _field_values(company, profile).items():
            if field in consented and "name" in consented:
                allowed.add(value)
            else:
                hidden.append((str(company), field, value))
    checked = 0
    for company, field, value in hidden:
        if value in allowed or any(value in a for a in allowed):
            continue
        checked += 1
        assert value not in text, f"{field} of {company} appears publicly without consent"
    assert sum(1 for _c, f, _v in hidden if f == "name") >= 3, "the demo has unconsented members"
    assert checked >= 10, "the test checked enough values to mean something"

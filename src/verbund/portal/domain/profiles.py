"""A company's public profile and its consent, field by field.

The profile starts as a copy of the register's competences, offers and website, so that a company
that claims its entry finds something to edit; nothing of it is public until the company (or the
office, for a consent given on paper) switches the fields on.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.core.rules import is_office
from verbund.portal.domain.errors import PortalError
from verbund.portal.domain.images import reencode_image
from verbund.portal.enums import ConsentSource, PublicField
from verbund.portal.models import TEXT_LIMIT, CompanyAdmin, CompanyProfile

PROFILE_TEXTS = ("description", "description_en", "competences", "offers", "needs", "needs_en")


def _may_edit(user, company) -> bool:
    return bool(is_office(user)) or CompanyAdmin.objects.filter(user=user, company=company).exists()


@transaction.atomic
def ensure_profile(*, company, user) -> CompanyProfile:
    """The company's profile, created from the register's texts if it has none."""
    profile = CompanyProfile.objects.filter(company=company).first()
    if profile is None:
        profile = CompanyProfile(
            company=company, competences=company.competences, offers=company.offers,
            website=company.website,
        )  # fmt: skip
        save_as(profile, user)
    return profile


@transaction.atomic
def update_profile(
    *, company, user, logo=None, remove_logo: bool = False, website: str = "", **texts: str
) -> CompanyProfile:
    """Save the profile's texts, website and logo (uploaded logos are re-encoded)."""
    if not _may_edit(user, company):
        raise PortalError(_("Only the company's admins may edit its profile."))
    unknown = set(texts) - set(PROFILE_TEXTS)
    if unknown:
        raise PortalError(_("Unknown field %(name)s.") % {"name": sorted(unknown)[0]})
    profile = ensure_profile(company=company, user=user)
    profile = CompanyProfile.objects.select_for_update().get(pk=profile.pk)
    for name, value in texts.items():
        value = (value or "").strip()
        if len(value) > TEXT_LIMIT:
            raise PortalError(_("At most %(n)s characters.") % {"n": TEXT_LIMIT}, field=name)
        setattr(profile, name, value)
    website = (website or "").strip()
    if website and not website.startswith(("http://", "https://")):
        raise PortalError(_("Enter an address starting with https://."), field="website")
    profile.website = website
    if logo is not None:
        clean = reencode_image(logo, field="logo", max_side=600)
        profile.logo.save(clean.name, clean, save=False)
    elif remove_logo and profile.logo:
        profile.logo.delete(save=False)
        profile.logo = ""
    save_as(profile, user)
    return profile


@transaction.atomic
def set_consent(
    *, company, user, fields, source: str = ConsentSource.SELF_SERVICE, note: str = "", now=None
) -> CompanyProfile:
    """Switch the public fields to exactly `fields` (a set of `PublicField` values), recording who
    gave the consent, when and how. A consent given on paper is recorded by the office only."""
    fields = set(fields)
    if unknown := fields - set(PublicField.values):
        raise PortalError(_("Unknown field %(name)s.") % {"name": sorted(unknown)[0]})
    if source == ConsentSource.PAPER:
        if not is_office(user):
            raise PortalError(_("Only the office records a consent given on paper."))
        if not note.strip():
            raise PortalError(_("Name the document and its date."), field="consent_note")
    elif source == ConsentSource.SELF_SERVICE:
        if not CompanyAdmin.objects.filter(user=user, company=company).exists():
            raise PortalError(_("Only the company's admins may give its consent."))
    else:
        raise PortalError(_("Unknown source of the consent."))
    if fields and PublicField.NAME not in fields:
        raise PortalError(
            _("Without the name nothing else can be shown: switch on the name too, or nothing."),
            field="name",
        )
    profile = ensure_profile(company=company, user=user)
    profile = CompanyProfile.objects.select_for_update().get(pk=profile.pk)
    for value in PublicField.values:
        setattr(profile, f"show_{value}", value in fields)
    profile.consent_source = source
    profile.consent_by = user
    profile.consent_at = now or timezone.now()
    profile.consent_note = note.strip()[:255]
    save_as(profile, user)
    return profile

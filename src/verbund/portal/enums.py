from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicField(models.TextChoices):
    """The parts of a company that may be shown publicly, each only with the company's consent.

    `name` is the gate: a company without consent for its name appears nowhere in public (not in a
    members directory, the map, the feed, search or the API); the other fields add to it."""

    NAME = "name", _("name")
    CITY = "city", _("city")
    ADDRESS = "address", _("street and postcode")
    LOCATION = "location", _("position on the map")
    WEBSITE = "website", _("website")
    INDUSTRY = "industry", _("industry (WZ code)")
    SIZE = "size", _("size class")
    DESCRIPTION = "description", _("description")
    COMPETENCES = "competences", _("competences")
    OFFERS = "offers", _("offers")
    NEEDS = "needs", _("needs")
    LOGO = "logo", _("logo")


class ConsentSource(models.TextChoices):
    SELF_SERVICE = "self_service", _("given by the company online")
    PAPER = "paper", _("given on paper, recorded by the office")


class ClaimState(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ClaimConfirmation(models.TextChoices):
    OFFICE = "office", _("by the office")
    EMAIL = "email", _("by e-mail to the register's address")


class NewsVisibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members only")


class PostKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class PostType(models.TextChoices):
    BUSINESS = "business", _("Business")
    TECHNOLOGY = "technology", _("Technology")
    COOPERATION = "cooperation", _("Cooperation")
    RESEARCH = "research", _("Research")


class PostState(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    PUBLISHED = "published", _("published")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Notification(models.TextChoices):
    """Mail categories of the portal; each is one entry of the user's `muted_notifications`."""

    CLAIMS = "portal_claims", _("company profile (claims, further admins)")
    JOIN_REQUESTS = "networks", _("networks (join requests, catalogue, news)")
    BOARD = "portal_board", _("offers and requests (interest, moderation)")

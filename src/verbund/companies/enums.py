"""Choices of the companies app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WzLevel(models.IntegerChoices):
    SECTION = 1, _("section")
    DIVISION = 2, _("division")
    GROUP = 3, _("group")
    CLASS = 4, _("class")
    SUBCLASS = 5, _("subclass")


class SizeClass(models.TextChoices):
    """EU SME size classes (Recommendation 2003/361/EC), here by head count only."""

    MICRO = "micro", _("micro (< 10)")
    SMALL = "small", _("small (10–49)")
    MEDIUM = "medium", _("medium (50–249)")
    LARGE = "large", _("large (250 +)")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded, columns to map")
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("checked, ready to apply")
    REFUSED = "refused", _("refused: rows with problems")
    APPLYING = "applying", _("applying")
    DONE = "done", _("applied")
    FAILED = "failed", _("failed")


def size_class_for(employees: int | None) -> str:
    """The EU size class for a head count; "" when unknown."""
    if employees is None:
        return ""
    if employees < 10:
        return SizeClass.MICRO
    if employees < 50:
        return SizeClass.SMALL
    if employees < 250:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class Placement(models.TextChoices):
    """Where a company lies relative to the programme area. "Unknown" is its own state: a company
    without a usable position is never counted as outside."""

    INSIDE = "inside", _("inside")
    OUTSIDE = "outside", _("outside")
    UNKNOWN = "unknown", _("unknown")


class PlacementPrecision(models.TextChoices):
    """What the placement rests on: the company's own point, only its zone (district or postcode
    area), or nothing."""

    POINT = "point", _("point")
    ZONE = "zone", _("zone (district or postcode)")
    UNKNOWN = "unknown", _("unknown")

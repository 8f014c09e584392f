"""Choices of an analysis run: its state and the parameters a user picks on the form."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class AreaUnit(models.TextChoices):
    DISTRICT = "district", _("District")
    PROGRAMME_AREA = "programme_area", _("Programme area (inside / outside)")


class WzLevel(models.TextChoices):
    DIVISION = "division", _("WZ division (2 digits)")
    GROUP = "group", _("WZ group (3 digits)")
    CLASS = "class", _("WZ class (4 digits)")
    SUBCLASS = "subclass", _("WZ subclass (5 digits)")


class Weight(models.TextChoices):
    ESTABLISHMENTS = "establishments", _("Establishments")
    EMPLOYEES = "employees", _("Employees")


class CategorySet(models.TextChoices):
    CITY = "city", _("Cluster fields of a German city")
    TRADED = "traded", _("Standard traded clusters (US Cluster Mapping on NACE Rev. 2)")
    FILE = "file", _("My own categories file (TOML)")


class ReferenceKind(models.TextChoices):
    CITY = "city", _("The city itself (all companies in the register)")
    IMPORTED = "imported", _("Imported reference totals")


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)

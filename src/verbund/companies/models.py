"""Models of the companies app (thin: writes go through `verbund.companies.domain`).

Geometries are GeoJSON text in WGS84 (lon/lat), not database geometry types, so that the register runs on
plain SQLite and PostgreSQL; spatial work happens in Python with shapely (see domain/placement.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.companies.enums import (
    ImportStatus,
    Placement,
    PlacementPrecision,
    SizeClass,
    WzLevel,
    size_class_for,
)
from verbund.core.i18n import localized


class WzCode(models.Model):
    """One entry of WZ 2008 (German edition of NACE Rev. 2), from section "C" to subclass "25.62.0"."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    digits = models.CharField(_("code without dots"), max_length=5, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=WzLevel.choices)
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("parent"),
    )  # fmt: skip
    section = models.CharField(_("section"), max_length=1, db_index=True)
    division = models.CharField(_("division"), max_length=2, blank=True, db_index=True)
    title = models.CharField(_("German title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)

    class Meta:
        ordering = ["section", "digits"]
        verbose_name = _("WZ 2008 code")
        verbose_name_plural = _("WZ 2008 codes")

    def __str__(self) -> str:
        return f"{self.code} {self.localized_title}"

    def get_absolute_url(self) -> str:
        return reverse("companies:wz_detail", args=[self.code])

    @property
    def localized_title(self) -> str:
        """The English title in an English request, else the German one."""
        return localized(self, "title")


class District(models.Model):
    """A district polygon (e.g. a Leipzig Ortsteil) from an imported layer; geometry GeoJSON in WGS84."""

    layer = models.CharField(_("layer"), max_length=120, db_index=True)
    number = models.CharField(_("number"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200)
    geometry = models.TextField(_("geometry (GeoJSON, WGS84)"))
    area_km2 = models.FloatField(_("area (km²)"), default=0)
    source = models.CharField(_("source"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    class Meta:
        ordering = ["layer", "number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["layer", "number", "name"], name="district_unique")
        ]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class Area(models.Model):
    """A named area: a set of districts and/or a drawn polygon. The programme area has the flag set."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_programme_area = models.BooleanField(_("programme area"), default=False)
    districts = models.ManyToManyField(
        District, blank=True, related_name="areas", verbose_name=_("districts")
    )
    drawn_geometry = models.TextField(
        _("drawn polygon (GeoJSON, WGS84)"), blank=True,
        help_text=_("Optional; added to the districts' union."),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[districts])

    class Meta:
        ordering = ["-is_programme_area", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:area_detail", args=[self.pk])


class PostcodeDistrict(models.Model):
    """One row of a programme area's postcode ↔ district table: companies without a position are
    placed by the zone of their postcode (the districts it covers). Imported by the office as a
    whole per area (replacing the area's previous table)."""

    area = models.ForeignKey(
        Area, models.CASCADE, related_name="postcode_districts", verbose_name=_("area")
    )
    postcode = models.CharField(_("postcode"), max_length=10, db_index=True)
    district = models.ForeignKey(
        District, models.CASCADE, related_name="postcodes", verbose_name=_("district")
    )

    class Meta:
        ordering = ["area", "postcode", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "postcode", "district"], name="postcode_district_unique"
            )
        ]
        verbose_name = _("postcode of a district")
        verbose_name_plural = _("postcodes and districts")

    def __str__(self) -> str:
        return f"{self.postcode} – {self.district}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Company(models.Model):
    """A company of the register. `public_id` stays stable across imports and merges (ERDF counting)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("legal name"), max_length=255, db_index=True)
    trading_name = models.CharField(_("trading name"), max_length=255, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=80, blank=True)
    register_court = models.CharField(_("register court"), max_length=120, blank=True)
    register_number = models.CharField(
        _("register number"), max_length=60, blank=True, db_index=True
    )
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    lat = models.FloatField(_("latitude (WGS84)"), null=True, blank=True)
    lon = models.FloatField(_("longitude (WGS84)"), null=True, blank=True)
    district = models.ForeignKey(
        District, models.SET_NULL, null=True, blank=True, related_name="companies",
        verbose_name=_("district"),
    )  # fmt: skip
    placement = models.CharField(
        _("programme area"), max_length=8, choices=Placement.choices, default=Placement.UNKNOWN,
        help_text=_("Inside or outside the programme area, or unknown without a usable position."),
    )  # fmt: skip
    placement_precision = models.CharField(
        _("placement precision"), max_length=8, choices=PlacementPrecision.choices,
        default=PlacementPrecision.UNKNOWN,
        help_text=_("What the placement rests on: the company's point, its district or postcode "
                    "zone, or nothing."),
    )  # fmt: skip
    main_wz = models.ForeignKey(
        WzCode, models.PROTECT, null=True, blank=True, related_name="main_companies",
        verbose_name=_("main WZ code"),
    )  # fmt: skip
    secondary_wz = models.ManyToManyField(
        WzCode, blank=True, related_name="secondary_companies", verbose_name=_("secondary WZ codes")
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True, db_index=True
    )
    founding_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    competences = models.TextField(_("competences"), blank=True)
    offers = models.TextField(_("offers"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="companies", verbose_name=_("tags"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    external_id = models.CharField(
        _("id in the source"), max_length=80, blank=True, db_index=True,
        help_text=_("The row's own id in the imported file; with the source it recognises re-imports."),
    )  # fmt: skip
    match_key = models.CharField(
        _("matching key"), max_length=255, blank=True, db_index=True, editable=False,
        help_text=_("Normalised name and address, used to recognise a company on re-import."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["match_key"])

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["placement", "name"], name="company_placement_name")]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.trading_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:company_detail", args=[self.public_id])

    @property
    def picker_detail(self) -> str:
        """What tells same-named companies apart in a picker: postcode and city, WZ code, register
        number."""
        place = f"{self.postcode} {self.city}".strip()
        wz = f"WZ {self.main_wz.code}" if self.main_wz_id else ""
        return " · ".join(p for p in (place, wz, self.register_number) if p)

    @property
    def is_inside(self) -> bool:
        return self.placement == Placement.INSIDE

    @property
    def effective_size_class(self) -> str:
        return size_class_for(self.employees) or self.size_class

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postcode} {self.city}".strip()] if p)


class ContactPerson(models.Model):
    """A contact at a company. Personal data: shown only to the office and the company's own users."""

    company = models.ForeignKey(
        Company, models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    consent = models.BooleanField(_("consent to storage and contact"), default=False)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Affiliation(models.Model):
    """A user who works for a company (member users see their own company's contacts)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="company_affiliations",
        verbose_name=_("user"),
    )  # fmt: skip
    company = models.ForeignKey(
        Company, models.CASCADE, related_name="affiliations", verbose_name=_("company")
    )
    role = models.CharField(_("role in the company"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="affiliation_unique")
        ]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        return f"{self.user} – {self.company}"


class CompanyMerge(models.Model):
    """Record of a merge: the removed company's public id and data stay findable."""

    kept = models.ForeignKey(
        Company, models.CASCADE, related_name="merges", verbose_name=_("kept company")
    )
    removed_public_id = models.UUIDField(_("public id of the removed company"), db_index=True)
    removed_name = models.CharField(_("name of the removed company"), max_length=255)
    snapshot = models.JSONField(_("data of the removed company"), default=dict)
    moved = models.JSONField(_("references moved"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("merged by"),
    )  # fmt: skip
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("company merge")
        verbose_name_plural = _("company merges")

    def __str__(self) -> str:
        return f"{self.removed_name} → {self.kept}"


class NotDuplicate(models.Model):
    """The office's decision that a suggested pair of companies are different companies: the pair
    is not suggested again. `first` is the older company (lower id). Withdrawing the decision
    deletes the row; history keeps both."""

    first = models.ForeignKey(Company, models.CASCADE, related_name="+", verbose_name=_("company"))
    second = models.ForeignKey(
        Company, models.CASCADE, related_name="+", verbose_name=_("other company")
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="not_duplicate_ordered"
            ),
        ]
        verbose_name = _("pair that is not a duplicate")
        verbose_name_plural = _("pairs that are not duplicates")

    def __str__(self) -> str:
        return f"{self.first} ≠ {self.second}"


class ImportJob(models.Model):
    """An upload of companies (CSV/XLSX): mapped, checked in a dry run, then applied all-or-nothing."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    columns = models.JSONField(_("columns of the file"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    warnings = models.JSONField(_("notes"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("companies:import_detail", args=[self.public_id])

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

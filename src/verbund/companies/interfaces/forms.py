from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from verbund.companies.domain.companies import check_company_fields, integer_range
from verbund.companies.domain.geo import COMMON_CRS, GeoError, parse_crs
from verbund.companies.domain.imports import FIELDS
from verbund.companies.domain.queries import find_wz
from verbund.companies.models import Area, Company, ContactPerson, District
from verbund.core.choices import with_choose_label
from verbund.core.errors import DomainError, add_to_form
from verbund.core.uploads import validate_upload

NOT_MAPPED = _("– not imported –")


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


class CompanyForm(forms.ModelForm):
    main_wz_code = forms.CharField(
        label=_("main WZ code"), required=False,
        help_text=_("With or without dots, e.g. 25.62.0, 25620 or 2562."),
    )  # fmt: skip
    secondary_wz_codes = forms.CharField(
        label=_("secondary WZ codes"), required=False, help_text=_("Separated by commas.")
    )
    tag_names = forms.CharField(
        label=_("tags"), required=False, help_text=_("Separated by commas.")
    )
    lat = forms.FloatField(label=_("latitude (WGS84)"), required=False, localize=True)
    lon = forms.FloatField(label=_("longitude (WGS84)"), required=False, localize=True)

    class Meta:
        model = Company
        fields = [
            "name", "trading_name", "legal_form", "register_court", "register_number", "street",
            "postcode", "city", "lat", "lon", "employees", "size_class", "founding_year", "website",
            "competences", "offers", "source",
        ]  # fmt: skip
        widgets = {
            "competences": forms.Textarea(attrs={"rows": 3}),
            "offers": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["main_wz_code"].initial = (
                self.instance.main_wz.code if self.instance.main_wz else ""
            )
            self.fields["secondary_wz_codes"].initial = ", ".join(
                w.code for w in self.instance.secondary_wz.all()
            )
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())
        self.order_fields(["name", "trading_name", "main_wz_code", "secondary_wz_codes"])
        with_choose_label(self)
        for name in ("employees", "founding_year"):  # the column's range, on every database
            _low, high = integer_range(Company._meta.get_field(name))
            field = self.fields[name]
            if high is not None:
                field.max_value = high
                field.validators.append(MaxValueValidator(high))
                field.widget.attrs["max"] = high

    def clean_main_wz_code(self):
        text = self.cleaned_data["main_wz_code"].strip()
        if not text:
            return None
        wz = find_wz(text)
        if wz is None:
            raise forms.ValidationError(_("Unknown WZ code: %(code)s") % {"code": text})
        return wz

    def clean_secondary_wz_codes(self):
        found, unknown = [], []
        for text in _split(self.cleaned_data["secondary_wz_codes"]):
            wz = find_wz(text)
            (found if wz else unknown).append(wz or text)
        if unknown:
            raise forms.ValidationError(
                _("Unknown WZ codes: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return found

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if value and not (value.isdigit() and len(value) == 5):
            raise forms.ValidationError(_("Five digits, e.g. 04229."))
        return value

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise forms.ValidationError(_("Coordinates are outside WGS84 bounds."))
        if not self.errors:
            try:
                check_company_fields({f: data.get(f) for f in self.Meta.fields})
            except DomainError as exc:
                add_to_form(self, exc)
        return data

    def domain_kwargs(self) -> dict:
        data = self.cleaned_data
        fields = {f: data[f] for f in self.Meta.fields}
        fields["main_wz"] = data["main_wz_code"]
        return {
            **fields,
            "secondary_wz": data["secondary_wz_codes"],
            "tags": _split(data["tag_names"]),
        }


class ContactForm(forms.ModelForm):
    consent_date = forms.DateField(label=_("consent given on"), required=False, localize=True)

    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone", "consent", "consent_date"]


class DistrictImportForm(forms.Form):
    file = forms.FileField(label=_("GeoJSON file"))
    layer = forms.CharField(label=_("layer name"), max_length=120, initial=_("Districts"))
    number_property = forms.CharField(
        label=_("property with the district number"), required=False, initial="OT"
    )
    name_property = forms.CharField(
        label=_("property with the district name"), required=False, initial="Name"
    )
    crs = forms.CharField(
        label=_("coordinate reference system"), required=False,
        help_text=_("Empty: the CRS the file declares (WGS84 if none), e.g. EPSG:25833."),
    )  # fmt: skip
    replace_layer = forms.BooleanField(
        label=_("remove districts of this layer that are not in the file"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            validate_upload(upload, kinds={"json"}, field="file")
        except DomainError as exc:
            raise forms.ValidationError(exc.reason, code=exc.code) from exc
        return upload

    def clean_crs(self):
        value = self.cleaned_data["crs"].strip()
        if value:
            try:
                parse_crs(value)
            except GeoError as exc:
                raise forms.ValidationError(exc.reason) from exc
        return value


class PostcodeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns “postcode” and “district” (the district's number or name); one row per "
            "postcode and district."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            validate_upload(upload, kinds={"csv", "xlsx"}, field="file")
        except DomainError as exc:
            raise forms.ValidationError(exc.reason, code=exc.code) from exc
        return upload


class AreaForm(forms.ModelForm):
    districts = forms.ModelMultipleChoiceField(
        label=_("districts"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=District.objects.order_by("layer", "number", "name"),
    )  # fmt: skip

    class Meta:
        model = Area
        fields = ["name", "description", "is_programme_area", "districts", "drawn_geometry"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "drawn_geometry": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "drawn_geometry": _(
                "Optional polygon as GeoJSON (longitude/latitude) or WKT, e.g. drawn on the map."
            )
        }


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return f


def _pairs(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if "=" in line:
            key, value = line.rsplit("=", 1)
            if key.strip():
                out[key.strip()] = value.strip()
    return out


class MappingForm(forms.Form):
    """One select per register field, listing the file's columns; plus CRS and value mappings."""

    crs = forms.ChoiceField(label=_("coordinates are in"), choices=COMMON_CRS)
    other_crs = forms.CharField(
        label=_("other CRS"), required=False, help_text=_("e.g. EPSG:31469; overrides the choice.")
    )
    source = forms.CharField(label=_("source label"), max_length=255, required=False)
    wz_values = forms.CharField(
        label=_("WZ code for values of the WZ column"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: value = WZ code, e.g. Druckereien = 18.12.0"),
    )  # fmt: skip
    constants = forms.CharField(
        label=_("fixed values"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: field = value, used where a row has no value, e.g. city = Leipzig"),
    )  # fmt: skip

    def __init__(self, *args, columns: list[str], samples: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.samples = samples or {}
        choices = [("", NOT_MAPPED), *[(c, self._option_label(c)) for c in columns]]
        for f in FIELDS:
            self.fields[f"map_{f.name}"] = forms.ChoiceField(
                label=f.label, choices=choices, required=False
            )
        self.order_fields([f"map_{f.name}" for f in FIELDS])

    def _option_label(self, column: str) -> str:
        shown = ", ".join(self.samples.get(column, []))
        return f"{column} ({shown})" if shown else column

    def mapping_rows(self) -> list[dict]:
        """One row per register field: the field's select and samples of the chosen column."""
        rows = []
        for f in FIELDS:
            bound = self[f"map_{f.name}"]
            column = bound.value() or ""
            rows.append({"field": bound, "column": column, "samples": self.samples.get(column, [])})
        return rows

    def column_rows(self) -> list[dict]:
        """One row per column of the file: its samples and the register fields it fills."""
        fields_of: dict[str, list[str]] = {}
        for f in FIELDS:
            column = self[f"map_{f.name}"].value()
            if column:
                fields_of.setdefault(column, []).append(str(f.label))
        return [
            {"column": c, "samples": self.samples.get(c, []), "fields": fields_of.get(c, [])}
            for c in self.columns
        ]

    @classmethod
    def initial_for(cls, job) -> dict:
        initial = {f"map_{k}": v for k, v in job.mapping.items()}
        crs = job.options.get("crs", "EPSG:4326")
        known = {c for c, _l in COMMON_CRS}
        initial.update(
            crs=crs if crs in known else "EPSG:4326",
            other_crs="" if crs in known else crs,
            source=job.options.get("source", ""),
            wz_values="\n".join(f"{k} = {v}" for k, v in job.options.get("wz_values", {}).items()),
            constants="\n".join(f"{k} = {v}" for k, v in job.options.get("constants", {}).items()),
        )
        return initial

    def clean(self):
        data = super().clean()
        if not data.get("map_name") and "name" not in _pairs(data.get("constants", "")):
            self.add_error("map_name", _("Map a column to the legal name."))
        crs = (data.get("other_crs") or "").strip() or data.get("crs")
        try:
            parse_crs(crs)
        except GeoError as exc:
            self.add_error("other_crs", exc.reason)
        data["effective_crs"] = crs
        return data

    def mapping(self) -> dict[str, str]:
        return {
            f.name: self.cleaned_data[f"map_{f.name}"]
            for f in FIELDS
            if self.cleaned_data[f"map_{f.name}"]
        }

    def options(self) -> dict:
        d = self.cleaned_data
        return {
            "crs": d["effective_crs"],
            "source": d["source"],
            "wz_values": _pairs(d["wz_values"]),
            "constants": _pairs(d["constants"]),
        }

"""Forms of the clusters app: start a run, import reference totals, ask for partners."""

from __future__ import annotations

import csv
import io
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.clusters.domain.parameters import RunParameters
from verbund.clusters.domain.references import ReferenceTotalsError, check_total
from verbund.clusters.enums import AreaUnit, CategorySet, ReferenceKind, Weight, WzLevel
from verbund.clusters.models import ReferenceTotals
from verbund.core.errors import DomainError
from verbund.core.uploads import validate_upload

CITY = "city"


class RunForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    area_unit = forms.ChoiceField(
        label=_("Area unit"), choices=AreaUnit.choices, initial=AreaUnit.DISTRICT
    )
    wz_level = forms.ChoiceField(
        label=_("Industry level"), choices=WzLevel.choices, initial="group"
    )
    weight = forms.ChoiceField(
        label=_("Count"),
        choices=Weight.choices,
        initial=Weight.EMPLOYEES,
        help_text=_("Establishments count each company once; employees weight it by its staff."),
    )
    reference = forms.ChoiceField(
        label=_("Reference for the location quotient"),
        help_text=_("The city itself, or imported totals such as national employment by WZ."),
    )
    distance_m = forms.DecimalField(
        label=_("Hotspot distance band (m)"),
        min_value=50,
        max_value=10_000,
        initial=500,
        decimal_places=1,
        localize=True,
        help_text=_("Getis-Ord Gi*: neighbours within this distance count (binary weights)."),
    )
    permutations = forms.IntegerField(
        label=_("Permutations for pseudo p-values"),
        min_value=0,
        max_value=999,
        initial=99,
        help_text=_("0 skips the permutation test (analytical z only)."),
    )
    partners_k = forms.IntegerField(
        label=_("Partner suggestions per company"), min_value=1, max_value=20, initial=5
    )
    categories = forms.ChoiceField(
        label=_("Cluster categories"),
        choices=CategorySet.choices,
        initial=CategorySet.CITY,
        required=False,
        help_text=_(
            "Which industries form a category. Only traded categories are rated with stars; "
            "local clusters and “Other” take no part in the star cut-offs."
        ),
    )
    categories_file = forms.FileField(
        label=_("Categories file"),
        required=False,
        help_text=_(
            "With “My own categories file”: TOML, one section per category with en, de, "
            'prefixes (WZ/NACE codes such as "29" or "25.6") and optionally traded = false.'
        ),
    )
    CATEGORIES_MAX_BYTES = 512 * 1024

    def clean(self):
        data = super().clean()
        upload = data.get("categories_file")
        if data.get("categories") != CategorySet.FILE:
            data["custom_categories"] = None
            return data
        if not upload:
            self.add_error("categories_file", _("Choose the categories file."))
            return data
        if upload.size > self.CATEGORIES_MAX_BYTES:
            self.add_error("categories_file", _("The categories file is larger than 512 kB."))
            return data
        from verbund.analysis.clusters import categories_from_toml, categories_to_records

        try:
            cats = categories_from_toml(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.add_error("categories_file", _("The categories file is not UTF-8 text."))
        except ValueError as exc:
            self.add_error(
                "categories_file",
                _("The categories file cannot be read: %(reason)s") % {"reason": exc},
            )
        else:
            data["custom_categories"] = categories_to_records(cats)
            data["categories_name"] = upload.name[:200]
        return data

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(CITY, ReferenceKind.CITY.label)]
        choices += [(str(r.pk), r.name) for r in ReferenceTotals.objects.only("pk", "name")]
        self.fields["reference"].choices = choices
        self.fields["reference"].initial = CITY

    def parameters(self) -> RunParameters:
        d = self.cleaned_data
        ref = d["reference"]
        return RunParameters(
            area_unit=d["area_unit"],
            wz_level=d["wz_level"],
            weight=d["weight"],
            reference=ReferenceKind.CITY if ref == CITY else ReferenceKind.IMPORTED,
            reference_totals_id=None if ref == CITY else int(ref),
            distance_m=float(d["distance_m"]),
            permutations=d["permutations"],
            partners_k=d["partners_k"],
            categories=d.get("categories") or CategorySet.CITY,
            custom_categories=d.get("custom_categories"),
            categories_name=d.get("categories_name", ""),
        )


class ReferenceTotalsForm(forms.Form):
    """A CSV with two columns, WZ code and total (e.g. employees), separated by , or ;."""

    name = forms.CharField(label=_("Name"), max_length=200)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Two columns: WZ code and total, e.g. 25;812345. A header row is allowed. "
            "German decimal commas are accepted."
        ),
    )

    def clean_file(self) -> dict[str, float]:
        upload = self.cleaned_data["file"]
        try:
            validate_upload(upload, kinds={"csv"}, field="file")
        except DomainError as exc:
            raise forms.ValidationError(exc.reason) from None
        text = decode_text(upload.read())
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows: dict[str, float] = {}
        bad: list[int] = []
        for n, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if len(row) < 2 or not row[0].strip():
                continue
            code = row[0].strip()
            try:
                value = parse_number(row[1])
            except ValueError:
                if n > 1:
                    bad.append(n)
                continue
            try:
                rows[code] = check_total(rows.get(code, 0.0) + value, code=code, row=n)
            except ReferenceTotalsError as exc:
                raise forms.ValidationError(str(exc)) from None
        if bad:
            raise forms.ValidationError(
                _("Rows %(rows)s have no number in the second column.")
                % {"rows": ", ".join(map(str, bad[:10]))}
            )
        if not rows:
            raise forms.ValidationError(_("The file holds no rows of WZ code and total."))
        return rows


def decode_text(raw: bytes) -> str:
    """UTF-16 (by its byte-order mark), UTF-8 or Windows-1252; anything else is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise forms.ValidationError(
        _("The file is neither UTF-8 nor Windows-1252 text; save it as UTF-8 CSV.")
    )


def parse_number(text: str) -> float:
    """A number written the German or the English way: 1.234.567 / 1.234,5 / 1234.5 / 1,5."""
    v = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in v and "." in v:
        if v.rfind(",") > v.rfind("."):
            v = v.replace(".", "").replace(",", ".")
        else:
            v = v.replace(",", "")
    elif "," in v:
        v = v.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", v):
        v = v.replace(".", "")
    return float(v)


class PartnerForm(forms.Form):
    company = forms.TypedChoiceField(label=_("Company"), coerce=int)

    def __init__(self, *args, companies: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [("", "---------"), *companies]

"""Company import from CSV and XLSX: column mapping, dry run listing every problem, all-or-nothing apply.

Steps: `create_import_job` (store the file, read its columns, suggest a mapping) → `set_mapping` →
`check_import` (dry run: every row validated, problems listed with row number, field and reason, nothing
written) → `apply_import` (checks again; if any row has a problem nothing is written, else every row is
created or updated in one transaction). Re-importing the same file changes nothing: rows are matched to
existing companies on register number, else on source + id in the source, else on normalised name and
address, and unchanged rows are not written.

Row numbers are those a spreadsheet program shows: the header is row 1, the first company row 2.
Hand-written rather than django-import-export: that library validates row by row through model forms,
which is far too slow for 100,000 rows, and cannot transform coordinates in bulk.
"""

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.companies.domain import bulk
from verbund.companies.domain.companies import (
    _tags,
    match_key,
    normalise_register_number,
)
from verbund.companies.domain.geo import GeoError, parse_crs, to_wgs84
from verbund.companies.domain.placement import placement_index
from verbund.companies.domain.wz import normalise_wz_code, wz_lookup
from verbund.companies.enums import ImportStatus, SizeClass, size_class_for
from verbund.companies.models import Company, ImportJob

MAX_STORED_PROBLEMS = 5000
PROGRESS_EVERY = 5000
BATCH = 2000


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    synonyms: tuple[str, ...] = ()


FIELDS = [
    ImportField("name", gettext_lazy("legal name"), ("name", "firma", "firmenname", "unternehmen", "company", "legal name")),
    ImportField("trading_name", gettext_lazy("trading name"), ("trading name", "handelsname", "kurzname")),
    ImportField("legal_form", gettext_lazy("legal form"), ("legal form", "rechtsform")),
    ImportField("register_court", gettext_lazy("register court"), ("register court", "registergericht", "amtsgericht")),
    ImportField("register_number", gettext_lazy("register number"), ("register number", "registernummer", "handelsregisternummer", "hrb")),
    ImportField("public_id", gettext_lazy("verbund id (from an export)"), ("public id", "verbund id")),
    ImportField("external_id", gettext_lazy("id in the source"), ("id", "external id", "nr", "nummer")),
    ImportField("street", gettext_lazy("street (and number)"), ("street", "strasse", "straße", "adresse", "address")),
    ImportField("house_number", gettext_lazy("house number (if separate)"), ("house number", "hausnr", "hausnummer", "hnr")),
    ImportField("postcode", gettext_lazy("postcode"), ("postcode", "plz", "zip", "postleitzahl")),
    ImportField("city", gettext_lazy("city"), ("city", "ort", "stadt")),
    ImportField("x", gettext_lazy("x / longitude / easting"), ("x", "lon", "lng", "longitude", "laengengrad", "rechtswert")),
    ImportField("y", gettext_lazy("y / latitude / northing"), ("y", "lat", "latitude", "breitengrad", "hochwert")),
    ImportField("main_wz", gettext_lazy("main WZ code"), ("wz", "wz code", "wz2008", "wz 2008", "nace", "main wz")),
    ImportField("secondary_wz", gettext_lazy("secondary WZ codes"), ("secondary wz", "weitere wz", "nebentaetigkeit")),
    ImportField("employees", gettext_lazy("employees"), ("employees", "beschaeftigte", "mitarbeiter", "mitarbeitende")),
    ImportField("size_class", gettext_lazy("size class"), ("size class", "groessenklasse", "groesse")),
    ImportField("founding_year", gettext_lazy("founding year"), ("founding year", "gruendungsjahr", "gegruendet")),
    ImportField("website", gettext_lazy("website"), ("website", "web", "homepage", "internet", "url")),
    ImportField("competences", gettext_lazy("competences"), ("competences", "kompetenzen")),
    ImportField("offers", gettext_lazy("offers"), ("offers", "angebote", "leistungen")),
    ImportField("tags", gettext_lazy("tags"), ("tags", "schlagworte", "stichworte")),
]  # fmt: skip
FIELD_NAMES = [f.name for f in FIELDS]
FIELD_LABELS = {f.name: f.label for f in FIELDS} | {"x/y": gettext_lazy("coordinates")}
SIMPLE_TEXT = [
    "name",
    "trading_name",
    "legal_form",
    "register_court",
    "city",
    "competences",
    "offers",
]
COMPARED = [
    "name", "trading_name", "legal_form", "register_court", "register_number", "external_id",
    "street", "postcode", "city", "lat", "lon", "main_wz_id", "employees", "size_class",
    "founding_year", "website", "competences", "offers", "source",
]  # fmt: skip
_POSTCODE = re.compile(r"^\d{5}$")
_SPLIT = re.compile(r"\s*[;,|]\s*")
_SIZE_WORDS = {
    "micro": SizeClass.MICRO, "kleinst": SizeClass.MICRO, "kleinstunternehmen": SizeClass.MICRO,
    "small": SizeClass.SMALL, "klein": SizeClass.SMALL, "kleinunternehmen": SizeClass.SMALL,
    "medium": SizeClass.MEDIUM, "mittel": SizeClass.MEDIUM, "mittleres unternehmen": SizeClass.MEDIUM,
    "large": SizeClass.LARGE, "gross": SizeClass.LARGE, "groß": SizeClass.LARGE,
    "grossunternehmen": SizeClass.LARGE, "großunternehmen": SizeClass.LARGE,
}  # fmt: skip
_url = URLValidator()


class ImportFileError(ValueError):
    pass


# ---------------------------------------------------------------------------------------- reading


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes, file_name: str) -> tuple[list[str], Iterable[list[str]]]:
    """Header and rows (lists of strings) of a CSV (`;`, `,` or tab, detected) or XLSX file."""
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportFileError(
                _("The spreadsheet could not be read: %(e)s") % {"e": exc}
            ) from exc
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_cell(v) for v in next(rows, ())]
        return _columns(header), ([_cell(v) for v in row] for row in rows)
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    return _columns(header), reader


def _columns(header: list[str]) -> list[str]:
    """Column names, made unique and non-empty (a trailing `;` gives an empty last column)."""
    out: list[str] = []
    for i, name in enumerate(header, start=1):
        name = (name or "").strip() or f"#{i}"
        while name in out:
            name += "'"
        out.append(name)
    return out


def _squash(text: str) -> str:
    return re.sub(
        r"[^a-z0-9]+",
        " ",
        text.casefold().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"),
    ).strip()


def suggest_mapping(columns: list[str]) -> dict[str, str]:
    """Field -> column for columns whose name is a known synonym (case and punctuation ignored)."""
    by_name = {_squash(c): c for c in columns}
    mapping: dict[str, str] = {}
    for f in FIELDS:
        for syn in (f.name.replace("_", " "), *f.synonyms):
            column = by_name.get(_squash(syn))
            if column and column not in mapping.values():
                mapping[f.name] = column
                break
    return mapping


# ---------------------------------------------------------------------------------------- checking


@dataclass
class Problem:
    row: int
    field: str
    reason: str
    error: bool = True

    def as_dict(self) -> dict:
        label = str(FIELD_LABELS.get(self.field, self.field))
        return {"row": self.row, "field": self.field, "label": label, "reason": self.reason,
                "error": self.error}  # fmt: skip


@dataclass
class Prepared:
    """The outcome of checking a file: values per row, the match found, and every problem."""

    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def ok(self) -> bool:
        return not any(p.error for p in self.problems)


def _number(text: str) -> float:
    text = text.strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return float(text)


def _existing_keys() -> tuple[dict, dict, dict, dict]:
    by_public: dict[str, int] = {}
    by_register: dict[str, int] = {}
    by_external: dict[tuple[str, str], int] = {}
    by_key: dict[str, tuple[int, str]] = {}
    rows = Company.objects.values_list(
        "id", "register_number", "source", "external_id", "match_key"
    )
    for pk, reg, source, ext, key in rows.iterator(chunk_size=5000):
        if reg:
            by_register.setdefault(normalise_register_number(reg), pk)
        if ext:
            by_external.setdefault((source, ext), pk)
        if key:
            by_key.setdefault(key, (pk, normalise_register_number(reg)))
    return by_public, by_register, by_external, by_key


def prepare_rows(
    rows: Iterable[list[str]],
    columns: list[str],
    *,
    mapping: dict[str, str],
    options: dict,
    progress: Callable[[int], None] | None = None,
) -> Prepared:
    """Validate every row and resolve it to values and a matching company; writes nothing."""
    crs = options.get("crs") or "EPSG:4326"
    parse_crs(crs)
    source = options.get("source", "")
    constants = {k: str(v) for k, v in (options.get("constants") or {}).items() if k in FIELD_NAMES}
    wz_values = {
        str(k).strip().casefold(): str(v) for k, v in (options.get("wz_values") or {}).items()
    }
    wz = wz_lookup()
    position = {c: i for i, c in enumerate(columns)}
    index = {f: position[c] for f, c in mapping.items() if f in FIELD_NAMES and c in position}
    by_public, by_register, by_external, by_key = _existing_keys()
    seen_register: dict[str, int] = {}
    seen_external: dict[str, int] = {}
    seen_key: dict[str, int] = {}
    out = Prepared()
    problems = out.problems
    xs: list[float] = []
    ys: list[float] = []
    this_year = date.today().year

    wz_cache: dict[str, int | None] = {}
    index_items = list(index.items())
    empty = dict.fromkeys(FIELD_NAMES, "") | constants

    def resolve_wz(raw: str, rowno: int, fname: str) -> int | None:
        if raw in wz_cache:
            pk = wz_cache[raw]
        else:
            dotted = normalise_wz_code(wz_values.get(raw.casefold(), raw))
            pk = wz_cache[raw] = wz.get(dotted) if dotted else None
        if pk is None:
            problems.append(Problem(rowno, fname, _("unknown WZ code “%(code)s”") % {"code": raw}))
        return pk

    for rowno, raw in enumerate(rows, start=2):
        if not any(raw):
            continue
        out.total += 1
        if progress and out.total % PROGRESS_EVERY == 0:
            progress(out.total)

        record = empty.copy()
        width = len(raw)
        for name, i in index_items:
            if i < width and (value := raw[i].strip()):
                record[name] = value
        get = record.__getitem__

        values: dict = {f: get(f) for f in SIMPLE_TEXT}
        values["source"] = source
        values["external_id"] = get("external_id")
        if not values["name"]:
            problems.append(Problem(rowno, "name", _("the legal name is missing")))
        street = get("street")
        if house := get("house_number"):
            street = f"{street} {house}".strip()
        values["street"] = street
        postcode = get("postcode")
        if postcode and not _POSTCODE.match(postcode):
            problems.append(
                Problem(
                    rowno,
                    "postcode",
                    _("malformed postcode “%(v)s” (five digits expected)") % {"v": postcode},
                )
            )
        values["postcode"] = postcode
        reg = get("register_number")
        values["register_number"] = reg
        values["main_wz_id"] = resolve_wz(w, rowno, "main_wz") if (w := get("main_wz")) else None
        secondary = []
        for code in _SPLIT.split(get("secondary_wz")):
            if code and (pk := resolve_wz(code, rowno, "secondary_wz")):
                secondary.append(pk)
        values["secondary_wz"] = sorted(set(secondary) - {values["main_wz_id"]})
        values["employees"] = None
        if emp := get("employees"):
            try:
                n = _number(emp)
                if n < 0 or not n.is_integer():
                    raise ValueError
                values["employees"] = int(n)
            except ValueError:
                problems.append(
                    Problem(rowno, "employees", _("not a whole number: “%(v)s”") % {"v": emp})
                )
        size = get("size_class")
        size_value = _SIZE_WORDS.get(size.casefold(), "") if size else ""
        if size and not size_value:
            problems.append(
                Problem(rowno, "size_class", _("unknown size class “%(v)s”") % {"v": size})
            )
        values["size_class"] = size_class_for(values["employees"]) or size_value
        values["founding_year"] = None
        if year := get("founding_year"):
            try:
                y = int(_number(year))
                if not 1000 <= y <= this_year:
                    raise ValueError
                values["founding_year"] = y
            except ValueError:
                problems.append(
                    Problem(rowno, "founding_year", _("not a year: “%(v)s”") % {"v": year})
                )
        website = get("website")
        if website and "://" not in website:
            website = "https://" + website
        if website:
            try:
                _url(website)
            except ValidationError:
                problems.append(
                    Problem(rowno, "website", _("not a web address: “%(v)s”") % {"v": website})
                )
        values["website"] = website
        values["tags"] = sorted({t for t in _SPLIT.split(get("tags")) if t})
        x, y = get("x"), get("y")
        fx = fy = np.nan
        if x or y:
            try:
                fx, fy = _number(x), _number(y)
            except ValueError:
                problems.append(
                    Problem(
                        rowno,
                        "x/y",
                        _("coordinates are not numbers: “%(x)s”, “%(y)s”") % {"x": x, "y": y},
                    )
                )
        elif "x" in index or "y" in index:
            problems.append(
                Problem(rowno, "x/y", _("no coordinates: imported without a location"), error=False)
            )
        xs.append(fx)
        ys.append(fy)
        values["row"] = rowno
        values["match_key"] = match_key(
            name=values["name"], street=street, postcode=postcode, city=values["city"]
        )
        # duplicates within the file, then the match with an existing company
        nreg = normalise_register_number(reg)
        earlier = None
        if nreg:
            earlier = seen_register.get(nreg)
            seen_register.setdefault(nreg, rowno)
        if earlier is None and values["external_id"]:
            earlier = seen_external.get(values["external_id"])
            seen_external.setdefault(values["external_id"], rowno)
        if earlier is None and not nreg and not values["external_id"] and values["name"]:
            earlier = seen_key.get(values["match_key"])
            seen_key.setdefault(values["match_key"], rowno)
        if earlier is not None:
            problems.append(Problem(rowno, "name", _("duplicate of row %(n)s") % {"n": earlier}))
        public = get("public_id")
        match = by_public.get(public.lower()) if public else None
        if public and match is None:
            problems.append(
                Problem(rowno, "public_id", _("no company has the id %(id)s") % {"id": public})
            )
        if match is None and nreg:
            match = by_register.get(nreg)
        if match is None and values["external_id"]:
            match = by_external.get((source, values["external_id"]))
        if match is None and values["name"] and not values["external_id"]:
            hit = by_key.get(values["match_key"])
            if hit and nreg and hit[1] and hit[1] != nreg:
                problems.append(
                    Problem(
                        rowno,
                        "register_number",
                        _(
                            "same name and address as an existing company with register number "
                            "%(other)s"
                        )
                        % {"other": hit[1]},
                    )
                )
            elif hit:
                match = hit[0]
        values["match"] = match
        out.rows.append(values)

    if xs:
        lon, lat, inside = to_wgs84(crs, np.array(xs), np.array(ys))
        given = np.isfinite(np.array(xs)) & np.isfinite(np.array(ys))
        for i in np.flatnonzero(given & ~inside):
            row = out.rows[i]
            problems.append(
                Problem(
                    row["row"],
                    "x/y",
                    _("coordinates (%(x)s, %(y)s) outside the bounds of %(crs)s")
                    % {"x": xs[i], "y": ys[i], "crs": crs},
                )
            )
        ok = given & inside
        for i, row in enumerate(out.rows):
            row["lon"] = round(float(lon[i]), 7) if ok[i] else None
            row["lat"] = round(float(lat[i]), 7) if ok[i] else None
    problems.sort(key=lambda p: (p.row, not p.error))
    return out


# ---------------------------------------------------------------------------------------- writing


def _diff(
    company: SimpleNamespace, values: dict, secondary: set[int], tags: set[str], m2m: dict
) -> bool:
    if any(getattr(company, f) != values[f] for f in COMPARED):
        return True
    return (
        m2m["wz"].get(company.id, set()) != secondary or m2m["tags"].get(company.id, set()) != tags
    )


def write_rows(
    prepared: Prepared, *, user=None, progress: Callable[[int], None] | None = None
) -> dict:
    """Create or update every prepared row (caller holds the transaction). Returns counts."""
    rows = prepared.rows
    bulk.tune_connection()
    lon = np.array([r["lon"] if r["lon"] is not None else np.nan for r in rows], dtype=float)
    lat = np.array([r["lat"] if r["lat"] is not None else np.nan for r in rows], dtype=float)
    district, inside = placement_index().place(lon, lat)
    match_ids = [r["match"] for r in rows if r["match"]]
    # plain namespaces instead of model instances: 10x cheaper to build for 100,000 rows
    attnames = [f.attname for f in Company._meta.concrete_fields]
    existing: dict[int, SimpleNamespace] = {}
    for start in range(0, len(match_ids), BATCH):
        for d in Company.objects.filter(pk__in=match_ids[start : start + BATCH]).values(*attnames):
            existing[d["id"]] = SimpleNamespace(**d)
    blank = {a: None for a in attnames}
    m2m = {"wz": {}, "tags": {}}
    through_wz = Company.secondary_wz.through
    through_tags = Company.tags.through
    for start in range(0, len(match_ids), BATCH):
        chunk = match_ids[start : start + BATCH]
        for cid, wid in through_wz.objects.filter(company_id__in=chunk).values_list(
            "company_id", "wzcode_id"
        ):
            m2m["wz"].setdefault(cid, set()).add(wid)
        for cid, name in through_tags.objects.filter(company_id__in=chunk).values_list(
            "company_id", "tag__name"
        ):
            m2m["tags"].setdefault(cid, set()).add(name)
    now = timezone.now()
    new: list[tuple[SimpleNamespace, dict]] = []
    changed: list[tuple[SimpleNamespace, dict]] = []
    unchanged = 0
    for i, values in enumerate(rows):
        fields = {f: values[f] for f in COMPARED}
        company = existing.get(values["match"]) if values["match"] else None
        if company is not None and not _diff(
            company, fields, set(values["secondary_wz"]), set(values["tags"]), m2m
        ):
            unchanged += 1
            continue
        target = company or SimpleNamespace(
            **(blank | {"public_id": uuid.uuid4(), "created_at": now})
        )
        for f, v in fields.items():
            setattr(target, f, v)
        target.match_key = values["match_key"]
        target.district_id = int(district[i]) or None
        target.in_programme_area = bool(inside[i])
        target.updated_at = now
        (changed if company else new).append((target, values))
    reason = _("import")
    created = [c for c, _v in new]
    bulk.insert_companies(created)
    bulk.insert_history(created, history_type="+", user=user, reason=reason)
    if progress:
        progress(len(created))
    updated = [c for c, _v in changed]
    bulk.update_companies(
        updated, [*COMPARED, "match_key", "district_id", "in_programme_area", "updated_at"]
    )
    bulk.insert_history(updated, history_type="~", user=user, reason=reason)
    # many-to-many: replace the links of created and changed companies
    touched = new + changed
    if touched:
        ids = [c.id for c, _v in touched]
        if not all(ids):  # backends without RETURNING on bulk insert: look the ids up
            raise RuntimeError("bulk_create did not return primary keys")
        for start in range(0, len(ids), BATCH):
            through_wz.objects.filter(company_id__in=ids[start : start + BATCH]).delete()
            through_tags.objects.filter(company_id__in=ids[start : start + BATCH]).delete()
        through_wz.objects.bulk_create(
            [
                through_wz(company_id=c.id, wzcode_id=w)
                for c, v in touched
                for w in v["secondary_wz"]
            ],
            batch_size=BATCH,
        )
        tags = {t.name: t.pk for t in _tags(sorted({t for _c, v in touched for t in v["tags"]}))}
        through_tags.objects.bulk_create(
            [through_tags(company_id=c.id, tag_id=tags[t]) for c, v in touched for t in v["tags"]],
            batch_size=BATCH,
        )
    return {"created": len(new), "updated": len(changed), "unchanged": unchanged}


# ---------------------------------------------------------------------------------------- jobs


@transaction.atomic
def create_import_job(*, data: bytes, file_name: str, user=None) -> ImportJob:
    """Store an uploaded file and read its columns; suggests a mapping from the column names."""
    columns, rows = read_table(data, file_name)
    if not columns:
        raise ImportFileError(_("The file has no header row."))
    total = sum(1 for r in rows if any(r))
    job = ImportJob(file_name=file_name, columns=columns, total_rows=total, created_by=user)
    job.mapping = suggest_mapping(columns)
    job.options = {"crs": "EPSG:4326", "source": file_name, "wz_values": {}, "constants": {}}
    job.file.save(file_name, ContentFile(data), save=False)
    job.save()
    return job


@transaction.atomic
def set_mapping(*, job: ImportJob, mapping: dict[str, str], options: dict, user=None) -> ImportJob:
    """Save the column mapping and options (CRS, source label, WZ value map, constant values)."""
    unknown = set(mapping) - set(FIELD_NAMES)
    if unknown:
        raise ValueError(f"unknown import fields: {sorted(unknown)}")
    if "name" not in mapping and not (options.get("constants") or {}).get("name"):
        raise ValueError(_("Map a column to the legal name."))
    try:
        parse_crs(options.get("crs") or "EPSG:4326")
    except GeoError as exc:
        raise ValueError(str(exc)) from exc
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.options = {**job.options, **options}
    job.status = ImportStatus.UPLOADED
    job.errors, job.warnings, job.counts = [], [], {}
    job.save()
    return job


def _progress_writer(job: ImportJob, base: int = 0, scale: float = 1.0):
    def write(n: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=base + int(n * scale))

    return write


def _prepare_job(job: ImportJob, *, progress_base: int = 0, scale: float = 1.0) -> Prepared:
    job.file.open("rb")
    try:
        data = job.file.read()
    finally:
        job.file.close()
    columns, rows = read_table(data, job.file_name)
    return prepare_rows(
        rows,
        columns,
        mapping=job.mapping,
        options=job.options,
        progress=_progress_writer(job, progress_base, scale),
    )


def _store_outcome(job: ImportJob, prepared: Prepared) -> None:
    errors = [p for p in prepared.problems if p.error]
    notes = [p for p in prepared.problems if not p.error]
    job.errors = [p.as_dict() for p in errors[:MAX_STORED_PROBLEMS]]
    job.warnings = [p.as_dict() for p in notes[:MAX_STORED_PROBLEMS]]
    would_update = sum(1 for r in prepared.rows if r["match"])
    job.counts = {
        "rows": prepared.total,
        "problems": len(errors),
        "notes": len(notes),
        "rows_with_problems": len({p.row for p in errors}),
        "matched": would_update,
        "new": prepared.total - would_update,
    }
    job.total_rows = prepared.total


def check_import(*, job: ImportJob) -> ImportJob:
    """Dry run: validate every row and store the problems; writes no company."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, processed_rows=0)
    try:
        prepared = _prepare_job(job)
    except (ImportFileError, GeoError) as exc:
        job.status, job.message = ImportStatus.FAILED, str(exc)
        job.save()
        return job
    _store_outcome(job, prepared)
    job.processed_rows = prepared.total
    job.status = ImportStatus.CHECKED if prepared.ok else ImportStatus.REFUSED
    job.message = ""
    job.save()
    return job


def apply_import(*, job: ImportJob, user=None) -> ImportJob:
    """Check again and, only if no row has a problem, write all rows in one transaction."""
    user = user or job.created_by
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING, processed_rows=0)
    try:
        prepared = _prepare_job(job, scale=0.5)
    except (ImportFileError, GeoError) as exc:
        job.status, job.message = ImportStatus.FAILED, str(exc)
        job.save()
        return job
    _store_outcome(job, prepared)
    if not prepared.ok:
        job.status = ImportStatus.REFUSED
        job.message = _("Nothing was imported: %(n)s rows have problems.") % {
            "n": job.counts["rows_with_problems"]
        }
        job.save()
        return job
    half = prepared.total // 2
    with transaction.atomic():
        counts = write_rows(prepared, user=user, progress=_progress_writer(job, half, 0.5))
    job.counts = {**job.counts, **counts}
    job.processed_rows = prepared.total
    job.status = ImportStatus.DONE
    job.message = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % counts
    job.save()
    return job


def start_check(*, job: ImportJob) -> None:
    """Run the dry run as a background task (inline when tasks run immediately)."""
    from verbund.companies.tasks import check_import_task

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, processed_rows=0)
    transaction.on_commit(lambda: check_import_task.enqueue(job.pk))


def start_apply(*, job: ImportJob) -> None:
    from verbund.companies.tasks import apply_import_task

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING, processed_rows=0)
    transaction.on_commit(lambda: apply_import_task.enqueue(job.pk))

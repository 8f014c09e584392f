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

import io
import logging
import math
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import numpy as np
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import Q
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
from verbund.companies.domain.import_fields import (
    FIELD_LABELS,
    FIELD_NAMES,
    FIELDS,
    Problem,
    RowContext,
    RowError,
    assemble,
    parse_row,
)
from verbund.companies.domain.import_reading import (
    ImportFileError,
    Note,
    Table,
    open_table,
    read_table,
)
from verbund.companies.domain.placement import placement_index
from verbund.companies.domain.postcodes import district_lookup
from verbund.companies.domain.wz import wz_lookup
from verbund.companies.enums import ImportStatus, PlacementPrecision
from verbund.companies.models import Company, District, ImportJob, WzCode
from verbund.core.errors import DomainError
from verbund.core.jobs import fail_stale
from verbund.core.uploads import validate_upload

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "FIELD_NAMES",
    "ImportFileError",
    "ImportMappingError",
    "Prepared",
    "Problem",
    "apply_import",
    "check_import",
    "create_import_job",
    "prepare_rows",
    "read_table",
    "set_mapping",
    "start_apply",
    "start_check",
    "suggest_mapping",
    "write_rows",
]  # fmt: skip

log = logging.getLogger(__name__)
MAX_STORED_PROBLEMS = 5000
PROGRESS_EVERY = 5000
BATCH = 2000
KINDS = frozenset({"csv", "xlsx"})
RUNNING = (ImportStatus.CHECKING, ImportStatus.APPLYING)
COMPARED = [
    "name", "trading_name", "legal_form", "register_court", "register_number", "external_id",
    "street", "postcode", "city", "lat", "lon", "main_wz_id", "employees", "size_class",
    "founding_year", "website", "competences", "offers", "source",
]  # fmt: skip
BUSY_MESSAGE = gettext_lazy("The register is being imported, try again shortly.")
ALREADY_RUNNING = gettext_lazy("This import is already running.")


class ImportMappingError(DomainError):
    """The mapping or options cannot be used (unknown field, no name column, unknown CRS)."""


def is_locked(exc: BaseException) -> bool:
    """A write that waited for SQLite's busy timeout while another connection held the lock."""
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


# ---------------------------------------------------------------------------------------- mapping


def _squash(text: str) -> str:
    import re

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


SAMPLES = 3
SAMPLE_ROWS = 50
SAMPLE_CHARS = 60
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def column_samples(columns: list[str], rows: Iterable[list[str]]) -> dict[str, list[str]]:
    """Up to three distinct non-empty values per column from the first rows, shortened: what the
    mapping step shows beside each column so the office sees what a column holds."""
    samples: dict[str, list[str]] = {c: [] for c in columns}
    try:
        for n, cells in enumerate(rows):
            if n >= SAMPLE_ROWS:
                break
            for column, value in zip(columns, cells, strict=False):
                # Shown, not imported: control characters (NUL, which PostgreSQL cannot store
                # in JSON) are dropped; the check reports them in the row itself.
                value = " ".join(_CONTROL.sub("", str(value or "")).split())
                if value and value not in samples[column] and len(samples[column]) < SAMPLES:
                    samples[column].append(value[:SAMPLE_CHARS])
    except (DomainError, ValueError):  # a broken row: the check reports it, with its row
        pass
    return samples


def job_samples(job: ImportJob) -> dict[str, list[str]]:
    """The samples stored with the job; read from the file for jobs uploaded before they were."""
    if "samples" in job.options:
        return job.options["samples"]
    try:
        with job.file.open("rb") as f:
            table = open_table(
                io.BytesIO(f.read()), job.file_name, kind=job.options.get("kind"),
                encoding=job.options.get("encoding"),
            )  # fmt: skip
            return column_samples(table.columns, table.rows)
    except (OSError, DomainError):
        return {}


# ---------------------------------------------------------------------------------------- checking


@dataclass
class Prepared:
    """The outcome of checking a file: values per row, the match found, and every problem."""

    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    provided: set[str] | None = None  # import fields the mapping and fixed values fill

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def ok(self) -> bool:
        return not any(p.error for p in self.problems)


class _Matcher:
    """Duplicates within the file, then the match with an existing company (register number, id in
    the source, normalised name and address)."""

    def __init__(self, source: str):
        self.source = source
        self.by_public: dict[str, int] = {}
        self.by_register: dict[str, int] = {}
        self.by_external: dict[tuple[str, str], int] = {}
        self.by_key: dict[str, tuple[int, str]] = {}
        self.seen_register: dict[str, int] = {}
        self.seen_external: dict[str, int] = {}
        self.seen_key: dict[str, int] = {}
        rows = Company.objects.values_list(
            "id", "public_id", "register_number", "source", "external_id", "match_key"
        )
        for pk, public, reg, src, ext, key in rows.iterator(chunk_size=5000):
            self.by_public[str(public)] = pk
            if reg:
                self.by_register.setdefault(normalise_register_number(reg), pk)
            if ext:
                self.by_external.setdefault((src, ext), pk)
            if key:
                self.by_key.setdefault(key, (pk, normalise_register_number(reg)))

    def _earlier(self, values: dict, nreg: str, rowno: int) -> int | None:
        external = values["external_id"]
        earlier = None
        if nreg:
            earlier = self.seen_register.get(nreg)
            self.seen_register.setdefault(nreg, rowno)
        if earlier is None and external:
            earlier = self.seen_external.get(external)
            self.seen_external.setdefault(external, rowno)
        if earlier is None and not nreg and not external and values["name"]:
            earlier = self.seen_key.get(values["match_key"])
            self.seen_key.setdefault(values["match_key"], rowno)
        return earlier

    def match(self, values: dict, rowno: int, errors: list[RowError]) -> int | None:
        nreg = normalise_register_number(values["register_number"])
        external = values["external_id"]
        if (earlier := self._earlier(values, nreg, rowno)) is not None:
            errors.append(RowError(_("duplicate of row %(n)s") % {"n": earlier}, field="name"))
        public = values["public_id"]
        match = self.by_public.get(public) if public else None
        if public and match is None:
            errors.append(
                RowError(_("no company has the id %(id)s") % {"id": public}, field="public_id")
            )
        if match is None and nreg:
            match = self.by_register.get(nreg)
        if match is None and external:
            match = self.by_external.get((self.source, external))
        if match is None and values["name"] and not external:
            hit = self.by_key.get(values["match_key"])
            if hit and nreg and hit[1] and hit[1] != nreg:
                errors.append(
                    RowError(
                        _("same name and address as an existing company with register number "
                          "%(other)s") % {"other": hit[1]},
                        field="register_number",
                    )
                )  # fmt: skip
            elif hit:
                match = hit[0]
        return match


def _place(out: Prepared, xs: list[float], ys: list[float], crs: str) -> None:
    """Transform every row's coordinates to WGS84 at once; flag those outside the CRS's bounds."""
    if not xs:
        return
    lon, lat, inside = to_wgs84(crs, np.array(xs), np.array(ys))
    given = np.isfinite(np.array(xs)) & np.isfinite(np.array(ys))
    for i in np.flatnonzero(given & ~inside):
        out.problems.append(
            Problem(
                out.rows[i]["row"],
                "x/y",
                _("coordinates (%(x)s, %(y)s) outside the bounds of %(crs)s")
                % {"x": xs[i], "y": ys[i], "crs": crs},
            )
        )
    ok = given & inside
    for i, row in enumerate(out.rows):
        row["lon"] = round(float(lon[i]), 7) if ok[i] else None
        row["lat"] = round(float(lat[i]), 7) if ok[i] else None


def prepare_rows(
    rows: Iterable[list[str]],
    columns: list[str],
    *,
    mapping: dict[str, str],
    options: dict,
    progress: Callable[[int], None] | None = None,
    notes: list[Note] | None = None,
) -> Prepared:
    """Validate every row with the field parsers and resolve it to values and a matching company;
    writes nothing. `notes` are what the reader found (unclosed quotes, lines spanned)."""
    crs = options.get("crs") or "EPSG:4326"
    parse_crs(crs)
    source = options.get("source", "")
    constants = {k: str(v) for k, v in (options.get("constants") or {}).items() if k in FIELD_NAMES}
    wz_values = {
        str(k).strip().casefold(): str(v) for k, v in (options.get("wz_values") or {}).items()
    }
    ctx = RowContext(
        wz=wz_lookup(), wz_values=wz_values, this_year=date.today().year,
        districts=district_lookup(),
    )  # fmt: skip
    position = {c: i for i, c in enumerate(columns)}
    index_items = [
        (f, position[c]) for f, c in mapping.items() if f in FIELD_NAMES and c in position
    ]
    has_coordinates = any(f in ("x", "y") for f, _i in index_items)
    matcher = _Matcher(source)
    empty = dict.fromkeys(FIELD_NAMES, "") | constants
    out = Prepared(provided={f for f, _i in index_items} | set(constants))
    xs: list[float] = []
    ys: list[float] = []
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
        parsed, errors = parse_row(record, ctx)
        values = assemble(parsed, record, errors, source=source)
        if has_coordinates and not (record["x"] or record["y"]):
            out.problems.append(
                Problem(rowno, "x/y", _("no coordinates: imported without a location"), error=False)
            )
        xs.append(math.nan if values["x"] is None else values["x"])
        ys.append(math.nan if values["y"] is None else values["y"])
        values["row"] = rowno
        values["match_key"] = match_key(
            name=values["name"], street=values["street"], postcode=values["postcode"],
            city=values["city"],
        )  # fmt: skip
        values["match"] = matcher.match(values, rowno, errors)
        out.problems.extend(Problem(rowno, e.field, e.reason) for e in errors)
        out.rows.append(values)
    _place(out, xs, ys, crs)
    out.problems.extend(Problem(n.row, "", n.reason, error=n.error) for n in notes or [])
    out.problems.sort(key=lambda p: (p.row, not p.error))
    return out


# ---------------------------------------------------------------------------------------- writing


# Which columns of a company each import field fills: a re-import changes only these (issue 10)
PROVIDES: dict[str, tuple[str, ...]] = {
    "name": ("name",), "trading_name": ("trading_name",), "legal_form": ("legal_form",),
    "register_court": ("register_court",), "register_number": ("register_number",),
    "external_id": ("external_id",), "street": ("street",), "house_number": ("street",),
    "postcode": ("postcode",), "city": ("city",), "x": ("lat", "lon"), "y": ("lat", "lon"),
    "main_wz": ("main_wz_id",), "employees": ("employees", "size_class"),
    "size_class": ("size_class",), "founding_year": ("founding_year",), "website": ("website",),
    "competences": ("competences",), "offers": ("offers",), "secondary_wz": ("secondary_wz",),
    "tags": ("tags",), "public_id": (), "district": ("district_id",),
}  # fmt: skip


def provided_fields(prepared: Prepared) -> set[str]:
    """Company columns the file (mapped columns and fixed values) fills (unknown: all)."""
    if prepared.provided is None:
        return {*COMPARED, "secondary_wz", "tags"}
    return {c for f in prepared.provided for c in PROVIDES.get(f, ())}


@dataclass
class Plan:
    """What the apply would do with each row: create, change (field -> (old, new)) or leave."""

    new: list[tuple[int, dict]] = field(default_factory=list)
    changed: list[tuple[int, dict, SimpleNamespace, dict]] = field(default_factory=list)
    unchanged: int = 0
    provided: set[str] = field(default_factory=set)


def _existing(match_ids: list[int]) -> tuple[dict[int, SimpleNamespace], dict]:
    # plain namespaces instead of model instances: 10x cheaper to build for 100,000 rows
    attnames = [f.attname for f in Company._meta.concrete_fields]
    existing: dict[int, SimpleNamespace] = {}
    for start in range(0, len(match_ids), BATCH):
        for d in Company.objects.filter(pk__in=match_ids[start : start + BATCH]).values(*attnames):
            existing[d["id"]] = SimpleNamespace(**d)
    m2m: dict[str, dict[int, set]] = {"secondary_wz": {}, "tags": {}}
    through_wz = Company.secondary_wz.through
    through_tags = Company.tags.through
    for start in range(0, len(match_ids), BATCH):
        chunk = match_ids[start : start + BATCH]
        for cid, wid in through_wz.objects.filter(company_id__in=chunk).values_list(
            "company_id", "wzcode_id"
        ):
            m2m["secondary_wz"].setdefault(cid, set()).add(wid)
        for cid, name in through_tags.objects.filter(company_id__in=chunk).values_list(
            "company_id", "tag__name"
        ):
            m2m["tags"].setdefault(cid, set()).add(name)
    return existing, m2m


def _changes(
    company: SimpleNamespace, values: dict, m2m: dict, provided: set[str], file_fields: set[str]
) -> dict:
    """Field -> (old, new) for the provided fields whose value differs."""
    changes = {}
    for f in COMPARED:
        if f not in provided and f != "source":
            continue
        new = values[f]
        if f == "source" and not new:
            continue
        if f == "size_class" and "size_class" not in file_fields:
            new = new or company.size_class  # only the head count was given: keep a known class
        if getattr(company, f) != new:
            changes[f] = (getattr(company, f), new)
    for f in ("secondary_wz", "tags"):
        if f in provided:
            old, new = m2m[f].get(company.id, set()), set(values[f])
            if old != new:
                changes[f] = (sorted(old), sorted(new))
    stated = values.get("district_id")
    lat = changes["lat"][1] if "lat" in changes else company.lat
    if "district_id" in provided and stated and lat is None and stated != company.district_id:
        changes["district_id"] = (company.district_id, stated)  # places it by this zone
    return changes


def plan_rows(prepared: Prepared) -> Plan:
    """Compare every matched row with its company; nothing is written."""
    provided = provided_fields(prepared)
    file_fields = set(FIELD_NAMES) if prepared.provided is None else prepared.provided
    match_ids = [r["match"] for r in prepared.rows if r["match"]]
    existing, m2m = _existing(match_ids)
    plan = Plan(provided=provided)
    for i, values in enumerate(prepared.rows):
        company = existing.get(values["match"]) if values["match"] else None
        if company is None:
            plan.new.append((i, values))
        elif changes := _changes(company, values, m2m, provided, file_fields):
            plan.changed.append((i, values, company, changes))
        else:
            plan.unchanged += 1
    return plan


def preview_changes(plan: Plan, limit: int = MAX_STORED_PROBLEMS) -> list[dict]:
    """Per matched company that would change: its row, name and the fields old -> new."""
    labels = {f.attname: str(f.verbose_name) for f in Company._meta.concrete_fields}
    labels |= {"secondary_wz": str(FIELD_LABELS["secondary_wz"]), "tags": str(FIELD_LABELS["tags"])}
    codes = dict(WzCode.objects.values_list("pk", "code")) if plan.changed else {}
    stated = {c[3]["district_id"][1] for c in plan.changed if "district_id" in c[3]}
    stated |= {c[3]["district_id"][0] for c in plan.changed if "district_id" in c[3]}
    districts = {d.pk: str(d) for d in District.objects.filter(pk__in=stated - {None})}

    def shown(f: str, value) -> str:
        if f == "district_id":
            return districts.get(value, _shown(value))
        if f in ("main_wz_id", "secondary_wz"):
            value = (
                [codes.get(v, v) for v in value] if isinstance(value, list) else codes.get(value)
            )
        return _shown(value)

    out = []
    for _i, values, company, changes in plan.changed[:limit]:
        out.append(
            {
                "row": values["row"],
                "company": company.name,
                "public_id": str(company.public_id),
                "fields": [
                    {
                        "field": f,
                        "label": labels.get(f, f),
                        "old": shown(f, old),
                        "new": shown(f, new),
                    }
                    for f, (old, new) in changes.items()
                ],
            }
        )
    return out


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def write_rows(
    prepared: Prepared, *, user=None, progress: Callable[[int], None] | None = None
) -> dict:
    """Create or update every prepared row (caller holds the transaction). Returns counts.

    A matched company gets only the columns the file provides: a file without coordinates keeps
    the company's location, district and placement; unmapped fields are never blanked.
    """
    bulk.tune_connection()
    plan = plan_rows(prepared)
    provided = plan.provided
    placed = bool({"lat", "postcode", "district_id"} & provided)
    attnames = [f.attname for f in Company._meta.concrete_fields]
    blank = {a: None for a in attnames}
    now = timezone.now()
    new: list[tuple[SimpleNamespace, dict]] = []
    for _i, values in plan.new:
        target = SimpleNamespace(**(blank | {"public_id": uuid.uuid4(), "created_at": now}))
        for f in COMPARED:
            setattr(target, f, values[f])
        target.match_key = values["match_key"]
        target.district_id = None
        target.placement_precision = PlacementPrecision.UNKNOWN
        target.updated_at = now
        new.append((target, values))
    changed: list[tuple[SimpleNamespace, dict]] = []
    for _i, values, company, changes in plan.changed:
        for f, (_old, value) in changes.items():
            if f not in ("secondary_wz", "tags", "district_id"):
                setattr(company, f, value)
        company.match_key = match_key(
            name=company.name, street=company.street, postcode=company.postcode, city=company.city
        )
        company.updated_at = now
        changed.append((company, values))
    _place_targets(new + (changed if placed else []), stated="district_id" in provided)
    reason = _("import")
    created = [c for c, _v in new]
    bulk.insert_companies(created)
    bulk.insert_history(created, history_type="+", user=user, reason=reason)
    if progress:
        progress(len(created))
    updated = [c for c, _v in changed]
    columns = [f for f in COMPARED if f in provided or f == "source"]
    columns += ["match_key", "updated_at"]
    if placed:
        columns += ["district_id", "placement", "placement_precision"]
    bulk.update_companies(updated, columns)
    bulk.insert_history(updated, history_type="~", user=user, reason=reason)
    _write_links(new, changed, provided)
    return {"created": len(new), "updated": len(changed), "unchanged": plan.unchanged}


def _place_targets(targets: list[tuple], *, stated: bool) -> None:
    """District, placement and precision of each company from its final point, else its postcode's
    zone, else a district stated for it (the file's district column when `stated`, else the one
    it has while its precision is "zone")."""
    if not targets:
        return
    companies = [c for c, _v in targets]
    lon = np.array([np.nan if c.lon is None else c.lon for c in companies], dtype=float)
    lat = np.array([np.nan if c.lat is None else c.lat for c in companies], dtype=float)
    given = [
        (v.get("district_id") or 0)
        if stated and v.get("district_id")
        else (c.district_id or 0)
        if c.placement_precision == PlacementPrecision.ZONE
        else 0
        for c, v in targets
    ]
    district, placement, precision = placement_index().place_all(
        lon, lat, [c.postcode or "" for c in companies], given
    )
    for c, d, p, q in zip(companies, district, placement, precision, strict=True):
        c.district_id, c.placement, c.placement_precision = int(d) or None, p, q


def _write_links(new: list, changed: list, provided: set[str]) -> None:
    """Many-to-many: set the links of created companies, replace those the file provides."""
    through_wz = Company.secondary_wz.through
    through_tags = Company.tags.through
    for name, through in (("secondary_wz", through_wz), ("tags", through_tags)):
        touched = new + (changed if name in provided else [])
        if not touched:
            continue
        ids = [c.id for c, _v in touched]
        if not all(ids):  # backends without RETURNING on bulk insert: look the ids up
            raise RuntimeError("bulk_create did not return primary keys")
        for start in range(0, len(ids), BATCH):
            through.objects.filter(company_id__in=ids[start : start + BATCH]).delete()
        if name == "secondary_wz":
            links = [through(company_id=c.id, wzcode_id=w) for c, v in touched for w in v[name]]
        else:
            tags = {t.name: t.pk for t in _tags(sorted({t for _c, v in touched for t in v[name]}))}
            links = [through(company_id=c.id, tag_id=tags[t]) for c, v in touched for t in v[name]]
        through.objects.bulk_create(links, batch_size=BATCH)


# ---------------------------------------------------------------------------------------- jobs


def create_import_job(*, data: bytes, file_name: str, user=None) -> ImportJob:
    """Store an uploaded file and read its header only; suggests a mapping from the column names.

    The rows are read later by the check task, outside any transaction; here only the upload's type,
    size and encoding are checked (and an XLSX's declared row count against the limit).
    """
    kind = validate_upload(ContentFile(data, name=file_name), kinds=KINDS)
    table = open_table(io.BytesIO(data), file_name, kind=kind)
    if not table.columns:
        raise ImportFileError(_("The file has no header row."))
    job = ImportJob(
        file_name=file_name,
        columns=table.columns,
        total_rows=table.estimated_rows,
        created_by=user,
    )
    job.mapping = suggest_mapping(table.columns)
    job.options = {
        "crs": "EPSG:4326", "source": file_name, "wz_values": {}, "constants": {}, "kind": kind,
        "encoding": table.encoding, "samples": column_samples(table.columns, table.rows),
    }  # fmt: skip
    with transaction.atomic():
        job.file.save(file_name, ContentFile(data), save=False)
        job.save()
    return job


@transaction.atomic
def set_mapping(*, job: ImportJob, mapping: dict[str, str], options: dict, user=None) -> ImportJob:
    """Save the column mapping and options (CRS, source label, WZ value map, constant values)."""
    unknown = set(mapping) - set(FIELD_NAMES)
    if unknown:
        raise ImportMappingError(f"unknown import fields: {sorted(unknown)}")
    if "name" not in mapping and not (options.get("constants") or {}).get("name"):
        raise ImportMappingError(_("Map a column to the legal name."), field="name")
    try:
        parse_crs(options.get("crs") or "EPSG:4326")
    except GeoError as exc:
        raise ImportMappingError(str(exc), field="crs") from exc
    current = ImportJob.objects.select_for_update().get(pk=job.pk)
    if current.status in RUNNING:
        raise ImportMappingError(ALREADY_RUNNING)
    job.options = current.options
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.options = {**job.options, **options}
    job.status = ImportStatus.UPLOADED
    job.errors, job.warnings, job.counts, job.message = [], [], {}, ""
    job.save()
    return job


def _claim(job: ImportJob, to: str, *, allowed: Q | None = None) -> bool:
    """Move the job to the running state `to` with ONE conditional UPDATE: of several requests or
    tasks that try at once, exactly one wins. Without `allowed`, any state that is not running."""
    now = timezone.now()
    jobs = ImportJob.objects.filter(pk=job.pk)
    jobs = jobs.filter(allowed) if allowed is not None else jobs.exclude(status__in=RUNNING)
    won = jobs.update(
        status=to, processed_rows=0, message="", heartbeat_at=None, updated_at=now
    )  # no beat until a worker starts it: a job waiting in the queue is never taken for a dead one
    if won:
        job.status, job.processed_rows, job.message, job.heartbeat_at = to, 0, "", None
    return bool(won)


APPLICABLE = Q(status=ImportStatus.CHECKED) | Q(status=ImportStatus.FAILED, counts__problems=0)


def can_apply(job: ImportJob) -> bool:
    """Checked without problems, or failed (worker died, database busy) after such a check."""
    return job.status == ImportStatus.CHECKED or (
        job.status == ImportStatus.FAILED and (job.counts or {}).get("problems") == 0
    )


def _progress_writer(job: ImportJob, base: int = 0, scale: float = 1.0):
    def write(n: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=base + int(n * scale))

    return write


def _open_table(job: ImportJob, stream) -> Table:
    return open_table(
        stream, job.file_name, kind=job.options.get("kind"), encoding=job.options.get("encoding")
    )


def _prepare_job(job: ImportJob, *, progress_base: int = 0, scale: float = 1.0) -> Prepared:
    """Read and check the stored file row by row; runs outside any transaction."""
    stored = job.file.storage.open(job.file.name, "rb")
    try:
        table = _open_table(job, getattr(stored, "file", stored))
        return prepare_rows(
            table.rows,
            table.columns,
            mapping=job.mapping,
            options=job.options,
            progress=_progress_writer(job, progress_base, scale),
            notes=table.notes,
        )
    finally:
        stored.close()


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


OUTCOME_FIELDS = [
    "status", "message", "errors", "warnings", "counts", "total_rows", "processed_rows",
    "updated_at",
]  # fmt: skip


def _fail(job: ImportJob, exc: BaseException) -> ImportJob:
    """Whatever went wrong, the job ends failed with a message, never left running."""
    if isinstance(exc, DomainError):  # ImportFileError, GeoError, RowError
        message = str(exc)
    elif is_locked(exc):
        message = str(BUSY_MESSAGE)
    else:
        log.exception("import %s failed", job.pk)
        message = _("The import failed and nothing was written: %(e)s") % {"e": exc}
    job.status, job.message = ImportStatus.FAILED, message
    job.save(update_fields=["status", "message", "updated_at"])
    return job


def check_import(*, job: ImportJob, claimed: bool = False) -> ImportJob:
    """Dry run: validate every row and store the problems; writes no company.

    `claimed`: the caller (`start_check`) has already moved the job to "checking"; otherwise this
    claims it and returns the job unchanged when another check or apply is running.
    """
    if not claimed and not _claim(job, ImportStatus.CHECKING):
        return job
    try:
        prepared = _prepare_job(job)
    except Exception as exc:
        return _fail(job, exc)
    _store_outcome(job, prepared)
    try:
        plan = plan_rows(prepared)
    except Exception as exc:
        return _fail(job, exc)
    job.counts["changed"] = len(plan.changed)
    job.counts["changes"] = preview_changes(plan, limit=1000)  # until ImportJob has its own field
    job.processed_rows = prepared.total
    job.status = ImportStatus.CHECKED if prepared.ok else ImportStatus.REFUSED
    job.message = ""
    job.save(update_fields=OUTCOME_FIELDS)
    return job


def apply_import(*, job: ImportJob, user=None, claimed: bool = False) -> ImportJob:
    """Check again and, only if no row has a problem, write all rows in one transaction.

    The file is read and checked before the transaction begins, so the write lock is held only while
    rows are written. Any error leaves the job failed with a message (nothing written).
    """
    user = user or job.created_by
    if not claimed and not _claim(job, ImportStatus.APPLYING):
        return job
    try:
        prepared = _prepare_job(job, scale=0.5)
        _store_outcome(job, prepared)
        if not prepared.ok:
            job.status = ImportStatus.REFUSED
            job.message = _("Nothing was imported: %(n)s rows have problems.") % {
                "n": job.counts["rows_with_problems"]
            }
            job.save(update_fields=OUTCOME_FIELDS)
            return job
        half = prepared.total // 2
        with transaction.atomic():
            counts = write_rows(prepared, user=user, progress=_progress_writer(job, half, 0.5))
    except Exception as exc:
        return _fail(job, exc)
    job.counts = {**job.counts, **counts}
    job.processed_rows = prepared.total
    job.status = ImportStatus.DONE
    job.message = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % counts
    job.save(update_fields=OUTCOME_FIELDS)
    return job


def start_check(*, job: ImportJob) -> bool:
    """Claim the job for a dry run and run it as a background task (inline when tasks run
    immediately). False when a check or apply of this job is already running."""
    from verbund.companies.tasks import check_import_task

    if not _claim(job, ImportStatus.CHECKING):
        return False
    transaction.on_commit(lambda: check_import_task.enqueue(job.pk))
    return True


def start_apply(*, job: ImportJob) -> bool:
    """Claim the job for applying; exactly one of several simultaneous requests wins (True)."""
    from verbund.companies.tasks import apply_import_task

    if not _claim(job, ImportStatus.APPLYING, allowed=APPLICABLE):
        return False
    transaction.on_commit(lambda: apply_import_task.enqueue(job.pk))
    return True


def fail_stale_jobs(*, now=None) -> int:
    """Mark checks and applies whose worker stopped beating as failed (they can be started again)."""
    return fail_stale(model=ImportJob, running=list(RUNNING), failed=ImportStatus.FAILED, now=now)

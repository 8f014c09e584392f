"""The open-data files: the list of operations and the indicators as CSV and JSON, and a JSON
Schema for each JSON file carrying the field labels in German and English.

The CSV goes through `core.exports.csv_bytes` (UTF-8 with BOM and semicolons, so a spreadsheet opens
it with umlauts intact); lists (contractors) are joined with "; ". JSON numbers are written as
numbers (money with two decimals), dates and times as ISO 8601 strings.
"""

import datetime as dt
import json
from decimal import Decimal

from django.urls import reverse

from verbund.core.exports import csv_bytes
from verbund.reporting.domain.queries import (
    INDICATOR_FIELDS,
    OPERATION_FIELDS,
    indicator_rows,
    operation_rows,
)

LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "note_de": "Die Daten dürfen unter Nennung der Quelle frei verwendet werden.",
    "note_en": "The data may be used freely, provided the source is named.",
}

# field -> (JSON Schema type, German label, English label, description)
OPERATION_SCHEMA = {
    "operation_code": ("string", "Kennung des Vorhabens", "Operation code",
                       "Unique identifier of the operation."),
    "operation_name": ("string", "Name des Vorhabens", "Operation name", "Title of the operation."),
    "beneficiary": ("string", "Begünstigter", "Beneficiary",
                    "The body responsible for the operation (no natural persons)."),
    "contractors": ("array", "Auftragnehmer (Netzwerkträger)", "Contractors (network carriers)",
                    "The network carriers under a performance-based contract."),
    "purpose_and_achievements": ("string", "Zweck und Ergebnisse", "Purpose and achievements",
                                 "Goal and results of the operation."),
    "start_date": ("date", "Beginn", "Start date", "First day of the operation (ISO 8601)."),
    "end_date": ("date", "Ende", "End date", "Expected or actual last day (ISO 8601)."),
    "total_cost_eur": ("number", "Gesamtkosten (EUR)", "Total cost (EUR)",
                       "The financing plan's amounts, or the volumes of the operation's contracts "
                       "where the plan holds only shares."),
    "fund": ("string", "Fonds", "Fund", "The EU fund(s) co-financing the operation."),
    "specific_objective": ("string", "Spezifisches Ziel", "Specific objective",
                           "Free text; n/a where the 2021–2027 codes do not apply."),
    "union_cofinancing_rate": ("number", "Kofinanzierungssatz der Union (%)",
                               "Union co-financing rate (%)", "Share of the EU funds in percent."),
    "location": ("string", "Ort", "Location", "Where the operation takes place."),
    "country": ("country", "Staat", "Country", "ISO 3166-1 alpha-2 code."),
    "type_of_intervention": ("string", "Interventionskategorie", "Type of intervention",
                             "Free text; n/a where the 2021–2027 codes do not apply."),
    "updated": ("datetime", "Zuletzt aktualisiert", "Last updated",
                "When the operation's data last changed (ISO 8601)."),
}  # fmt: skip
INDICATOR_SCHEMA = {
    "code": ("string", "Kennung", "Code", "Indicator code, e.g. RCO01."),
    "name": ("string", "Bezeichnung", "Name", "Name of the indicator (German)."),
    "unit": ("string", "Einheit", "Unit", "Unit of measurement."),
    "baseline": ("number", "Ausgangswert", "Baseline", "Value at the start."),
    "target": ("number", "Zielwert", "Target", "Value to be reached."),
    "value": ("number?", "Wert", "Value", "Value reached in the period."),
    "period": ("string?", "Zeitraum", "Period", "ISO 8601 interval start/end."),
    "scope": ("string", "Bezug", "Scope", "Operation code, or operation code/network."),
}  # fmt: skip
TYPES = {
    "string": {"type": "string"},
    "string?": {"type": ["string", "null"]},
    "number": {"type": "number"},
    "number?": {"type": ["number", "null"]},
    "array": {"type": "array", "items": {"type": "string"}},
    "date": {"type": ["string", "null"], "format": "date",
             "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "datetime": {"type": ["string", "null"], "format": "date-time"},
    "country": {"type": "string", "pattern": "^([A-Z]{2}|n/a)$"},
}  # fmt: skip
assert tuple(OPERATION_SCHEMA) == OPERATION_FIELDS
assert tuple(INDICATOR_SCHEMA) == INDICATOR_FIELDS


def schema(kind: str, *, base_url: str = "") -> dict:
    fields = OPERATION_SCHEMA if kind == "operations" else INDICATOR_SCHEMA
    title_de = "Liste der Vorhaben" if kind == "operations" else "Indikatoren"
    title_en = "List of operations" if kind == "operations" else "Indicators"
    properties = {
        name: {
            **TYPES[type_],
            "title": en,
            "description": description,
            "x-labels": {"de": de, "en": en},
        }
        for name, (type_, de, en, description) in fields.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base_url}{reverse(f'open_data:{kind}_schema')}",
        "title": title_en,
        "x-labels": {"de": title_de, "en": title_en},
        "type": "object",
        "required": ["title", "licence", kind],
        "properties": {
            "title": {"type": "string"},
            "licence": {"type": "object"},
            kind: {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": properties,
                    "required": list(fields),
                    "additionalProperties": False,
                },
            },
        },
    }


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _csv_value(value):
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def rows_for(kind: str) -> list[dict]:
    return operation_rows() if kind == "operations" else indicator_rows()


def json_document(kind: str) -> dict:
    return {
        "title": "Liste der Vorhaben / List of operations"
        if kind == "operations"
        else "Indikatoren / Indicators",
        "licence": LICENCE,
        kind: [{k: _json_value(v) for k, v in row.items()} for row in rows_for(kind)],
    }


def json_bytes(kind: str) -> bytes:
    return json.dumps(json_document(kind), ensure_ascii=False, indent=1).encode()


def csv_document(kind: str) -> bytes:
    fields = OPERATION_FIELDS if kind == "operations" else INDICATOR_FIELDS
    return csv_bytes(fields, ([_csv_value(row[f]) for f in fields] for row in rows_for(kind)))


def file_list() -> list[dict]:
    """The files for the human page, in the order shown."""
    return [
        {"kind": kind, "fmt": fmt, "url": reverse(f"open_data:{kind}_{fmt}")}
        for kind in ("operations", "indicators")
        for fmt in ("csv", "json", "schema")
    ]

"""Reading an import file: encoding, delimiter, rows streamed one at a time, and the limits.

CSV files are decoded as UTF-8 (with or without BOM), UTF-16 (recognised by its BOM) or Windows-1252,
checked over the whole file before any row is read, so a bad byte in row 90,000 is reported at upload.
Rows are then streamed: nothing holds the whole file as text, and the row limit
(`settings.VERBUND_MAX_IMPORT_ROWS`) stops reading as soon as it is passed. A quoted value that runs
over several lines gets a note; one that is never closed (and so would swallow the rest of the file)
is an error. XLSX files are read with openpyxl's streaming reader.
"""

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from verbund.core.errors import DomainError

CSV_FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters: the csv module's own limit
SCAN_CHUNK = 1 << 20
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class ImportFileError(DomainError):
    """The file as a whole cannot be read (encoding, format, size, row count); nothing was written."""


@dataclass
class Note:
    """Something found while reading a row: an error refuses the file, a note only informs."""

    row: int
    reason: str
    error: bool = False


@dataclass
class Table:
    columns: list[str]
    rows: Iterator[list[str]]
    notes: list[Note] = field(default_factory=list)
    estimated_rows: int = 0
    encoding: str = ""


def max_rows() -> int:
    return int(getattr(settings, "VERBUND_MAX_IMPORT_ROWS", 500_000))


def is_xlsx(file_name: str) -> bool:
    return file_name.lower().endswith(XLSX_SUFFIXES)


def _too_many_rows(limit: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows; at most %(max)s rows can be imported at once. Split it into several files.")
        % {"max": limit}
    )  # fmt: skip


# ---------------------------------------------------------------------------------------- text


def scan_encoding(stream: BinaryIO) -> tuple[str, int]:
    """The encoding of a CSV file and its number of lines; reads the whole file once, keeps none."""
    stream.seek(0)
    head = stream.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "cp1252"]
    for encoding in candidates:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 0
        try:
            for chunk in iter(lambda: stream.read(SCAN_CHUNK), b""):
                lines += decoder.decode(chunk).count("\n")
            lines += decoder.decode(b"", final=True).count("\n")
        except UnicodeDecodeError:
            continue
        finally:
            stream.seek(0)
        return encoding, lines
    if candidates == ["utf-16"]:
        raise ImportFileError(_("The file starts as UTF-16 text but contains bytes that are not."))
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _csv_table(stream: BinaryIO, encoding: str, lines: int, limit: int) -> Table:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    first = text.readline()
    delimiter = max([";", ",", "\t"], key=first.count)
    notes: list[Note] = []
    span = {"lines": 0, "quotes": 0, "line": 0}

    def physical_lines() -> Iterator[str]:
        for line in itertools.chain([first], text):
            span["lines"] += 1
            span["quotes"] += line.count('"')
            yield line

    reader = csv.reader(physical_lines(), delimiter=delimiter)

    def read_records() -> Iterator[list[str]]:
        record = 0
        try:
            for row in reader:
                record += 1
                start = span["line"] + 1
                spanned, odd = span["lines"], span["quotes"] % 2
                span["line"] += spanned
                span["lines"] = span["quotes"] = 0
                if spanned > 1 and odd:
                    notes.append(Note(record, _unclosed(start), error=True))
                elif spanned > 1:
                    notes.append(Note(record, _multiline(start, start + spanned - 1)))
                yield row
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise ImportFileError(
                    _("row %(row)s has a value longer than %(limit)s characters, more than a CSV value may have")
                    % {"row": record + 1, "limit": CSV_FIELD_LIMIT}
                ) from exc  # fmt: skip
            raise ImportFileError(
                _("The file could not be read as CSV at row %(row)s: %(e)s")
                % {"row": record + 1, "e": exc}
            ) from exc
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is not %(encoding)s text after row %(row)s.")
                % {"encoding": encoding, "row": record}
            ) from exc

    records = read_records()
    header = next(records, [])
    return Table(
        columns=columns_of(header),
        rows=_limited(records, limit),
        notes=notes,
        estimated_rows=max(0, lines - 1),
    )


def _unclosed(start: int) -> str:
    return _(
        'a quotation mark (") opened in file line %(line)s is never closed: the rest of the file '
        "would be read as one value"
    ) % {"line": start}


def _multiline(start: int, end: int) -> str:
    return _(
        "a quoted value spans file lines %(start)s–%(end)s; check that no quotation mark was left "
        "open (the rows in between would be read as one value)"
    ) % {"start": start, "end": end}


def _limited(rows: Iterator[list[str]], limit: int) -> Iterator[list[str]]:
    count = 0
    for row in rows:
        if any(row):
            count += 1
            if count > limit:
                raise _too_many_rows(limit)
        yield row


# ---------------------------------------------------------------------------------------- xlsx


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_table(stream: BinaryIO, limit: int) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        declared = sheet.max_row or 0
    except Exception as exc:
        raise ImportFileError(_("The spreadsheet could not be read: %(e)s") % {"e": exc}) from exc
    if declared - 1 > limit:
        book.close()
        raise _too_many_rows(limit)

    def read() -> Iterator[list[str]]:
        try:
            for row in sheet.iter_rows(values_only=True):
                yield [_cell(v) for v in row]
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(
                _("The spreadsheet could not be read: %(e)s") % {"e": exc}
            ) from exc
        finally:
            book.close()

    rows = read()
    header = next(rows, [])
    return Table(
        columns=columns_of(header), rows=_limited(rows, limit), estimated_rows=max(0, declared - 1)
    )


# ---------------------------------------------------------------------------------------- both


def open_table(
    stream: BinaryIO, file_name: str, *, kind: str | None = None, encoding: str | None = None
) -> Table:
    """Header and streamed rows of a CSV (`;`, `,` or tab, detected) or XLSX file.

    `kind` is what the upload check found in the first bytes ("csv"/"xlsx"); without it the file
    name decides. `encoding` skips the scan when the upload already found it.
    """
    limit = max_rows()
    if kind == "xlsx" or (kind is None and is_xlsx(file_name)):
        return _xlsx_table(stream, limit)
    lines = 0
    if encoding is None:
        encoding, lines = scan_encoding(stream)
    table = _csv_table(stream, encoding, lines, limit)
    table.encoding = encoding
    return table


def read_table(data: bytes, file_name: str) -> tuple[list[str], Iterator[list[str]]]:
    """Header and rows of a file held in memory (tests, small files)."""
    table = open_table(io.BytesIO(data), file_name)
    return table.columns, table.rows


def columns_of(header: list[str]) -> list[str]:
    """Column names, made unique and non-empty (a trailing `;` gives an empty last column)."""
    out: list[str] = []
    for i, name in enumerate(header, start=1):
        name = (name or "").strip() or f"#{i}"
        while name in out:
            name += "'"
        out.append(name)
    return out

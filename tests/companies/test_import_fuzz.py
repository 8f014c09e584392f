"""Random text, numbers and bytes in every import column: the dry run either refuses the row (naming
row and field) or the apply writes it without a database error (issue 9, items 7 and 10; acceptance 2).

Runs on SQLite and, with DATABASE_URL, on PostgreSQL, which refuses more (NUL bytes, lengths, ranges).
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from verbund.companies.domain.import_fields import FIELD_NAMES
from verbund.companies.domain.imports import prepare_rows, write_rows
from verbund.companies.models import Company

pytestmark = pytest.mark.integration

TRICKY = [
    "", "0", "-1", "1e20", "1e309", "nan", "inf", "-inf", "NaN", "99999", "2147483648", "1,5",
    "\x00", "a\x00b", "\x1b[0m", "=HYPERLINK(\"x\")", "A" * 256, "t" * 81, "25.62.0", "1.11", "04229",
    "12.37", "51.34", "www.example.org", "http://", "ü" * 300, "HRB 1", "\ufeff", "\u202e",
]  # fmt: skip
tricky = st.sampled_from(TRICKY)
value = st.one_of(
    tricky,
    tricky,
    tricky,
    tricky,  # the known troublemakers more often than random text
    st.text(max_size=300),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
)
VALID = {
    "name": "Fuzz GmbH", "trading_name": "Fuzz", "legal_form": "GmbH", "register_court": "Leipzig",
    "register_number": "HRB 77", "public_id": "", "external_id": "F-1", "street": "Weg",
    "house_number": "1", "postcode": "04229", "city": "Leipzig", "x": "12.37", "y": "51.34",
    "main_wz": "25.62.0", "secondary_wz": "22.29", "employees": "12", "size_class": "small",
    "founding_year": "1990", "website": "example.org", "competences": "Fräsen", "offers": "Teile",
    "tags": "Metall; Guss",
}  # fmt: skip
# a valid row with one to three columns replaced by random values, so that both outcomes occur
row = st.dictionaries(st.sampled_from(FIELD_NAMES), value, min_size=1, max_size=3).map(
    lambda changed: VALID | changed
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=row)
@example(values=VALID | {"name": "A" * 256})  # the cases the probing found, always tried
@example(values=VALID | {"city": "a\x00b"})
@example(values=VALID | {"tags": "t" * 81})
@example(values=VALID | {"employees": "1e20"})
@example(values=VALID | {"x": "nan", "y": "nan"})
def test_random_values_are_refused_by_the_dry_run_or_written(db, values):
    columns = list(values)
    prepared = prepare_rows(
        [[values[c] for c in columns]],
        columns,
        mapping={c: c for c in columns},
        options={"crs": "EPSG:4326", "source": "fuzz"},
    )
    for problem in prepared.errors:
        assert problem.row == 2 and problem.field and problem.reason
    event("refused" if prepared.errors else "written")
    try:
        with transaction.atomic():  # undone after each example
            if prepared.ok and prepared.total:  # an all-empty row is skipped
                counts = write_rows(prepared)  # must not meet a database error
                assert counts["created"] + counts["updated"] + counts["unchanged"] == 1
                assert Company.objects.filter(source="fuzz").count() == 1
            raise _Undo
    except _Undo:
        pass


class _Undo(Exception):
    pass

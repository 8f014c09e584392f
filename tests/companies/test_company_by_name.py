"""Issue 9 item 9: the same new company added in parallel requests is created once."""

import threading

import pytest
from django.db import connection, connections

from tests.factories.companies import CompanyFactory
from verbund.companies.domain.companies import get_or_create_company_by_name
from verbund.companies.models import Company
from verbund.core.errors import DomainError

pytestmark = pytest.mark.integration


def test_an_existing_company_is_found_by_its_normalised_name(db, make_user):
    existing = CompanyFactory(name="Müller & Co. GmbH")
    company, created = get_or_create_company_by_name(name="mueller  co", user=make_user("office"))
    assert (company, created) == (existing, False)
    new, created = get_or_create_company_by_name(name="Neue Werkstatt GmbH", user=None)
    assert created and new.name == "Neue Werkstatt GmbH"
    again, created = get_or_create_company_by_name(name="Neue Werkstatt  GmbH")
    assert (again, created) == (new, False)


@pytest.mark.parametrize("name", ["", "   ", "x" * 256, "Null\x00Byte"])
def test_names_the_register_cannot_hold_are_refused(db, name):
    with pytest.raises(DomainError) as info:
        get_or_create_company_by_name(name=name)
    assert info.value.field == "name"
    assert not Company.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_calls_with_the_same_new_name_create_one_company():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises all writers anyway")
    n = 4
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = get_or_create_company_by_name(name=f"Parallel {i % 2} GmbH")
        except Exception as exc:  # reported below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(Company.objects.values_list("name", flat=True)) == [
        "Parallel 0 GmbH",
        "Parallel 1 GmbH",
    ]
    assert sorted(created for _company, created in results) == [False, False, True, True]

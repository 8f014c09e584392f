"""The session-wide `demo_db` fixture: loaded once, invisible to other tests, writes undone per test.

The first test runs before every `demo_db` test (the conftest moves those to the end) although it
comes first here only by accident of the file: it would fail if the demo leaked into other tests.
"""

import pytest

from verbund.programmes.models import Project

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_tests_without_demo_db_see_an_empty_database():
    assert not Project.objects.exists()


def test_a_write_inside_a_demo_test(demo_db):
    Project.objects.update(title="Überschrieben")
    assert Project.objects.filter(title="Überschrieben").exists()
    assert demo_db["office"].groups.filter(name="office").exists()


def test_is_undone_before_the_next_demo_test(demo_db):
    assert Project.objects.exists()
    assert not Project.objects.filter(title="Überschrieben").exists()

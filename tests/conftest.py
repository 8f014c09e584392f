"""Shared fixtures: users for every role, the shared data folder, the demo loaded once per session."""

from pathlib import Path

import pytest
from django.test import override_settings

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


INLINE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _run_tasks_inline(settings):
    """Background tasks run inline in tests, so a test sees their effect at once."""
    settings.TASKS = INLINE_TASKS


@pytest.fixture(autouse=True)
def _start_in_default_language():
    """Every test starts with no language active (so the default, settings.LANGUAGE_CODE, applies):
    a request to an /en/ page leaves English active in the thread, and the next test's reverse()
    or domain messages would otherwise speak English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_history_request_left_over():
    """No test inherits another test's request as the author of its history rows."""
    from simple_history.models import HistoricalRecords

    def forget() -> None:
        if hasattr(HistoricalRecords.context, "request"):
            del HistoricalRecords.context.request

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache (a rolled-back test can leave entries whose
    data-versioned keys the next test's rows would reproduce on SQLite), and public pages are
    rendered afresh, so that query counts and page contents are those of the view
    (tests/core/test_public_cache.py turns the page cache on)."""
    from django.core.cache import cache

    cache.clear()
    settings.VERBUND_CACHE_PUBLIC_PAGES = False
    settings.VERBUND_DATA_VERSION_SECONDS = 0  # tests write without signals too (imports)


@pytest.fixture(autouse=True)
def _no_required_mfa(settings):
    """Production requires two-factor sign-in for office, reviewers and auditors; the tests of
    everything else sign in without it (tests/core/test_accounts.py covers the requirement)."""
    settings.VERBUND_REQUIRE_MFA = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The real hasher costs about a second per user on this machine; tests need no strength."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data; tests that need it skip with a reason where it is absent (it is present in CI)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"real data sets not found at {SHARED_DATA} (../shared/data beside the project)"
        )
    return SHARED_DATA


@pytest.fixture
def make_user(db):
    from tests.factories.core import UserFactory

    def make(*roles: str, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def office_user(make_user):
    return make_user("office")


@pytest.fixture
def auditor_user(make_user):
    return make_user("auditor")


@pytest.fixture
def reviewer_user(make_user):
    return make_user("reviewer")


@pytest.fixture
def carrier_user(make_user):
    return make_user("carrier")


@pytest.fixture
def member_user(make_user):
    return make_user("member")


@pytest.fixture
def applicant_user(make_user):
    return make_user("applicant")


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client


@pytest.fixture
def auditor_client(client, auditor_user):
    client.force_login(auditor_user)
    return client


# The whole demo, loaded once per test process ---------------------------------------------------


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that use `demo_db` run last (after pytest-django's own ordering), so that the demo, held
    in an open transaction from the first of them to the end of the session, is never seen by a test
    that expects an empty database."""
    items.sort(key=lambda item: "demo_db" in getattr(item, "fixturenames", ()))


class _LoadedDemo:
    """The demo held in an open transaction in this test process, or nothing."""

    outer = None
    users: dict | None = None
    ever_loaded = False

    @classmethod
    def load(cls, blocker) -> dict:
        from django.db import transaction

        from verbund.core.demo import DEMO_LOGINS, load_demo
        from verbund.core.models import User

        if cls.outer is not None:
            return cls.users
        with blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                with override_settings(TASKS=INLINE_TASKS, PASSWORD_HASHERS=FAST_HASHERS):
                    load_demo()
                cls.users = {
                    u.username: u
                    for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])
                }
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        cls.outer, cls.ever_loaded = outer, True
        return cls.users

    @classmethod
    def unload(cls, blocker) -> None:
        from django.db import transaction

        if cls.outer is None:
            return
        with blocker.unblock():
            transaction.set_rollback(True)
            cls.outer.__exit__(None, None, None)
        cls.outer, cls.users = None, None


def pytest_runtest_setup(item):
    """A test that does not ask for the demo never sees it: should the scheduler hand this process
    such a test after a demo test (pytest-xdist may move tests between workers), the demo is rolled
    back first, and loaded again before the next demo test (before its fixtures open their
    transaction)."""
    from pytest_django.plugin import blocking_manager_key

    wants_demo = "demo_db" in getattr(item, "fixturenames", ())
    blocker = item.config.stash[blocking_manager_key]
    if not wants_demo and _LoadedDemo.outer is not None:
        _LoadedDemo.unload(blocker)
    elif wants_demo and _LoadedDemo.outer is None and _LoadedDemo.ever_loaded:
        _LoadedDemo.load(blocker)


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker):
    """Loads the demo for the first test that asks for it; rolls it back at the end."""
    _LoadedDemo.load(django_db_blocker)
    yield _LoadedDemo
    _LoadedDemo.unload(django_db_blocker)


@pytest.fixture
def demo_db(request, _demo_session, db):
    """The whole demo (`verbund.core.demo.load_demo`: users, programmes, companies, the finished
    analysis, competitions), loaded ONCE per test process instead of once per test (about 20 s).

    Returns the demo users by username (`demo_db["office"]`, `"auditor"`, `"reviewer"`, `"carrier"`,
    `"member"`, `"applicant"`; passwords as in `DEMO_LOGINS`). Use it in tests that read the demo:

        def test_sheet(client, demo_db):
            client.force_login(demo_db["office"])
            ...

    How: the demo is written inside a transaction opened by the first test that asks for it and rolled
    back at the end of the session; each test runs in a savepoint inside it (pytest-django's `db`), so
    what a test writes is undone after it, like in any `django_db` test. Tests using `demo_db` are
    moved to the end of the run so that no other test sees the demo. Not for transactional tests
    (`transaction=True`, `live_server`, browser tests): they would need the demo committed.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or "live_server" in request.fixturenames:
        pytest.fail("demo_db is for non-transactional tests (no transaction=True, no live_server)")
    return _demo_session.users

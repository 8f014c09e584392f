"""Shared fixtures: users for every role, the shared data folder, browser settings."""

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _run_tasks_inline(settings):
    """Background tasks run inline in tests, so a test sees their effect at once."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The real hasher costs about a second per user on this machine; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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

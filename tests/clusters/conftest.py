import pytest

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Run analysis tasks inline (tests/conftest.py's VERBUND_TASKS arrives after settings load)."""
    settings.TASKS = IMMEDIATE

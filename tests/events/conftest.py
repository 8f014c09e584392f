import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages_in_domain_tests(request):
    """Domain tests match English messages; pages are requested in the default language."""
    if "client" in request.fixturenames or "page" in request.fixturenames:
        yield
        return
    with translation.override("en"):
        yield

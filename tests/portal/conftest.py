import pytest


@pytest.fixture(autouse=True)
def _mails_at_once(monkeypatch):
    """Tests run inside a transaction that never commits; queue the portal's mails at once (the
    task runs inline), as a commit would. `test_mail_waits_for_commit` checks the real order."""
    monkeypatch.setattr(
        "verbund.portal.domain.notifications.on_commit", lambda callback, *a, **k: callback()
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counts live in the cache; a test starts with none (user ids repeat after a
    rollback)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

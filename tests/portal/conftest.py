import pytest


@pytest.fixture(autouse=True)
def _mails_at_once(monkeypatch):
    """Tests run inside a transaction that never commits; queue the portal's mails at once (the
    task runs inline), as a commit would. `test_mail_waits_for_commit` checks the real order."""
    monkeypatch.setattr(
        "verbund.portal.domain.notifications.on_commit", lambda callback, *a, **k: callback()
    )

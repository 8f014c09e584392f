import pytest
from django.urls import reverse

from tests.factories.programmes import ProgrammeFactory

pytestmark = pytest.mark.integration


def test_home_is_public_and_offers_sign_in(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "Anmelden" in response.content.decode()


def test_sign_in_and_out(client, make_user):
    make_user("member", username="maria")
    response = client.post(reverse("login"), {"login": "maria", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"].username == "maria"
    client.post(reverse("logout"))
    assert not client.get(reverse("core:home")).context["user"].is_authenticated


def test_wrong_password_keeps_username_and_says_why(client, make_user):
    make_user(username="maria")
    response = client.post(reverse("login"), {"login": "maria", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="maria"' in body
    assert "Der Anmeldename und/oder das Passwort sind leider falsch" in body


def test_english_pages_under_en_prefix(client, db):
    response = client.get("/en/")
    assert "Sign in" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("office", True), ("auditor", True), ("reviewer", False), ("member", False)],
)
def test_history_is_for_office_and_auditor(client, make_user, role, allowed):
    """Allowed roles see the recorded change (200); others are refused (403) without a hint."""
    programme = ProgrammeFactory(name="Programm mit Geschichte")
    client.force_login(make_user(role))
    response = client.get(reverse("core:history", args=["programmes", "programme", programme.pk]))
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "Programm mit Geschichte" in response.content.decode()


def test_history_of_an_object_that_never_existed_is_404(client, make_user):
    client.force_login(make_user("office"))
    url = reverse("core:history", args=["programmes", "programme", 999_999])
    assert client.get(url).status_code == 404

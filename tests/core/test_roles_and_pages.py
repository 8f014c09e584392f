import pytest
from django.urls import reverse

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
    user = make_user(role)
    client.force_login(user)
    url = reverse("core:history", args=["core", "user", user.pk])
    response = client.get(url)
    # core.User has no history: office/auditor get 404 (nothing to show), others 403
    assert response.status_code == (404 if allowed else 403)

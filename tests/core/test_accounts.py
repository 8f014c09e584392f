"""Accounts: sign-up with e-mail verification, sign-in by username or e-mail, lockout after wrong
passwords, two-factor sign-in where required, invitations, profile, the outbox command, headers."""

import os
import re
import subprocess
import sys

import pytest
from allauth.mfa.totp.internal import auth as totp
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from verbund.core.models import FormOfAddress, User

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SIGNUP = {
    "email": "lena@kunststoff.example",
    "username": "lena",
    "first_name": "Lena",
    "last_name": "Kunz",
    "form_of_address": "ms",
    "organisation": "Kunz Kunststofftechnik",
    "role": "applicant",
    "password1": "a-long-unusual-passphrase-42",
    "password2": "a-long-unusual-passphrase-42",
}


def _link(body: str) -> str:
    return re.search(r"https?://[^\s]+", body).group(0).replace("http://testserver", "")


def test_sign_up_needs_the_verified_address_before_signing_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(username="lena")
    assert user.groups.filter(name="applicant").exists()
    assert user.form_of_address == FormOfAddress.MS
    assert not client.get(reverse("core:home")).context["user"].is_authenticated
    (message,) = mail.outbox
    assert message.to == ["lena@kunststoff.example"]
    confirm = _link(message.body)
    assert client.post(confirm).status_code == 302
    response = client.post(
        reverse("login"), {"login": "lena@kunststoff.example", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"].username == "lena"


def test_sign_up_keeps_what_was_typed_and_names_the_problem(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "other"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="lena@kunststoff.example"' in body
    assert 'value="Kunz Kunststofftechnik"' in body
    assert not User.objects.filter(username="lena").exists()


def test_sign_in_by_username_or_email(client, make_user):
    make_user("member", username="maria", email="maria@example.org")
    for login in ("maria", "maria@example.org"):
        response = client.post(reverse("login"), {"login": login, "password": "secret-pass-123"})
        assert response.status_code == 302, login
        client.post(reverse("logout"))


def test_eleven_wrong_passwords_lock_the_account_for_that_address(client, make_user):
    make_user("member", username="maria")
    for _ in range(11):
        client.post(reverse("login"), {"login": "maria", "password": "wrong"})
    response = client.post(reverse("login"), {"login": "maria", "password": "secret-pass-123"})
    assert response.status_code in (403, 429)
    assert "15 Minuten" in response.content.decode()
    assert not client.get(reverse("core:home")).context["user"].is_authenticated
    other = client.__class__(REMOTE_ADDR="10.9.8.7")
    response = other.post(reverse("login"), {"login": "maria", "password": "secret-pass-123"})
    assert response.status_code == 302, "another address is not locked out"


def test_password_reset_link_on_the_sign_in_page_and_a_working_reset(client, make_user):
    make_user("member", username="maria", email="maria@example.org")
    assert reverse("account_reset_password") in client.get(reverse("login")).content.decode()
    client.post(reverse("account_reset_password"), {"email": "maria@example.org"})
    (message,) = mail.outbox
    response = client.get(_link(message.body))
    form_url = response["Location"]
    response = client.post(
        form_url, {"password1": "new-passphrase-for-maria", "password2": "new-passphrase-for-maria"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("login"), {"login": "maria", "password": "new-passphrase-for-maria"}
    )
    assert response.status_code == 302


def test_office_must_set_up_two_factor_sign_in_where_required(client, make_user, settings):
    settings.VERBUND_REQUIRE_MFA = True
    office = make_user("office", username="petra")
    client.force_login(office)
    response = client.get(reverse("companies:company_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    member = make_user("member", username="maria")
    client.force_login(member)
    assert client.get(reverse("core:home")).status_code == 200


def _code(secret: str, step: int = 0) -> str:
    """The authenticator app's code for the current 30-second period (`step` periods later)."""
    import time

    return totp.format_hotp_value(totp.hotp_value(secret, int(time.time()) // 30 + step))


def test_totp_set_up_and_sign_in_with_a_code(client, make_user, settings):
    settings.VERBUND_REQUIRE_MFA = True
    settings.MFA_TOTP_TOLERANCE = 1  # the sign-in uses the next period's code: a code counts once
    make_user("office", username="petra")
    client.post(reverse("login"), {"login": "petra", "password": "secret-pass-123"})
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302:  # allauth asks for the password again before a security change
        client.post(response["Location"], {"password": "secret-pass-123"})
        client.get(reverse("mfa_activate_totp"))
    secret = client.session[totp.SECRET_SESSION_KEY]
    code = _code(secret)
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("companies:company_list")).status_code == 200
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"login": "petra", "password": "secret-pass-123"})
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    code = _code(secret, 1)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("companies:company_list")).status_code == 200


def test_office_invites_a_reviewer_who_signs_up_and_accepts(
    client, make_user, django_capture_on_commit_callbacks
):
    office = make_user("office", username="petra")
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:invitation_list"),
            {"email": "gutachter@uni.example", "full_name": "Dr. Gut", "role": "reviewer"},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    link = _link(message.body)
    client.logout()
    assert client.get(link).status_code == 200
    Group.objects.get_or_create(name="reviewer")
    reviewer = make_user(username="gut", email="gutachter@uni.example", verified_email=False)
    client.force_login(reviewer)
    assert client.post(link).status_code == 302
    assert reviewer.groups.filter(name="reviewer").exists()
    assert reviewer.emailaddress_set.get().verified
    assert client.post(link).status_code == 404, "an invitation is used once"


def test_only_the_office_invites(client, make_user):
    client.force_login(make_user("auditor"))
    assert client.get(reverse("core:invitation_list")).status_code == 403
    assert (
        client.post(
            reverse("core:invitation_list"), {"email": "x@example.org", "role": "office"}
        ).status_code
        == 403
    )


def test_profile_keeps_form_of_address_language_and_muted_mails(client, make_user):
    user = make_user("member", username="maria", last_name="Muster")
    client.force_login(user)
    response = client.post(
        reverse("core:profile"),
        {
            "form_of_address": "ms", "title": "Dr.", "first_name": "Maria", "last_name": "Muster",
            "organisation": "Muster GmbH", "language": "en", "muted_notifications": ["events"],
        },
    )  # fmt: skip
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.salutation("de") == "Sehr geehrte Frau Dr. Muster,"
    assert user.salutation("en") == "Dear Ms Dr. Muster,"
    assert not user.wants_mail("events") and user.wants_mail("networks")


def test_outbox_command_lists_the_mails(tmp_path, settings, capsys):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    mail.send_mail("Einladung zu verbund", "Hallo Welt", None, ["a@example.org"])
    call_command("outbox")
    listing = capsys.readouterr().out
    assert "a@example.org" in listing and "Einladung zu verbund" in listing
    call_command("outbox", "1")
    assert "Hallo Welt" in capsys.readouterr().out


def test_responses_carry_the_security_headers(client):
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.timeout(600)
def test_deploy_check_is_clean_with_the_documented_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "VERBUND_DATA_DIR": str(tmp_path),
        "VERBUND_DEBUG": "0",
        "VERBUND_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "z" * 20,
        "VERBUND_ALLOWED_HOSTS": "verbund.example.org",
        "VERBUND_HTTPS": "1",
    }
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    result = subprocess.run(
        [sys.executable, "-m", "verbund", "check", "--deploy"],
        env=env, capture_output=True, text=True, timeout=540,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output

"""Every audit page and download: the office and the auditor get it, every other role is refused
(403), the anonymous visitor is sent to sign in."""

import pytest
from django.urls import reverse

from tests.factories.programmes import ProjectFactory

pytestmark = pytest.mark.django_db

ALLOWED = ["office", "auditor"]
REFUSED = ["reviewer", "carrier", "member", "applicant"]


def _urls(code: str) -> list[str]:
    return [
        reverse("audit:log"),
        reverse("audit:log") + "?action=created&app=programmes",
        reverse("audit:log_export", args=["csv"]),
        reverse("audit:log_export", args=["xlsx"]),
        reverse("audit:projects"),
        reverse("audit:dossier", args=[code]),
        reverse("audit:dossier_xlsx", args=[code]),
        reverse("audit:dossier_pdf", args=[code]),
        reverse("audit:retention"),
    ]


@pytest.fixture
def project():
    return ProjectFactory(code="AUD-1", title="Prüfprojekt")


@pytest.mark.parametrize("role", ALLOWED)
def test_office_and_auditor_open_every_audit_page_and_download(client, make_user, project, role):
    client.force_login(make_user(role))
    for url in _urls(project.code):
        response = client.get(url)
        assert response.status_code == 200, (role, url)


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused(client, make_user, project, role):
    client.force_login(make_user(role))
    for url in _urls(project.code):
        assert client.get(url).status_code == 403, (role, url)


def test_anonymous_visitors_are_sent_to_sign_in(client, project):
    for url in _urls(project.code):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_unknown_project_and_format_give_404(office_client):
    assert office_client.get(reverse("audit:dossier", args=["NOPE"])).status_code == 404
    assert office_client.get(reverse("audit:log_export", args=["pdf"])).status_code == 404


def test_the_audit_pages_only_read_a_post_is_refused(client, auditor_user, project):
    from verbund.core.models import AccessLog

    client.force_login(auditor_user)
    before = AccessLog.objects.count()
    for url in _urls(project.code):
        assert client.post(url, {"x": "y"}).status_code == 405, url
    assert AccessLog.objects.count() == before, "nothing recorded, nothing exported"


def test_start_page_and_navigation_show_audit_to_office_and_auditor_only(client, make_user):
    for role, visible in [("office", True), ("auditor", True), ("member", False)]:
        client.force_login(make_user(role))
        page = client.get(reverse("core:home")).content.decode()
        assert (reverse("audit:retention") in page) is visible, role
        assert (f'href="{reverse("audit:log")}"' in page) is visible, role

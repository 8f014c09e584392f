"""Acceptance 4: the public sees public fact sheets only; only the office edits; the auditor reads
everything and every write attempt fails."""

import pytest

from tests.factories.programmes import (
    FundingSourceFactory,
    OrganisationFactory,
    ProjectFactory,
)
from verbund.programmes.models import FundingSource, Measure, Organisation, Programme, Project

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def public_project():
    return ProjectFactory(code="PUB-1", title="Öffentliches Projekt", is_public=True)


@pytest.fixture
def hidden_project():
    return ProjectFactory(code="HID-1", title="Internes Projekt", is_public=False)


def read_urls(code: str) -> list[str]:
    return [
        f"/projects/{code}/",
        f"/projects/{code}/sheet/",
        f"/projects/{code}/sheet.pdf",
        f"/en/projects/{code}/sheet/",
        f"/en/projects/{code}/sheet.pdf",
    ]


def write_requests(project: Project) -> list[tuple[str, dict]]:
    measure, programme = project.measure, project.measure.programme
    organisation, source = OrganisationFactory(), FundingSourceFactory()
    return [
        (f"/projects/{project.code}/edit/", {"title": "X"}),
        ("/projects/new/", {"code": "NEW-1", "title": "X"}),
        ("/projects/programmes/new/", {"name": "X", "city": "X"}),
        (f"/projects/programmes/{programme.pk}/edit/", {"name": "X"}),
        ("/projects/measures/new/", {"programme": programme.pk, "code": "9", "title": "X"}),
        (f"/projects/measures/{measure.pk}/edit/", {"title": "X"}),
        ("/projects/organisations/new/", {"name": "X", "kind": "carrier"}),
        (f"/projects/organisations/{organisation.pk}/edit/", {"name": "X"}),
        ("/projects/sources/new/", {"name": "X", "kind": "eu"}),
        (f"/projects/sources/{source.pk}/edit/", {"name": "X"}),
    ]


def snapshot() -> tuple:
    return tuple(
        sorted(model.objects.values_list("pk", *fields))
        for model, fields in [
            (Project, ("title", "code")),
            (Programme, ("name",)),
            (Measure, ("title",)),
            (Organisation, ("name",)),
            (FundingSource, ("name",)),
        ]
    )


def test_anonymous_sees_the_public_sheet_in_html_and_pdf(client, public_project):
    for url in read_urls(public_project.code):
        response = client.get(url)
        assert response.status_code == 200, url
    pdf = client.get(f"/projects/{public_project.code}/sheet.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_anonymous_gets_404_for_a_project_not_public(client, hidden_project):
    for url in read_urls(hidden_project.code):
        assert client.get(url).status_code == 404, url


def test_public_list_shows_only_public_projects(client, public_project, hidden_project):
    html = client.get("/projects/").content.decode()
    assert "Öffentliches Projekt" in html
    assert "Internes Projekt" not in html


@pytest.mark.parametrize("role", ["reviewer", "carrier", "member", "applicant"])
def test_other_roles_read_public_but_not_internal_projects(
    client, make_user, role, public_project, hidden_project
):
    client.force_login(make_user(role))
    assert client.get(f"/projects/{public_project.code}/sheet.pdf").status_code == 200
    assert client.get(f"/projects/{hidden_project.code}/sheet.pdf").status_code == 404
    assert client.get(f"/projects/{hidden_project.code}/edit/").status_code == 404


def test_anonymous_writes_redirect_to_login_and_change_nothing(client, public_project):
    requests = write_requests(public_project)
    before = snapshot()
    for url, data in requests:
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    assert snapshot() == before


@pytest.mark.parametrize("role", ["reviewer", "carrier", "member", "applicant"])
def test_other_roles_may_not_write(client, make_user, role, public_project):
    client.force_login(make_user(role))
    requests = write_requests(public_project)
    before = snapshot()
    for url, data in requests:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_auditor_reads_everything(auditor_client, public_project, hidden_project):
    more = [f"/projects/{hidden_project.code}/history/", "/projects/organisations/"]
    for url in [*read_urls(hidden_project.code), *more, "/projects/programmes/"]:
        assert auditor_client.get(url).status_code == 200, url
    html = auditor_client.get("/projects/").content.decode()
    assert "Internes Projekt" in html and "Öffentliches Projekt" in html
    assert "/edit/" not in auditor_client.get(f"/projects/{hidden_project.code}/").content.decode()


def test_auditor_every_write_attempt_fails(auditor_client, hidden_project):
    requests = write_requests(hidden_project)
    before = snapshot()
    for url, data in requests:
        assert auditor_client.get(url).status_code == 403, url
        assert auditor_client.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_history_is_for_office_and_auditor_only(client, make_user, public_project):
    url = f"/projects/{public_project.code}/history/"
    assert client.get(url).status_code == 302
    client.force_login(make_user("carrier"))
    assert client.get(url).status_code == 403
    client.force_login(make_user("office"))
    assert client.get(url).status_code == 200


def test_office_may_open_every_edit_page(office_client, hidden_project):
    for url, _data in write_requests(hidden_project):
        assert office_client.get(url).status_code == 200, url


def test_measure_page_lists_only_visible_projects(client, public_project, hidden_project):
    hidden_project.measure = public_project.measure
    hidden_project.save()
    html = client.get(f"/projects/measures/{public_project.measure_id}/").content.decode()
    assert "PUB-1" in html and "HID-1" not in html


def test_programme_and_measure_pages_are_public_in_both_languages(client, public_project):
    measure = public_project.measure
    for url in [
        "/projects/programmes/",
        f"/projects/programmes/{measure.programme_id}/",
        f"/projects/measures/{measure.pk}/",
        "/en/projects/programmes/",
        f"/en/projects/measures/{measure.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert measure.programme.name in response.content.decode(), url

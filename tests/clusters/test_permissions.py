"""Who may open which page: office and consultancy (applicant) start runs, the auditor reads all,
a consultancy sees only its own runs, other roles have no access."""

import pytest

from tests.factories.clusters import AnalysisRunFactory
from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

RESULTS = {
    "summary": {"companies": 2, "units": 1, "industries": 1, "in_area": 0, "employees": 3.0},
    "companies": [],
    "units": [],
    "industries": [],
    "partners": {},
}
RUN_PAGES = [
    "",
    "progress/",
    "specialisation/",
    "clusters/",
    "potentials/",
    "map/",
    "networks/",
    "partners/",
    "results.json",
    "report.pdf",
]


@pytest.fixture
def run(office_user):
    return AnalysisRunFactory(created_by=office_user, status=RunStatus.DONE, results=RESULTS)


def _client(client, make_user, role):
    if role:
        client.force_login(make_user(role))
    return client


@pytest.mark.parametrize(
    ("role", "index", "new", "references", "new_reference"),
    [
        ("office", 200, 200, 200, 200),
        ("applicant", 200, 200, 200, 200),
        ("auditor", 200, 403, 200, 403),
        ("reviewer", 403, 403, 403, 403),
        ("carrier", 403, 403, 403, 403),
        ("member", 403, 403, 403, 403),
    ],
)
def test_list_and_form_pages_per_role(
    client, make_user, role, index, new, references, new_reference
):
    c = _client(client, make_user, role)
    assert c.get("/analysis/").status_code == index
    assert c.get("/analysis/new/").status_code == new
    assert c.get("/analysis/references/").status_code == references
    assert c.get("/analysis/references/new/").status_code == new_reference


def test_anonymous_is_sent_to_sign_in(client, run):
    for url in ["/analysis/", "/analysis/new/", f"/analysis/runs/{run.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("office", 200),
        ("auditor", 200),
        ("applicant", 404),  # a consultancy sees only its own runs
        ("reviewer", 404),
        ("carrier", 404),
        ("member", 404),
    ],
)
def test_run_pages_of_the_office_per_role(client, make_user, run, role, status):
    c = _client(client, make_user, role)
    for page in RUN_PAGES:
        assert c.get(f"/analysis/runs/{run.pk}/{page}").status_code == status, page


def test_consultancy_sees_and_lists_only_its_own_runs(client, make_user, run):
    consultant = make_user("applicant")
    own = AnalysisRunFactory(created_by=consultant, status=RunStatus.DONE, results=RESULTS)
    client.force_login(consultant)
    for page in RUN_PAGES:
        assert client.get(f"/analysis/runs/{own.pk}/{page}").status_code == 200, page
    listing = client.get("/analysis/").content.decode()
    assert own.title in listing
    assert run.title not in listing


def test_auditor_cannot_start_runs_or_import(auditor_client):
    assert auditor_client.post("/analysis/new/", {"title": "x"}).status_code == 403
    assert auditor_client.post("/analysis/references/new/", {"name": "x"}).status_code == 403
    listing = auditor_client.get("/analysis/").content.decode()
    assert "/analysis/new/" not in listing


def test_result_pages_of_an_unfinished_run_are_not_found(office_client, office_user):
    queued = AnalysisRunFactory(created_by=office_user)
    assert office_client.get(f"/analysis/runs/{queued.pk}/").status_code == 200
    assert office_client.get(f"/analysis/runs/{queued.pk}/clusters/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("auditor", 403), ("applicant", 404), ("member", 404)]
)
def test_only_starters_may_repeat_a_run(client, make_user, run, role, status):
    c = _client(client, make_user, role)
    assert c.post(f"/analysis/runs/{run.pk}/repeat/").status_code == status
    assert AnalysisRun.objects.count() == 1


def test_consultancy_repeats_its_own_run(client, make_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    consultant = make_user("applicant")
    own = AnalysisRunFactory(created_by=consultant, status=RunStatus.FAILED, parameters={})
    client.force_login(consultant)
    assert (
        "Erneut mit denselben Parametern"
        in client.get(f"/analysis/runs/{own.pk}/").content.decode()
    )
    response = client.post(f"/analysis/runs/{own.pk}/repeat/")
    again = AnalysisRun.objects.exclude(pk=own.pk).get()
    assert response["Location"] == f"/analysis/runs/{again.pk}/"
    assert (again.title, again.created_by, again.status) == (
        own.title,
        consultant,
        RunStatus.QUEUED,
    )

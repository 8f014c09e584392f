"""The permission matrix generated from the URL configuration (issue 17, acceptance 1).

Every named URL pattern of the project is requested with the demo's objects as every role (GET and
POST, no form data) and the answers are compared with the one table in
`verbund.core.permission_matrix` (also rendered into docs/permissions.md). A URL pattern without an
entry fails by name. Every POST of the auditor is watched at the database: outside the auditor's own
account pages it must write no row.

Each request runs in a savepoint that is rolled back, so an allowed POST (office closing a call,
say) does not change what the next request sees; tasks are not run; the logged-in clients are made
once per URL and their session cookie is put back before every request (a POST to the sign-out page
would otherwise sign the client out).

Set VERBUND_MATRIX_RECORD=<file> to append the observed answers to <file> (JSON lines) instead of
asserting; useful to write the entry of a new page, after checking each answer by hand.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from tests.permissions.objects import build_world, url_kwargs
from verbund.core.permission_matrix import (
    API_METHODS,
    COLUMNS,
    LOGIN,
    MATRIX,
    METHODS,
    OTHER,
    PATTERN_RULES,
    ROLES,
    access_for,
    render_markdown,
    rule_for,
    url_patterns,
)

PATTERNS = url_patterns()
RECORD = os.environ.get("VERBUND_MATRIX_RECORD")
REQUESTED = [
    p
    for p in PATTERNS
    if p.name in MATRIX
    or ((rule := rule_for(p.name)) is not None and p.name in rule.requested)
    or (RECORD and rule is None)
]
OWNER_ROLES = ("applicant", "reviewer", "carrier", "member")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
NO_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
# Bookkeeping, not programme data: sessions and sign-in attempts, the access log of exports, the
# search index built on first use.
IGNORED_WRITES = ("django_session", "axes_", "core_accesslog", "modelsearch_")
LOGIN_PATHS = ("/accounts/login/", "/en/accounts/login/", "/admin/login/", "/en/admin/login/")


def test_every_url_pattern_has_an_entry():
    missing = [p.name for p in PATTERNS if access_for(p.name) is None]
    assert not missing, (
        "URL patterns without an entry in verbund/core/permission_matrix.py MATRIX: "
        + ", ".join(missing)
    )
    names = {p.name for p in PATTERNS}
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"MATRIX entries for URL names that no longer exist: {', '.join(stale)}"
    for rule in PATTERN_RULES:
        assert set(rule.requested) <= names, f"{rule.pattern}: requested names that do not exist"


def test_the_auditor_is_refused_every_change_in_the_table():
    """Read from the table alone: the auditor's POST (PUT, PATCH, DELETE) is refused, or answered
    like its GET by a read page that ignores the method (the request test checks that the page is
    the same and that nothing was written)."""
    allowed = {403, 404, 405, LOGIN}
    wrong = [
        f"{name} {method.upper()}"
        for name, access in MATRIX.items()
        if not (access.own_account or access.by_link)
        for method in access.methods()
        if method != "get"
        and access.expected(method)["auditor"] not in allowed
        and not (method == "post" and access.expected(method)["auditor"] == access.get["auditor"])
        and (name, method) not in CHECKED_WITH_VALID_DATA
    ]
    assert not wrong, f"the auditor's change is not refused on: {', '.join(wrong)}"


# The empty request of these is refused for its data (400) before the permission is asked, so the
# auditor's refusal is shown with a valid request here.
CHECKED_WITH_VALID_DATA = {("api:news-list", "post"), ("portal:post_interest", "post")}


def test_the_auditors_valid_requests_are_refused(world, client):
    from verbund.portal.models import Post

    client.force_login(world.users["auditor"])
    news = {"network": world.objects["network"].slug, "title": "Neu", "text": "Text"}
    assert client.post("/api/news/", news, content_type="application/json").status_code == 403
    post = Post.objects.order_by("pk").first()
    interests = post.interests.count()
    response = client.post(
        reverse("portal:post_interest", args=[post.pk]),
        {"company": world.objects["company"].pk, "message": "Interesse"},
    )
    assert response.status_code == 400  # the auditor has no company to express interest for
    assert post.interests.count() == interests


def test_docs_permissions_md_is_current():
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/permissions.md is stale: run `verbund manage permissions_doc`"
    )


@pytest.fixture
def world(demo_db, settings):
    settings.TASKS = NO_TASKS
    return build_world(demo_db)


@pytest.mark.parametrize("pattern", REQUESTED, ids=[p.name for p in REQUESTED])
def test_answers_match_the_matrix(pattern, world):
    if RECORD:
        return _record(pattern, world)
    access = access_for(pattern.name)
    kwargs = url_kwargs(pattern.name, list(pattern.params), world)
    assert kwargs is not None, f"{pattern.name}: no demo object for {pattern.params} in objects.py"
    url = reverse(pattern.name, kwargs=kwargs)
    columns = [c for c in COLUMNS if c != OTHER or access.owner]
    users = {
        c: world.users[f"other:{access.owner}"] if c == OTHER else world.users[c] for c in columns
    }
    observed, writes, handled = _observe(url, users, access.methods())

    differences = [
        f"{method.upper()} {column}: expected {access.expected(method)[column]}, got {got}"
        for method in access.methods()
        for column, got in observed[method].items()
        if got != access.expected(method)[column]
    ]
    assert not differences, f"{pattern.name} ({url}):\n  " + "\n  ".join(differences)
    if not (access.own_account or access.by_link):
        assert not writes, f"{pattern.name}: the auditor's POST wrote: {writes}"
        assert not handled, f"{pattern.name}: the auditor's POST was handled, not refused"


def _observe(url: str, users: dict, methods) -> tuple[dict, list[str], bool]:
    """The answers per method and column; what the auditor's POST wrote; and whether the auditor's
    POST got another page than its GET (a form that took the POST, rather than a read page that
    ignores the method)."""
    clients = {column: _client(user) for column, user in users.items()}
    observed: dict[str, dict] = {method: {} for method in methods}
    writes: list[str] = []
    pages = {}
    for method in methods:
        for column, client in clients.items():
            auditor = column == "auditor"
            watch = writes if (auditor and method != "get") else None
            observed[method][column], response = _answer(client, method, url, watch)
            if auditor:
                pages[method] = response
    handled = (
        "auditor" in users
        and observed["post"]["auditor"] in (200, 302)
        and _page(pages["post"]) != _page(pages["get"])
    )
    return observed, writes, handled


def _page(response) -> str | None:
    """An HTML page without its per-request CSRF tokens, or where a redirect leads (None for
    files and JSON)."""
    if response.status_code == 302:
        return response["Location"]
    if "html" not in response.get("Content-Type", ""):
        return None
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", text)


def _record(pattern, world) -> None:
    """Every column and every kind of "other" owner, appended to the VERBUND_MATRIX_RECORD file."""
    kwargs = url_kwargs(pattern.name, list(pattern.params), world)
    if kwargs is None:
        row = {"name": pattern.name, "params": pattern.params, "missing": True}
    else:
        url = reverse(pattern.name, kwargs=kwargs)
        users = {r: world.users[r] for r in ROLES}
        users |= {f"other:{r}": world.users[f"other:{r}"] for r in OWNER_ROLES}
        viewset = pattern.name.startswith("api:") and "-" in pattern.name  # a DRF router route
        methods = (*METHODS, *API_METHODS) if viewset else METHODS
        observed, writes, handled = _observe(url, users, methods)
        row = {"name": pattern.name, "url": url, **observed, "auditor_writes": writes,
               "auditor_post_handled": handled}  # fmt: skip
    with open(RECORD, "a", encoding="utf-8") as out:
        out.write(json.dumps(row, default=str) + "\n")


def _client(user) -> tuple[Client, dict]:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client, {key: morsel.value for key, morsel in client.cookies.items()}


def _answer(entry: tuple[Client, dict], method: str, url: str, watch: list | None):
    client, cookies = entry
    client.cookies.clear()
    for key, value in cookies.items():
        client.cookies[key] = value
    cache.clear()  # rate limits count per cache; every request starts afresh
    with transaction.atomic():
        if watch is None:
            response = getattr(client, method)(url)
        else:
            with connection.execute_wrapper(_WriteWatcher(watch)):
                response = getattr(client, method)(url)
        transaction.set_rollback(True)
    status = response.status_code
    if status == 302 and response["Location"].split("?")[0] in LOGIN_PATHS:
        return LOGIN, response
    return status, response


class _WriteWatcher:
    """Notes every INSERT, UPDATE or DELETE that reaches the database (except sign-in bookkeeping)."""

    def __init__(self, seen: list[str]):
        self.seen = seen

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")) and not any(
            table.upper() in statement[:80] for table in IGNORED_WRITES
        ):
            self.seen.append(sql[:120])
        return execute(sql, params, many, context)

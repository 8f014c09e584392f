"""Random text, numbers and bytes into every form the office, an applicant and a reviewer can reach.

The forms are found by walking the URL configuration: every pattern without parameters is a start
page, and every link on a page of the site leads on (so object pages get real primary keys from the
demo). Each form found is posted with values drawn by Hypothesis. Two things must hold for every post:
no server error, and when the answer is an error (a 4xx, or the form shown again with its errors)
nothing was written (no table, history tables included, changed its row count).

The number of examples per form comes from the Hypothesis profile: `ci` (default, bounded) or
`thorough` (HYPOTHESIS_PROFILE=thorough).
"""

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile("ci", max_examples=3, deadline=None, derandomize=True)
settings.register_profile("thorough", max_examples=40, deadline=None)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

pytestmark = [pytest.mark.integration]

ROLES = ("office", "applicant", "reviewer")
MAX_PAGES_PER_ROLE = 120
SKIP_LINK = re.compile(
    r"(logout|/i18n/|/static/|/media/|\.pdf$|\.csv$|\.xlsx$|\.geojson$|\.json$|/admin/|/history/)"
)
# Forms that would end the session or run a whole analysis inline per example; their inputs are
# covered by their own tests.
SKIP_ACTION = re.compile(r"(logout|/i18n/setlang|/analysis/runs/new|/analysis/new)")

# Written on refusals by design: sessions, and the record of failed sign-ins that the lockout counts.
BOOKKEEPING = {  # what a refused form may still write: sessions, sign-in attempts, the access log
    "django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog",
    "core_accesslog",
}  # fmt: skip

ODD_TEXT = [
    "", " ", "0", "-1", "1e20", "1e309", "NaN", "inf", "-0", "99999", "10000000000000",
    "123456789012345", "2002-13-45", "31.02.2003", "abc", "=HYPERLINK(\"http://x\",\"y\")",
    "<img src=x onerror=alert(1)>", "\x00", "a\x00b", "ä" * 300, "x" * 2100, "؅", "👍",
    "'; DROP TABLE x; --", "%s%s%s", "1,5", "1.000,50", "\ud7ff",
]  # fmt: skip


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, number, date, select, checkbox, file, hidden
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    fields: list[Field] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(self.page, urljoin(self.page, a.get("action") or self.page))
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            self._form.fields.append(Field(a["name"], kind, a.get("value", "")))
        elif tag == "textarea":
            self._form.fields.append(Field(a["name"], "textarea"))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def _start_pages() -> list[str]:
    """Every URL pattern without parameters, in German (the default language)."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and "<" not in route and "(?P" not in route:
                found.append("/" + (prefix + route).lstrip("^").replace("$", ""))

    walk(get_resolver().url_patterns, "")
    return [p.replace("//", "/") for p in found if not SKIP_LINK.search(p) and "en/" not in p[:4]]


ID = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?=/|$)")


def _shape(path: str) -> str:
    """The URL pattern a path comes from: ids replaced, so one page per pattern is enough."""
    return ID.sub("/<id>", path)


def _crawl(client) -> list[Form]:
    queue, seen, shapes, forms = _start_pages(), set(), {}, {}
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        path = urlsplit(url).path
        shape = _shape(path)
        if path in seen or shapes.get(shape, 0) >= 2 or SKIP_LINK.search(path):
            continue
        if path.startswith("/en/"):
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(path)
        assert response.status_code < 500, f"GET {path} gave {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _PageParser("http://testserver" + path)
        parser.feed(response.content.decode())
        queue.extend(link for link in parser.links if urlsplit(link).netloc == "testserver")
        for form in parser.forms:
            action = urlsplit(form.action).path
            if not SKIP_ACTION.search(action):
                forms.setdefault((_shape(action), tuple(f.name for f in form.fields)), form)
    return list(forms.values())


def _value(f: Field):
    text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=200))
    if f.kind == "hidden":
        return st.one_of(st.just(f.value), text)
    if f.kind == "checkbox":
        return st.sampled_from(["", f.value or "on"])
    if f.kind == "select":
        return st.one_of(st.sampled_from(f.options or [""]), text)
    if f.kind == "number":
        numbers = st.one_of(
            st.integers(-(10**16), 10**16).map(str), st.floats().map(str), st.decimals().map(str)
        )
        return st.one_of(numbers, text)
    if f.kind == "file":
        return st.tuples(
            st.sampled_from(["a.pdf", "a.csv", "a.xlsx", "a.png", "a.geojson", "x"]),
            st.one_of(
                st.binary(max_size=2000),
                st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xff\xfe\x00a", b"name;wz\n"]),
            ),
        )
    return text


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.managed and table not in BOOKKEEPING:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
    return counts


def _shows_errors(response) -> bool:
    body = response.content.decode(errors="replace")
    return 'class="errorlist' in body or 'aria-invalid="true"' in body


def _post_data(form: Form, drawn: dict) -> dict:
    data = {}
    for f in form.fields:
        value = drawn[f.name]
        if f.kind == "file":
            name, content = value
            data[f.name] = SimpleUploadedFile(name, content)
        elif value != "" or f.kind != "checkbox":
            data.setdefault(f.name, value)
    return data


def _fuzz(client, form: Form) -> None:
    names = {f.name: _value(f) for f in form.fields}
    action = urlsplit(form.action).path

    @settings(settings.get_profile(PROFILE), suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries(names))
    def post(drawn):
        with transaction.atomic():
            before = _row_counts()
            response = client.post(action, _post_data(form, drawn), HTTP_HX_REQUEST="false")
            assert response.status_code < 500, f"POST {action} {drawn!r}: {response.status_code}"
            refused = 400 <= response.status_code < 500 or (
                response.status_code == 200 and _shows_errors(response)
            )
            if refused:
                after = _row_counts()
                changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
                assert not changed, f"POST {action} refused but wrote {changed} ({drawn!r})"
            transaction.set_rollback(True)  # the next example starts from the same data

    post()


def _open_second_call(office) -> None:
    """An open call beside the demo's decided one, with a draft idea of the demo applicant, so that
    the applicant's forms (idea, financing, members, attachments) are reachable and fuzzed too."""
    import datetime as dt

    from django.utils import timezone

    from verbund.competitions.domain import competitions as calls
    from verbund.competitions.domain import submissions
    from verbund.competitions.models import Competition
    from verbund.core.models import User

    decided = Competition.objects.order_by("pk").first()
    call = calls.create_competition(
        project=decided.project, title="Zweite Runde (Fuzzing)", user=office,
        deadline=timezone.now() + dt.timedelta(days=30),
    )  # fmt: skip
    calls.set_criteria(
        competition=call, criteria=[calls.CriterionSpec(name="Qualität", weight=1)], user=office
    )
    calls.change_phase(competition=call, to="open", user=office)
    applicant = User.objects.get(username="applicant")
    submissions.create_submission(competition=call, applicant=applicant, title="Entwurf zum Testen")


@pytest.mark.django_db
@pytest.mark.timeout(1800)
def test_no_form_gives_a_server_error_or_writes_when_it_refuses(client, settings):
    """Office, applicant and reviewer pages of the demo: every form, random input."""
    from verbund.core.demo import load_demo
    from verbund.core.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    _open_second_call(User.objects.get(username="office"))
    fuzzed = 0
    for role in ROLES:
        client.force_login(User.objects.get(username=role))
        forms = _crawl(client)
        print(f"{role}: {len(forms)} forms: {sorted({urlsplit(f.action).path for f in forms})}")
        assert forms, f"no form found for {role}"
        for form in forms:
            _fuzz(client, form)
            fuzzed += 1
    assert fuzzed >= 10

"""Every role of the demo in a browser (issue 10, acceptance 2): sign in with the printed demo login,
the start page lists that role's tasks, every link of the navigation opens (no 403 from the
navigation), and a forbidden URL shows the styled 403 page.

The demo is loaded once (committed: the browser talks to a live server) and the six roles are
walked in one test, each in a fresh browser context; what went wrong for any role is reported
together at the end.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from verbund.core.demo import DEMO_LOGINS, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]

ROLES = ["office", "auditor", "reviewer", "carrier", "member", "applicant"]
FORBIDDEN = {  # a page each role may not open (see docs/permissions.md)
    "office": "/competitions/reviews/",  # a reviewer's own assignments
    "auditor": "/projects/new/",
    "reviewer": "/projects/new/",
    "carrier": "/companies/imports/",
    "member": "/contracts/award/",
    "applicant": "/networks/office/",
}
NOT_ALLOWED = "Sie dürfen diese Seite nicht öffnen"
NOTHING_WAITS = "Im Moment wartet nichts auf Sie."
KNOWN_EMPTY: dict[str, str] = {}  # roles whose start page has no section yet, and why


@pytest.fixture
def demo(settings):
    load_demo()
    return {d.username: d for d in DEMO_LOGINS}


def test_each_role_signs_in_sees_its_tasks_and_opens_its_navigation(page, live_server, demo):
    from verbund.core.models import User
    from verbund.core.start import sections_for

    problems: list[str] = []
    for username in ROLES:
        login = demo[username]
        user = User.objects.get(username=username)
        with translation.override("de"):
            sections = [(s.title, bool(s.tasks)) for s in sections_for(user)]
        try:
            problems += _walk_role(page, live_server, login, sections)
        except AssertionError as error:  # an `expect` that timed out: report, go on with the next
            problems.append(f"{username}: {error}")
        page.context.clear_cookies()
    assert not problems, "\n".join(problems)


def _walk_role(page, live_server, login, sections) -> list[str]:
    problems = []
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", login.username)
    page.fill("input[name=password]", login.password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Meine Aufgaben")
    expect(page.locator(".who")).to_have_text(login.full_name)

    # The start page: every section of this role, and its tasks.
    if login.username in KNOWN_EMPTY:
        assert not sections, f"{login.username} has start sections now: remove from KNOWN_EMPTY"
        expect(page.locator("main")).to_contain_text(NOTHING_WAITS)
    assert sections or login.username in KNOWN_EMPTY, f"{login.username}: no start section"
    expect(page.locator("article.start-section")).to_have_count(len(sections))
    for index, (title, has_tasks) in enumerate(sections):
        article = page.locator("article.start-section").nth(index)
        expect(article.locator("h2")).to_have_text(title)
        if has_tasks:
            expect(article.locator(".task-list li a").first).to_be_visible()
        else:  # nothing waits (the demo's reviews are done): the section says so
            expect(article.locator("p.muted").first).to_be_visible()

    # Every navigation link opens.
    links = page.locator("header nav > ul").nth(1).locator("a")
    expect(links.first).to_be_visible()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:
        response = page.goto(f"{live_server.url}{href}")
        if response is None or response.status != 200:
            problems.append(
                f"{login.username}: navigation {href} answered {response and response.status}"
            )
        elif page.locator("h1", has_text=NOT_ALLOWED).count():
            problems.append(f"{login.username}: navigation {href} shows the 403 page")

    # A forbidden page is the styled 403 page, with the way back.
    response = page.goto(f"{live_server.url}{FORBIDDEN[login.username]}")
    if response is None or response.status != 403:
        problems.append(f"{login.username}: {FORBIDDEN[login.username]} answered "
                        f"{response and response.status}, not 403")  # fmt: skip
    expect(page.locator("h1")).to_have_text(NOT_ALLOWED)
    expect(page.locator("header nav .brand")).to_be_visible()  # the site's layout, not a bare page
    expect(page.get_by_role("button", name="Zurück zu meinen Aufgaben")).to_be_visible()
    expect(page.locator("link[href*='verbund.css']")).to_have_count(1)
    return problems

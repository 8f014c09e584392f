"""The competitions app on the start pages and in the navigation (see verbund.core.start):
the office sees the competitions waiting for review or decision, a reviewer the reviews still to
write with their due dates, an applicant their ideas and their state."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.competitions.domain import queries
from verbund.core.roles import user_roles
from verbund.core.start import Section, Task, nav, section

nav(gettext_lazy("Competitions"), "competitions:index", order=20)

SHOWN = 10


@section(order=20)
def competitions_to_decide(user) -> Section | None:
    """The office: closed and reviewed competitions, with review progress, until decided."""
    if "office" not in user_roles(user):
        return None
    tasks = [
        Task(
            text=str(c),
            url=reverse("competitions:progress", args=[c.pk]),
            state=_("%(phase)s – %(done)s of %(all)s reviews submitted")
            % {"phase": c.get_phase_display(), "done": c.n_submitted, "all": c.n_reviews},
        )
        for c in queries.competitions_waiting_for_the_office()[:SHOWN]
    ]
    if not tasks:
        return None
    return Section(_("Competitions to review and decide"), tasks)


@section(order=21)
def reviews_to_write(user) -> Section | None:
    """A reviewer: the reviews still to write, oldest due date first."""
    if "reviewer" not in user_roles(user):
        return None
    today = timezone.localdate()
    tasks = [
        Task(
            text=f"{a.submission.title} ({a.submission.competition})",
            url=reverse("competitions:review_form", args=[a.pk]),
            due=a.submission.competition.review_deadline,
            overdue=bool(a.submission.competition.review_deadline)
            and a.submission.competition.review_deadline < today,
        )
        for a in queries.open_assignments_of(user)[:SHOWN]
    ]
    return Section(
        _("My reviews"), tasks, empty_text=_("No review is waiting for you."),
        more_url=reverse("competitions:my_assignments"),
    )  # fmt: skip


@section(order=22)
def my_ideas(user) -> Section | None:
    """An applicant: their ideas, the competition, and where each stands."""
    ideas = list(queries.ideas_of(user)[:SHOWN])
    if not ideas and "applicant" not in user_roles(user):
        return None
    tasks = [
        Task(
            text=f"{idea.title} ({idea.competition})",
            url=reverse("competitions:submission_detail", args=[idea.pk]),
            state=idea.get_outcome_display() if idea.outcome else idea.get_status_display(),
        )
        for idea in ideas
    ]
    return Section(
        _("My ideas"), tasks, empty_text=_("You have not submitted an idea yet."),
        more_url=reverse("competitions:my_submissions"),
    )  # fmt: skip

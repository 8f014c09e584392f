"""Factories for the competitions app (and the minimal programme objects a competition needs)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories.core import UserFactory
from verbund.competitions import models
from verbund.competitions.enums import Phase, SubmissionStatus
from verbund.programmes.models import Measure, Organisation, Programme, Project


def project() -> Project:
    programme, _ = Programme.objects.get_or_create(
        name="Testprogramm",
        defaults={"city": "Leipzig", "period_start_year": 2000, "period_end_year": 2006},
    )
    measure, _ = Measure.objects.get_or_create(
        programme=programme, code="1.2", defaults={"title": "Netzwerke"}
    )
    proj, _ = Project.objects.get_or_create(
        code="TEST-1", defaults={"measure": measure, "title": "Netzwerke"}
    )
    return proj


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Träger {n}")
    kind = "carrier"


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Competition
        skip_postgeneration_save = True

    project = factory.LazyFunction(project)
    title = factory.Sequence(lambda n: f"Ideenwettbewerb {n}")
    title_en = factory.Sequence(lambda n: f"Ideas competition {n}")
    call_text = "Gesucht werden Netzwerkideen."
    phase = Phase.OPEN
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    min_members = 0
    carrier_required = False
    number_to_select = 1
    reviewers_per_idea = 2

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        specs = (
            extracted
            if extracted is not None
            else [("Tragfähigkeit", 2, 0, 10), ("Perspektive", 1, 0, 10)]
        )
        for position, (name, weight, lo, hi) in enumerate(specs):
            models.Criterion.objects.create(
                competition=self, name=name, name_en=name, weight=Decimal(weight),
                scale_min=lo, scale_max=hi, position=position,
            )  # fmt: skip


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Submission

    competition = factory.SubFactory(CompetitionFactory)
    applicant = factory.SubFactory(UserFactory, roles=["applicant"])
    title = factory.Sequence(lambda n: f"Netzwerkidee {n}")
    status = SubmissionStatus.SUBMITTED
    submitted_at = factory.Sequence(lambda n: timezone.now() - dt.timedelta(days=10, minutes=-n))


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Reviewer

    competition = factory.SubFactory(CompetitionFactory)
    user = factory.SubFactory(UserFactory, roles=["reviewer"])


def assign(reviewer, submission) -> models.Assignment:
    assignment = models.Assignment.objects.create(reviewer=reviewer, submission=submission)
    models.Review.objects.create(assignment=assignment)
    return assignment


def scored(assignment, values: dict, *, recommendation: str = "fund") -> models.Review:
    """Write a submitted review directly (tests of reading code; writes are tested via the domain)."""
    review = assignment.review
    for criterion, value in values.items():
        models.Score.objects.create(review=review, criterion=criterion, value=Decimal(str(value)))
    review.submitted = True
    review.submitted_at = timezone.now()
    review.recommendation = recommendation
    review.save()
    return review

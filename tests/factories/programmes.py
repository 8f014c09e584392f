import datetime as dt
from decimal import Decimal

import factory

from verbund.programmes.enums import MilestoneKind, OrganisationKind, ProjectStatus, SourceKind
from verbund.programmes.models import (
    ApprovalMilestone,
    FinancingShare,
    FundingSource,
    Measure,
    Organisation,
    Programme,
    Project,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programm {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    city = "Leipzig"
    period_start_year = 2000
    period_end_year = 2006


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"1.{n}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Quelle {n}")
    kind = SourceKind.EU


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.CARRIER


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    measure = factory.SubFactory(MeasureFactory)
    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    title = factory.Sequence(lambda n: f"Projekt {n}")
    goal = "Ein Ziel."
    status = ProjectStatus.IMPLEMENTATION
    start_month = dt.date(2002, 6, 1)
    end_month = dt.date(2004, 6, 1)
    is_public = True

    @factory.post_generation
    def carriers(self, create, extracted, **kwargs):
        if create and extracted:
            self.carriers.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalMilestone

    project = factory.SubFactory(ProjectFactory)
    kind = MilestoneKind.DECISION
    date = dt.date(2002, 11, 15)


class FinancingShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingShare

    project = factory.SubFactory(ProjectFactory)
    source = factory.SubFactory(FundingSourceFactory)
    percentage = Decimal("100")

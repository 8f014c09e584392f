import factory
import shapely

from verbund.companies.domain.companies import match_key
from verbund.companies.domain.wz import load_wz_codes
from verbund.companies.enums import size_class_for
from verbund.companies.models import (
    Affiliation,
    Area,
    Company,
    ContactPerson,
    District,
    Tag,
    WzCode,
)


def wz(code: str) -> WzCode:
    """A WZ entry (loaded by the data migration; reloaded after a transactional test's flush)."""
    load_wz_codes()
    return WzCode.objects.get(code=code)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    layer = "Test"
    number = factory.Sequence(lambda n: f"{n:02d}")
    name = factory.Sequence(lambda n: f"District {n}")
    geometry = shapely.to_geojson(shapely.box(12.30, 51.30, 12.35, 51.35))


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Area {n}")
    is_programme_area = True


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag {n}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testfirma {n} GmbH")
    legal_form = "GmbH"
    street = factory.Sequence(lambda n: f"Teststraße {n}")
    postcode = "04229"
    city = "Leipzig"
    lat = 51.33
    lon = 12.34
    main_wz = factory.LazyFunction(lambda: wz("25.62.0"))
    employees = 12
    size_class = factory.LazyAttribute(lambda c: size_class_for(c.employees))
    source = "test"
    match_key = factory.LazyAttribute(
        lambda c: match_key(name=c.name, street=c.street, postcode=c.postcode, city=c.city)
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set([TagFactory(name=t) if isinstance(t, str) else t for t in extracted])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Kontakt Person{n}")
    role = "Geschäftsführung"
    email = factory.Sequence(lambda n: f"kontakt{n}@firma.example")
    phone = "+49 341 123456"
    consent = True


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    company = factory.SubFactory(CompanyFactory)

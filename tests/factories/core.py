import factory
from django.contrib.auth.models import Group

from verbund.core.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Accounts made by tests have a verified address, as the demo's and invited ones do."""
        from allauth.account.models import EmailAddress

        if create and self.email and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=r)[0] for r in extracted])

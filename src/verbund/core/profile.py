"""Writes to a person's own profile (with history of who changed it)."""

from django.db import transaction

from verbund.core.models import User

PROFILE_FIELDS = (
    "form_of_address", "title", "first_name", "last_name", "organisation", "language",
    "muted_notifications",
)  # fmt: skip


@transaction.atomic
def save_profile(*, user: User, data: dict) -> User:
    stored = User.objects.select_for_update().get(pk=user.pk)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(stored, name, data[name])
    stored.save(update_fields=[n for n in PROFILE_FIELDS if n in data])
    return stored

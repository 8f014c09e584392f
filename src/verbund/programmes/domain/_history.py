"""Record the acting user on django-simple-history rows also outside a request (demo, tasks)."""

from django.db import models


def save_as(obj: models.Model, user, **kwargs) -> None:
    obj._history_user = user
    obj.save(**kwargs)


def delete_as(obj: models.Model, user) -> None:
    obj._history_user = user
    obj.delete()

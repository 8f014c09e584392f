"""Who changed it: the acting user on every django-simple-history row, also outside a request.

Inside a request `HistoryRequestMiddleware` supplies the user. Domain functions are also called from
tasks, the demo and the command line, where there is no request; they call `save_as`/`delete_as`, and
tasks and loaders wrap their work in `acting_user(user)` so that every save inside records that user
(also when a task runs inline inside a request: the user who started the work is the author).
Bulk writes of models with history go through `bulk_create_as`/`bulk_update_as`, never bare
`bulk_create`/`update`, which skip history.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def save_as(obj: models.Model, user, **kwargs) -> None:
    """Save `obj` with `user` as the history author (None: keep what the request supplies)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj.save(**kwargs)


def delete_as(obj: models.Model, user) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj.delete()


class _ActingRequest(SimpleNamespace):
    """Stands in for a request in simple-history's context while `acting_user` is active."""

    def __init__(self, user, request=None):
        super().__init__(user=user, request=request)

    def __getattr__(self, name):  # anything else a history hook asks of the request
        if self.request is None:
            raise AttributeError(name)
        return getattr(self.request, name)


@contextmanager
def acting_user(user) -> Iterator[None]:
    """Record `user` as the author of every history row written in this block (tasks, demo, CLI).

    The named user wins over an enclosing request's user (a task that runs inline in a request
    still records who started the work) and over an enclosing `acting_user`; the previous author is
    back after the block.
    """
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    if user is None:
        yield
        return
    real = previous.request if isinstance(previous, _ActingRequest) else previous
    context.request = _ActingRequest(user, real)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


def bulk_create_as(model: type[models.Model], objs: Sequence[models.Model], *, user, **kwargs):
    """`bulk_create` that also writes one history row per object, authored by `user`."""
    return bulk_create_with_history(list(objs), model, default_user=user, **kwargs)


def bulk_update_as(
    model: type[models.Model], objs: Iterable[models.Model], fields: list[str], *, user, **kwargs
) -> int:
    return bulk_update_with_history(list(objs), model, fields, default_user=user, **kwargs)

"""The one shape of a competitions write: atomic, and every history row it writes names the actor.

`@domain_write` wraps a keyword-only domain function in `transaction.atomic` and in
`verbund.core.audit.acting_user(<user>)`, so saves, deletes and many-to-many changes inside it record
the user passed in, also where there is no request (demo, tasks, command line). Inside a request the
request's user wins (that is the same person).
"""

import functools
from collections.abc import Callable

from django.db import transaction

from verbund.core.audit import acting_user


def domain_write(func: Callable | None = None, *, user_arg: str = "user"):
    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            with transaction.atomic(), acting_user(kwargs.get(user_arg)):
                return f(*args, **kwargs)

        return wrapper

    return decorate(func) if func is not None else decorate

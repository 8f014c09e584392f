"""Retention of records and anonymisation of personal data after the legal period.

Art. 82 of Regulation (EU) 2021/1060: documents are kept for five years from 31 December of the year
in which the last payment was made. A record whose relevant year is Y may therefore be deleted (here:
its personal data anonymised) from 1 January of Y + 6; `retention_ends(date)` gives 31 December of
Y + 5.

Core knows no domain app, so each app that holds personal data declares it in its own `retention.py`
(found like `start.py`): which model, which fields and what replaces them, and a function that
returns the records whose relevant year is at most a given year. `anonymise_expired` replaces those
fields on the records and on all of their history rows (a copy of the name in the history would
defeat the purpose) and keeps every figure: amounts, counts, dates and states stay as they are.
The history rows are rewritten with `queryset.update()`, deliberately without new history rows; the
run itself is recorded once in the access log with what it anonymised.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q, QuerySet

YEARS = 5
ANONYMISED = "anonymised"  # what replaces a name; the report counts records carrying it


def retention_ends(last: dt.date | dt.datetime) -> dt.date:
    """31 December of the fifth year after the year of `last` (e.g. the last payment)."""
    return dt.date(last.year + YEARS, 12, 31)


def last_expired_year(today: dt.date) -> int:
    """Records whose relevant year is at most this year are past their retention period."""
    return today.year - YEARS - 1


@dataclass(frozen=True)
class PersonalData:
    """One kind of record with personal data, declared by the app that owns it.

    `replacements`: field → value, or a callable `(pk) -> value` for fields that must stay unique.
    `expired(year)`: the records whose relevant year (last payment, event, last change) is ≤ year.
    `rule`: one sentence for the report saying which date counts."""

    key: str
    label: str
    model: type[models.Model]
    replacements: dict[str, object]
    expired: Callable[[int], QuerySet]
    rule: str
    cleanup: Callable[[list], None] | None = None  # e.g. delete rows that only copy the data

    def done(self) -> Q:
        """Records already anonymised (every plain replacement value in place)."""
        plain = {
            name: value
            for name, value in self.replacements.items()
            if not callable(value) and isinstance(value, str)
        }
        return Q(**plain) if plain else Q(pk__in=[])


DECLARATIONS: dict[str, PersonalData] = {}


def personal_data(
    *,
    key: str,
    label,
    model: type[models.Model],
    replacements: dict[str, object],
    expired: Callable[[int], QuerySet],
    rule,
    cleanup: Callable[[list], None] | None = None,
) -> None:
    """Declare a kind of personal data (in an app's `retention.py`)."""
    DECLARATIONS[key] = PersonalData(key, label, model, replacements, expired, rule, cleanup)


def declarations() -> list[PersonalData]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("retention")
    return [DECLARATIONS[key] for key in sorted(DECLARATIONS)]


@dataclass(frozen=True)
class RetentionCount:
    declaration: PersonalData
    held: int
    expired: int  # past the period and not yet anonymised
    anonymised: int


def counts(*, today: dt.date) -> list[RetentionCount]:
    year = last_expired_year(today)
    found = []
    for d in declarations():
        manager = d.model._default_manager
        done = d.done()
        found.append(
            RetentionCount(
                declaration=d,
                held=manager.count(),
                expired=d.expired(year).exclude(done).count(),
                anonymised=manager.filter(done).count(),
            )
        )
    return found


def _values_for(d: PersonalData, pk) -> dict[str, object]:
    return {name: value(pk) if callable(value) else value for name, value in d.replacements.items()}


def anonymise_expired(*, today: dt.date, apply: bool = False, user=None) -> dict[str, int]:
    """Anonymise the personal data of every record past its retention period (dry run: count only).

    Returns the number of records per declaration key. All or nothing: one transaction."""
    year = last_expired_year(today)
    result: dict[str, int] = {}
    with transaction.atomic():
        for d in declarations():
            pks = list(d.expired(year).exclude(d.done()).values_list("pk", flat=True))
            result[d.key] = len(pks)
            if not apply or not pks:
                continue
            history = getattr(d.model, "history", None)
            if any(callable(v) for v in d.replacements.values()):
                for pk in pks:
                    values = _values_for(d, pk)
                    d.model._base_manager.filter(pk=pk).update(**values)
                    if history is not None:
                        history.filter(id=pk).update(**values)
            else:
                values = _values_for(d, None)
                for start in range(0, len(pks), 500):
                    chunk = pks[start : start + 500]
                    d.model._base_manager.filter(pk__in=chunk).update(**values)
                    if history is not None:
                        history.filter(id__in=chunk).update(**values)
            if d.cleanup is not None:
                d.cleanup(pks)
        if apply and any(result.values()):
            from verbund.core.models import AccessKind, record_access

            summary = ", ".join(f"{key}: {n}" for key, n in result.items() if n)
            record_access(kind=AccessKind.ANONYMISE, user=user, detail=summary)
    return result


# Core's own personal data: accounts of people who no longer use the platform, and invitations.


def _expired_users(year: int) -> QuerySet:
    from django.db.models.functions import Coalesce

    from verbund.core.models import User

    return (
        User.objects.filter(is_superuser=False)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__year__lte=year)
    )


def _expired_invitations(year: int) -> QuerySet:
    from verbund.core.models import Invitation

    return Invitation.objects.filter(created_at__year__lte=year)


def _forget_accounts(pks: list) -> None:
    """An anonymised account keeps no e-mail address, second factor or session elsewhere."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user_id__in=pks).delete()
    Authenticator.objects.filter(user_id__in=pks).delete()


def _register_core() -> None:
    from django.utils.translation import gettext_lazy as _

    from verbund.core.models import Invitation, User

    personal_data(
        key="core.user",
        label=_("accounts no longer used"),
        model=User,
        replacements={
            "username": lambda pk: f"{ANONYMISED}-{pk}",
            "first_name": "",
            "last_name": ANONYMISED,
            "email": "",
            "title": "",
            "organisation": "",
            "is_active": False,
            "password": "!",  # no password can match: the account cannot sign in any more
        },
        expired=_expired_users,
        rule=_("last sign-in (or registration, if never signed in)"),
        cleanup=_forget_accounts,
    )
    personal_data(
        key="core.invitation",
        label=_("invitations"),
        model=Invitation,
        replacements={
            "email": f"{ANONYMISED}@invalid",
            "full_name": ANONYMISED,
            "organisation": "",
        },
        expired=_expired_invitations,
        rule=_("date of the invitation"),
    )


_register_core()

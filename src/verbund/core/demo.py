"""Demo data: users for every role, then each domain app's own `demo.load()` in dependency order.

Deterministic and idempotent: running it twice leaves the same data. Every app that ships demo data has
a module `verbund.<app>.demo` with a function `load(*, users: dict[str, User]) -> None`.
"""

from dataclasses import dataclass
from importlib import import_module

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from verbund.core.models import User
from verbund.core.roles import Role

DEMO_APPS = [
    "programmes",
    "companies",
    "clusters",
    "competitions",
    "networks",
    "contracts",
    "events",
    "reporting",
    "portal",
    "audit",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    full_name: str
    organisation: str


DEMO_LOGINS = [
    DemoLogin(
        "office", "demo-office", Role.OFFICE, "Petra Scheibler", "Amt für Wirtschaftsförderung"
    ),
    DemoLogin(
        "office2", "demo-office2", Role.OFFICE, "Jens Zweitprüfer", "Amt für Wirtschaftsförderung"
    ),  # confirms the payments that "office" prepares (four eyes)
    DemoLogin("auditor", "demo-auditor", Role.AUDITOR, "Jonas Prüfer", "Prüfbehörde (Demo)"),
    DemoLogin(
        "reviewer", "demo-reviewer", Role.REVIEWER, "Dr. Anna Gutachter", "Universität (Demo)"
    ),
    DemoLogin("carrier", "demo-carrier", Role.CARRIER, "Klaus Träger", "Kunststoffzentrum Leipzig"),
    DemoLogin("member", "demo-member", Role.MEMBER, "Maria Mitglied", "Demo-Mitgliedsunternehmen"),
    DemoLogin("applicant", "demo-applicant", Role.APPLICANT, "Bernd Antrag", "Beratung (Demo)"),
]


def ensure_user(
    *, username: str, password: str, roles: list[str], full_name: str = "", organisation: str = ""
) -> User:
    first, _, last = full_name.rpartition(" ")
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "organisation": organisation},
    )
    user.set_password(password)
    user.email = f"{username}@demo.verbund.invalid"
    user.save(update_fields=["password", "email"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.groups.set([Group.objects.get_or_create(name=str(r))[0] for r in roles])
    return user


@transaction.atomic
def load_users() -> dict[str, User]:
    for role in Role:
        Group.objects.get_or_create(name=str(role))
    users = {
        d.username: ensure_user(
            username=d.username,
            password=d.password,
            roles=[d.role],
            full_name=d.full_name,
            organisation=d.organisation,
        )
        for d in DEMO_LOGINS
    }
    office = users["office"]
    office.is_staff = True
    office.save(update_fields=["is_staff"])
    return users


def load_demo() -> list[DemoLogin]:
    users = load_users()
    for app in DEMO_APPS:
        try:
            module = import_module(f"verbund.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"verbund.{app}.demo":
                raise
            continue
        module.load(users=users)
    return DEMO_LOGINS


def print_logins(logins: list[DemoLogin], *, url: str) -> None:
    print()
    print(f"verbund demo is running at {url}")
    print("Demo logins (generated demo data, not real persons):")
    for d in logins:
        print(f"  {d.role.label:<22} user {d.username:<10} password {d.password}")
    print("Stop with Ctrl+C.", flush=True)

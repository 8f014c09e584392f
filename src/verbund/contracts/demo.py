"""Demo contracts: each of the three demo networks was awarded on 15.11.2002 (the project decision).

Written through the domain functions inside `acting_user(office)`: milestones over 2002–2004,
accepted evidence with payments split 75/25 (the project's financing plan), evidence in review,
payments waiting for the second office user, one amendment, and one overdue milestone (the demo
carrier's network still owes its final report). A second office login, `office2`, confirms the
payments the first one prepared (four eyes); it is created here if the core demo has none.
Deterministic and idempotent: a network that has a contract is left as it is.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from verbund.contracts.domain import contracts, milestones, payments
from verbund.contracts.models import Contract
from verbund.core.audit import acting_user
from verbund.networks.enums import ActorKind, CatalogueState
from verbund.networks.models import Network, NetworkActor

AWARD = dt.date(2002, 11, 15)
PROJECT_CODE = "URBAN-LW-1.2-01"
VOLUME = Decimal("150000.00")
OFFICE2 = {"username": "office2", "password": "demo-office2", "full_name": "Jens Zweitprüfer",
           "organisation": "Amt für Wirtschaftsförderung"}  # fmt: skip
MILESTONES = [
    ("Netzwerkmanagement eingerichtet", "Network management set up", dt.date(2003, 1, 31),
     Decimal("30000.00"), "Geschäftsstelle besetzt, Kooperationsvereinbarung unterzeichnet.",
     ["Kooperationsvereinbarung", "Stellenbesetzung"]),
    ("Erste gemeinsame Maßnahmen umgesetzt", "First joint measures carried out",
     dt.date(2003, 9, 30), Decimal("40000.00"),
     "Mindestens zwei Veranstaltungen mit Teilnehmerlisten; Maßnahmenbericht.",
     ["Teilnehmerlisten", "Maßnahmenbericht"]),
    ("Zwischenbericht und Internetportal", "Interim report and internet portal",
     dt.date(2004, 3, 31), Decimal("40000.00"), "Zwischenbericht; Portal öffentlich erreichbar.",
     ["Zwischenbericht"]),
    ("Abschlussbericht und Verstetigung", "Final report and continuation", dt.date(2004, 9, 30),
     Decimal("40000.00"), "Abschlussbericht mit Kennzahlen; Konzept zur Fortführung ohne Förderung.",
     ["Abschlussbericht"]),
]  # fmt: skip


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _pdf(name: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n% verbund demo evidence: " + name.encode() + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _office2(users: dict):
    if "office2" in users:
        return users["office2"]
    from verbund.core.demo import ensure_user
    from verbund.core.models import User

    existing = User.objects.filter(username=OFFICE2["username"]).first()
    if existing is not None:
        return existing
    return ensure_user(
        username=OFFICE2["username"], password=OFFICE2["password"], roles=["office"],
        full_name=OFFICE2["full_name"], organisation=OFFICE2["organisation"],
    )  # fmt: skip


def load(*, users: dict) -> None:
    office = users["office"]
    second = _office2(users)
    with acting_user(office), transaction.atomic():
        networks = list(
            Network.objects.filter(
                project__code=PROJECT_CODE, catalogue_state=CatalogueState.APPROVED
            ).order_by("pk")
        )[:3]
        for k, network in enumerate(networks):
            if Contract.objects.filter(network=network).exists():
                continue
            _contract(network, k, office=office, second=second, demo_carrier=users.get("carrier"))


def _carrier_user(network, office, demo_carrier):
    if (
        demo_carrier is not None
        and NetworkActor.objects.filter(
            network=network, user=demo_carrier, kind=ActorKind.CARRIER
        ).exists()
    ):
        return demo_carrier
    actor = NetworkActor.objects.filter(network=network, kind=ActorKind.CARRIER).first()
    return actor.user if actor else office


def _submit(m, carrier, files, day, *, resubmit=False):
    for k, name in enumerate(files):
        item = m.checklist.filter(text=name.rsplit(".", 1)[0]).first()
        milestones.upload_evidence(
            milestone=m, upload=_pdf(f"{name}.pdf" if "." not in name else name), user=carrier,
            checklist_item=item, now=_at(day) - dt.timedelta(hours=k + 1),
        )  # fmt: skip
    action = milestones.resubmit_evidence if resubmit else milestones.submit_evidence
    return action(milestone=m, user=carrier, now=_at(day))


def _contract(network, k: int, *, office, second, demo_carrier) -> None:
    carrier = _carrier_user(network, office, demo_carrier)
    contract = contracts.award_contract(
        network=network, award_date=AWARD, volume=VOLUME, user=office, number=f"LV-2002-{k + 1:02d}"
    )
    made = []
    for title, title_en, due, lump, criteria, checklist in MILESTONES:
        made.append(
            milestones.add_milestone(
                contract=contract, title=title, title_en=title_en, due_date=due, lump_sum=lump,
                acceptance_criteria=criteria, checklist=checklist, user=office,
            )
        )  # fmt: skip
    first, second_m, third, fourth = made
    # 1: accepted and paid in full (prepared by the office, confirmed by the second office user)
    _submit(first, carrier, [c.text for c in first.checklist.all()], first.due_date)
    milestones.accept_milestone(milestone=first, user=office, now=_at(dt.date(2003, 2, 10)))
    paid = payments.prepare_payment(
        milestone=first, amount=first.lump_sum, user=office, now=_at(dt.date(2003, 2, 12))
    )
    payments.confirm_payment(payment=paid, user=second, now=_at(dt.date(2003, 2, 13)))
    # 2: changes requested once, then accepted; paid in part, the rest waits for confirmation
    _submit(second_m, carrier, ["Teilnehmerlisten"], dt.date(2003, 9, 29))
    milestones.request_changes(
        milestone=second_m, user=office, comment="Der Maßnahmenbericht fehlt.",
        now=_at(dt.date(2003, 10, 6)),
    )  # fmt: skip
    _submit(second_m, carrier, ["Maßnahmenbericht"], dt.date(2003, 10, 20), resubmit=True)
    milestones.accept_milestone(
        milestone=second_m, user=office, comment="Vollständig.", now=_at(dt.date(2003, 10, 27))
    )
    part = payments.prepare_payment(
        milestone=second_m, amount=Decimal("20000.01"), user=office, now=_at(dt.date(2003, 11, 3))
    )
    payments.confirm_payment(payment=part, user=second, now=_at(dt.date(2003, 11, 4)))
    rest_by = second if k == 0 else office  # the office user confirms what office2 prepared
    payments.prepare_payment(
        milestone=second_m, amount=Decimal("19999.99"), user=rest_by,
        now=_at(dt.date(2004, 1, 12)),
    )  # fmt: skip
    # 3: the interim report waits for the office's review
    _submit(third, carrier, ["Zwischenbericht"], dt.date(2004, 3, 30))
    # 4: the final report
    if k == 0:  # the demo carrier's network owes it (overdue) and amended its contract
        contracts.amend_contract(
            contract=contract, user=office, date=dt.date(2004, 2, 16),
            reason="Portal später, Abschlussbericht mit Verstetigungskonzept erweitert.",
            volume=Decimal("160000.00"),
            milestones={fourth.pk: {"lump_sum": Decimal("50000.00"),
                                    "due_date": dt.date(2004, 10, 31)}},
        )  # fmt: skip
    elif k == 1:
        _submit(fourth, carrier, ["Abschlussbericht"], dt.date(2004, 9, 28))
    else:
        _submit(fourth, carrier, ["Abschlussbericht"], dt.date(2004, 9, 20))
        milestones.accept_milestone(milestone=fourth, user=office, now=_at(dt.date(2004, 10, 4)))

"""Networks: created from a selected idea (one click, idempotent) or directly by the office."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.networks.domain.errors import NetworkError
from verbund.networks.enums import ActorKind, MemberRole, NetworkPhase
from verbund.networks.models import Membership, Network, NetworkActor, NetworkPhaseChange

RESERVED_SLUGS = {"new", "office", "mine", "from-idea", "overview"}


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(name) or "netzwerk")[:70].strip("-") or "netzwerk"
    slug, n = base, 2
    taken = Network.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_network(
    *,
    user,
    name: str,
    project,
    carrier,
    name_en: str = "",
    slug: str = "",
    cluster_category: str = "",
    carrier_company=None,
    carrier_contact: str = "",
    companion=None,
    goals: str = "",
    goals_en: str = "",
    phase: str = NetworkPhase.DEVELOPMENT,
    is_public: bool = False,
    source_submission=None,
    started_on: dt.date | None = None,
) -> Network:
    if not (name or "").strip():
        raise NetworkError(_("A network needs a name."), field="name")
    if carrier is None:
        raise NetworkError(_("A network needs a carrier organisation."), field="carrier")
    if project is None:
        raise NetworkError(_("A network belongs to a project."), field="project")
    if slug and (slug in RESERVED_SLUGS or Network.objects.filter(slug=slug).exists()):
        raise NetworkError(_("This short name is already used."), field="slug")
    network = Network(
        name=name.strip(), name_en=name_en, slug=slug or unique_slug(name),
        cluster_category=cluster_category, project=project, carrier=carrier,
        carrier_company=carrier_company, carrier_contact=carrier_contact, companion=companion,
        goals=goals, goals_en=goals_en, phase=phase, is_public=is_public,
        source_submission=source_submission,
    )  # fmt: skip
    save_as(network, user)
    save_as(
        NetworkPhaseChange(
            network=network, phase=phase, changed_on=started_on or timezone.localdate()
        ),
        user,
    )
    if carrier_company is not None:
        save_as(
            Membership(
                network=network, company=carrier_company, role=MemberRole.FOUNDING,
                joined=started_on or timezone.localdate(),
            ),
            user,
        )  # fmt: skip
    return network


def _is_selected(submission) -> bool:
    entry = getattr(submission, "decision_entry", None)
    return submission.outcome == "selected" or bool(entry and entry.selected)


@transaction.atomic
def create_network_from_submission(
    *, submission, user, started_on: dt.date | None = None
) -> Network:
    """The selected idea becomes a network: title, goals, carrier and founding members carry over.

    A second click returns the network made by the first (the idea's link is one-to-one).
    """
    existing = Network.objects.filter(source_submission_id=submission.pk).first()
    if existing is not None:
        return existing
    from verbund.competitions.models import Submission

    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    existing = Network.objects.filter(source_submission_id=submission.pk).first()
    if existing is not None:
        return existing
    if not _is_selected(submission):
        raise NetworkError(_("Only a selected idea of a decided competition becomes a network."))
    if submission.carrier_id is None:
        raise NetworkError(_("The idea names no carrier organisation."), field="carrier")
    started = started_on or timezone.localdate()
    try:
        network = create_network(
            user=user, name=submission.title, project=submission.competition.project,
            carrier=submission.carrier, cluster_category=submission.sector_focus,
            goals=submission.goals, source_submission=submission, started_on=started,
        )  # fmt: skip
    except IntegrityError:  # a parallel click won the race
        return Network.objects.get(source_submission_id=submission.pk)
    for company in submission.founding_members.order_by("name", "pk"):
        save_as(
            Membership(network=network, company=company, role=MemberRole.FOUNDING, joined=started),
            user,
        )
    applicant = submission.applicant
    if applicant is not None:  # who applied for the carrier acts for it; a consultancy accompanies
        for_carrier = submission.applicant_organisation.strip() == submission.carrier.name
        kind = ActorKind.CARRIER if for_carrier else ActorKind.COMPANION
        add_actor(network=network, user_to_add=applicant, kind=kind, user=user)
    return network


@transaction.atomic
def update_network(*, network: Network, user, **values) -> Network:
    allowed = {
        "name", "name_en", "cluster_category", "carrier_contact", "companion", "goals",
        "goals_en", "is_public", "carrier_company",
    }  # fmt: skip
    unknown = set(values) - allowed
    if unknown:
        raise NetworkError(
            _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    network = Network.objects.select_for_update().get(pk=network.pk)
    if "name" in values and not (values["name"] or "").strip():
        raise NetworkError(_("A network needs a name."), field="name")
    changed = [k for k, v in values.items() if getattr(network, k) != v]
    if changed:
        for k in changed:
            setattr(network, k, values[k])
        save_as(network, user)
    return network


@transaction.atomic
def change_phase(
    *, network: Network, phase: str, user, on: dt.date | None = None, note: str = ""
) -> Network:
    network = Network.objects.select_for_update().get(pk=network.pk)
    if phase not in NetworkPhase.values:
        raise NetworkError(_("Unknown phase."), field="phase")
    if phase == network.phase:
        raise NetworkError(_("The network is already in this phase."), field="phase")
    on = on or timezone.localdate()
    last = network.phase_changes.order_by("-changed_on", "-pk").first()
    if last is not None and on < last.changed_on:
        raise NetworkError(
            _("A phase change cannot be dated before the previous one (%(date)s).")
            % {"date": last.changed_on.strftime("%d.%m.%Y")},
            field="changed_on",
        )
    network.phase = phase
    save_as(network, user)
    save_as(NetworkPhaseChange(network=network, phase=phase, changed_on=on, note=note), user)
    return network


@transaction.atomic
def add_actor(*, network: Network, user_to_add, kind: str, user, company=None) -> NetworkActor:
    if kind == ActorKind.MEMBER_ADMIN and company is None:
        raise NetworkError(_("Name the member company this user acts for."), field="company")
    actor = NetworkActor.objects.filter(network=network, user=user_to_add, kind=kind).first()
    if actor is None:
        actor = NetworkActor(network=network, user=user_to_add, kind=kind, company=company)
        save_as(actor, user)
    elif actor.company_id != getattr(company, "pk", None):
        actor.company = company
        save_as(actor, user)
    return actor

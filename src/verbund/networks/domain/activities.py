"""The activities and results log: dated entries with participants and evidence files."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.core.uploads import validate_upload
from verbund.networks.domain.errors import NetworkError
from verbund.networks.enums import EVIDENCE_KINDS, ActivityKind
from verbund.networks.models import Activity, Evidence, Membership, Network


@transaction.atomic
def record_activity(
    *,
    network: Network,
    date: dt.date,
    kind: str,
    text: str,
    user,
    text_en: str = "",
    participants=(),
    measure=None,
    is_public: bool = True,
    evidence=(),
) -> Activity:
    network = Network.objects.select_for_update().get(pk=network.pk)
    if date is None:
        raise NetworkError(_("Enter the date."), field="date")
    if date > timezone.localdate() + dt.timedelta(days=1):
        raise NetworkError(
            _("The log records what happened; the date lies in the future."), field="date"
        )
    if kind not in ActivityKind.values:
        raise NetworkError(_("Choose the kind of activity."), field="kind")
    if not (text or "").strip():
        raise NetworkError(_("Describe the activity in a short text."), field="text")
    if measure is not None and measure.network_id != network.pk:
        raise NetworkError(_("The measure belongs to another network."), field="measure")
    members = set(Membership.objects.filter(network=network).values_list("pk", flat=True))
    for member in participants:
        if member.pk not in members:
            raise NetworkError(
                _("%(company)s is not a member of this network.") % {"company": member},
                field="participants",
            )
    kinds = [validate_upload(f, kinds=EVIDENCE_KINDS, field="evidence") for f in evidence]
    activity = Activity(
        network=network, date=date, kind=kind, text=text.strip(), text_en=text_en.strip(),
        measure=measure, is_public=is_public,
    )  # fmt: skip
    save_as(activity, user)
    activity.participants.set(list(participants))
    for upload, kind_of_file in zip(evidence, kinds, strict=True):
        _save_evidence(activity, upload, kind_of_file, user)
    return activity


@transaction.atomic
def add_participants(*, activity: Activity, participants, user) -> list[Membership]:
    """Add members of the activity's network as participants (e.g. the attendance of a linked
    event); members already taking part are left as they are. Returns those added."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    members = set(
        Membership.objects.filter(network_id=activity.network_id).values_list("pk", flat=True)
    )
    for member in participants:
        if member.pk not in members:
            raise NetworkError(
                _("%(company)s is not a member of this network.") % {"company": member},
                field="participants",
            )
    present = set(activity.participants.values_list("pk", flat=True))
    missing = [m for m in participants if m.pk not in present]
    if missing:
        activity.participants.add(*missing)
        save_as(activity, user)  # the change is dated and authored in the activity's history
    return missing


def _save_evidence(activity: Activity, upload, kind: str, user) -> Evidence:
    item = Evidence(
        activity=activity, name=upload.name[:200], kind=kind, size=upload.size,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )  # fmt: skip
    item.file.save(upload.name, upload, save=False)
    save_as(item, user)
    return item


@transaction.atomic
def add_evidence(*, activity: Activity, upload, user) -> Evidence:
    kind = validate_upload(upload, kinds=EVIDENCE_KINDS, field="evidence")
    return _save_evidence(Activity.objects.get(pk=activity.pk), upload, kind, user)

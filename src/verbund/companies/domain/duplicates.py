"""Duplicate suggestions (rapidfuzz) and merging two companies without losing references or history.

Suggestions compare normalised name + street only within a block of the same postcode (or city when
the postcode is missing), so the work grows with block sizes, not with the square of the register.
The merge re-points every reference to the removed company generically (all reverse relations in
`Company._meta`, including other apps' foreign keys and many-to-many tables), so apps added later are
covered without changes here.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from verbund.companies.domain.companies import normalise_name, normalise_street
from verbund.companies.models import Company, CompanyMerge, NotDuplicate
from verbund.core.audit import acting_user, delete_as, save_as
from verbund.core.errors import DomainError

MAX_BLOCK = 5000


@dataclass(frozen=True)
class Suggestion:
    first_id: int
    second_id: int
    score: float


def duplicate_suggestions(
    *, queryset=None, threshold: float = 90.0, limit: int = 200
) -> list[Suggestion]:
    """Pairs of companies whose names and addresses look alike, best first; pairs the office has
    marked as different companies are not suggested again."""
    qs = queryset if queryset is not None else Company.objects.all()
    records = []
    for pk, name, trading, street, postcode, city in qs.values_list(
        "id", "name", "trading_name", "street", "postcode", "city"
    ).iterator(chunk_size=5000):
        key = (postcode or "").strip() or normalise_name(city) or "?"
        text = f"{normalise_name(trading or name)} {normalise_street(street)}".strip()
        if text:
            records.append((pk, key, text))
    return similar_pairs(records, threshold=threshold, limit=limit, exclude=dismissed_pairs())


def similar_pairs(
    records: list[tuple[int, str, str]],
    *,
    threshold: float = 90.0,
    limit: int = 200,
    exclude: set[tuple[int, int]] = frozenset(),
) -> list[Suggestion]:
    """(id, block, text) records -> the `limit` most similar pairs within blocks (numpy top-k, so
    that a register with many near-identical names does not create millions of Python objects)."""
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, key, text in records:
        blocks[key].append((pk, text))
    firsts, seconds, scores = [], [], []
    for members in blocks.values():
        if len(members) < 2:
            continue
        for start in range(0, len(members), MAX_BLOCK):
            part = members[start : start + MAX_BLOCK]
            ids = np.array([pk for pk, _t in part], dtype=np.int64)
            matrix = process.cdist(
                [t for _pk, t in part], [t for _pk, t in part], scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold, dtype=np.uint8, workers=-1,
            )  # fmt: skip
            rows, cols = np.nonzero(np.triu(matrix, k=1))
            firsts.append(np.minimum(ids[rows], ids[cols]))  # older record first
            seconds.append(np.maximum(ids[rows], ids[cols]))
            scores.append(matrix[rows, cols])
    if not scores:
        return []
    first, second, score = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(scores)
    order = np.lexsort((second, first, -score.astype(np.int16)))[: limit + len(exclude)]
    pairs = [Suggestion(int(first[i]), int(second[i]), float(score[i])) for i in order]
    return [s for s in pairs if (s.first_id, s.second_id) not in exclude][:limit]


def dismissed_pairs() -> set[tuple[int, int]]:
    """(older id, newer id) of the pairs marked as not duplicates."""
    return set(NotDuplicate.objects.values_list("first_id", "second_id"))


@transaction.atomic
def mark_not_duplicate(
    *, company: Company, other: Company, reason: str = "", user=None
) -> NotDuplicate:
    """Record that two suggested companies are different; the pair is not suggested again.
    Marking the same pair twice (a double click) keeps the first decision."""
    if company.pk == other.pk:
        raise DomainError(_("A company is always the same as itself."), code="same_company")
    first, second = sorted([company.pk, other.pk])
    reason = " ".join((reason or "").split())
    limit = NotDuplicate._meta.get_field("reason").max_length
    if len(reason) > limit:
        raise DomainError(
            _("The reason may have at most %(n)s characters.") % {"n": limit}, field="reason"
        )
    existing = NotDuplicate.objects.filter(first_id=first, second_id=second).first()
    if existing is not None:
        return existing
    decision = NotDuplicate(first_id=first, second_id=second, reason=reason, decided_by=user)
    try:
        with acting_user(user), transaction.atomic():
            save_as(decision, user)
    except IntegrityError:  # the same pair marked at the same moment by a second request
        return NotDuplicate.objects.get(first_id=first, second_id=second)
    return decision


@transaction.atomic
def withdraw_not_duplicate(*, decision: NotDuplicate, user=None) -> None:
    """Take back a "not a duplicate" decision: the pair may be suggested again (history keeps it)."""
    found = NotDuplicate.objects.select_for_update().filter(pk=decision.pk).first()
    if found is not None:
        with acting_user(user):
            delete_as(found, user)


def _reverse_relations():
    """Every relation pointing at Company, except the history tables (their rows stay as they were)."""
    for rel in Company._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if hasattr(rel.related_model, "instance_type"):  # django-simple-history's historical model
            continue
        yield rel


def _repoint(rel, remove: Company, keep: Company) -> int:
    model, field = rel.related_model, rel.field
    objs = list(model._base_manager.filter(**{field.name: remove}))
    moved = 0
    tracked = hasattr(model, "history")
    if not tracked and not rel.one_to_one:
        try:
            with transaction.atomic():
                return model._base_manager.filter(pk__in=[o.pk for o in objs]).update(
                    **{field.attname: keep.pk}
                )
        except IntegrityError:
            pass  # some rows already exist for the kept company: move one by one below
    for obj in objs:
        setattr(obj, field.attname, keep.pk)
        try:
            with transaction.atomic():
                obj.save(update_fields=[field.attname])
            moved += 1
        except IntegrityError:
            model._base_manager.filter(pk=obj.pk).delete()  # the kept company has this already
    return moved


FILLABLE = [
    "trading_name", "legal_form", "register_court", "register_number", "street", "postcode",
    "city", "lat", "lon", "main_wz", "employees", "size_class", "founding_year", "website",
    "competences", "offers",
]  # fmt: skip


@transaction.atomic
def merge_companies(*, keep: Company, remove: Company, user=None) -> CompanyMerge:
    """Merge `remove` into `keep`: references, contacts, affiliations, memberships, WZ codes and tags
    move to `keep`; empty fields of `keep` are filled from `remove`; `remove` is deleted (its history
    stays, and the merge record keeps its public id and data)."""
    if keep.pk == remove.pk:
        raise DomainError(_("A company cannot be merged with itself."), code="merge_self")
    with acting_user(user):
        return _merge(
            keep=Company.objects.select_for_update().get(pk=keep.pk),
            remove=Company.objects.select_for_update().get(pk=remove.pk),
            user=user,
        )


def _merge(*, keep: Company, remove: Company, user) -> CompanyMerge:
    snapshot = model_to_dict(remove, exclude=["secondary_wz", "tags"])
    snapshot = {k: (str(v) if not isinstance(v, int | float | bool | type(None)) else v)
                for k, v in snapshot.items()}  # fmt: skip
    snapshot["public_id"] = str(remove.public_id)
    moved = {}
    for rel in _reverse_relations():
        n = _repoint(rel, remove, keep)
        if n:
            moved[rel.related_model._meta.label] = n
    for name in FILLABLE:
        field = Company._meta.get_field(name)
        attr = field.attname
        if getattr(keep, attr) in (None, "") and getattr(remove, attr) not in (None, ""):
            setattr(keep, attr, getattr(remove, attr))
    for name in ("competences", "offers"):
        extra = getattr(remove, name)
        if extra and extra not in getattr(keep, name):
            setattr(keep, name, f"{getattr(keep, name)}\n{extra}".strip())
    keep._change_reason = f"merged with {remove.name} ({remove.public_id})"
    save_as(keep, user)
    keep.secondary_wz.remove(*[w for w in keep.secondary_wz.all() if w.pk == keep.main_wz_id])
    merge = CompanyMerge.objects.create(
        kept=keep, removed_public_id=remove.public_id, removed_name=remove.name,
        snapshot=snapshot, moved=moved, merged_by=user,
    )  # fmt: skip
    remove._change_reason = f"merged into {keep.name} ({keep.public_id})"
    delete_as(remove, user)
    from verbund.companies.domain.placement import place_companies

    place_companies(company_ids=[keep.pk])
    return merge

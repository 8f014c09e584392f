"""Writes on network ideas: drafts, founding members, attachments, submit and withdraw.

Attachments are checked by their first bytes ("%PDF-"), not by the name or the browser's content
type, which a client chooses freely; a five-byte signature check needs no library.
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.domain.writes import domain_write
from verbund.competitions.enums import SubmissionStatus
from verbund.competitions.models import Attachment, Competition, FinancingShare, Submission
from verbund.core.audit import bulk_create_as, delete_as, save_as

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
SUBMISSION_FIELDS = {
    "title", "applicant_organisation", "sector_focus", "carrier", "goals", "measures",
    "requested_budget", "timeline", "starts_on", "ends_on",
}  # fmt: skip


def _check_open(competition: Competition, now=None) -> None:
    if competition.phase != "open":
        raise CompetitionError(_("This competition does not accept submissions."))
    if (now or timezone.now()) > competition.deadline:
        raise CompetitionError(_("The submission deadline has passed."))


def _apply(
    submission: Submission, fields: dict, *, user, wz_codes=None, co_applicants=None, members=None
):
    unknown = set(fields) - SUBMISSION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for k, v in fields.items():
        setattr(submission, k, v)
    check_submission_fields(submission)
    submission.save()
    if wz_codes is not None:
        submission.wz_codes.set(wz_codes)
    if co_applicants is not None:  # user names / e-mail addresses: invited, not yet co-applicants
        from verbund.competitions.domain.invitations import set_invitations

        set_invitations(
            submission=submission,
            addresses=[getattr(a, "username", a) for a in co_applicants],
            user=user,
        )
    if members is not None:
        submission.founding_members.set(members)


def check_submission_fields(submission: Submission) -> None:
    """The limits of the model's fields (lengths, digits) and a plan that ends after it starts."""
    for name in ("title", "applicant_organisation", "sector_focus"):
        limit = Submission._meta.get_field(name).max_length
        if len(getattr(submission, name) or "") > limit:
            raise CompetitionError(
                _("At most %(n)s characters.") % {"n": limit}, field=name, code="max_length"
            )
    if submission.requested_budget is not None:
        submission.requested_budget = check_amount(
            submission.requested_budget, model=Submission, field="requested_budget"
        )
    if submission.starts_on and submission.ends_on and submission.ends_on < submission.starts_on:
        raise CompetitionError(
            _("The planned end lies before the planned start."), field="ends_on", code="order"
        )


def check_amount(value, *, model=FinancingShare, field: str = "amount", row=None) -> Decimal:
    """An amount of money as the model's DecimalField can hold it: finite, not negative, at most
    max_digits digits with decimal_places after the point (NaN, inf, 1e20 are refused)."""
    spec = model._meta.get_field(field)
    whole = spec.max_digits - spec.decimal_places
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise CompetitionError(_("This is not an amount of money."), field=field, row=row) from exc
    if not amount.is_finite():
        raise CompetitionError(_("This is not an amount of money."), field=field, row=row)
    if amount < 0:
        raise CompetitionError(_("The amount cannot be negative."), field=field, row=row)
    if amount.adjusted() >= whole:
        raise CompetitionError(
            _("The amount is too large: at most %(n)s digits before the decimal point.")
            % {"n": whole},
            field=field,
            row=row,
            code="max_digits",
        )
    return amount.quantize(Decimal(1).scaleb(-spec.decimal_places))


@domain_write(user_arg="applicant")
def create_submission(
    *, competition: Competition, applicant, title: str, wz_codes=None, co_applicants=None,
    founding_members=None, financing: Iterable[tuple] = (), now=None, **fields,
) -> Submission:  # fmt: skip
    """A draft idea. `now` (default: the clock) is when it is written, e.g. for a past call."""
    now = now or timezone.now()
    competition = Competition.objects.get(pk=competition.pk)
    _check_open(competition, now)
    submission = Submission(
        competition=competition, applicant=applicant, title=title, created_at=now
    )
    _apply(
        submission, fields, user=applicant, wz_codes=wz_codes, co_applicants=co_applicants,
        members=founding_members,
    )  # fmt: skip
    set_financing(submission=submission, lines=financing, user=applicant)
    return submission


@domain_write
def update_submission(
    *, submission: Submission, user, wz_codes=None, co_applicants=None, founding_members=None,
    financing: Iterable[tuple] | None = None, **fields,
) -> Submission:  # fmt: skip
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise CompetitionError(_("A withdrawn idea can no longer be changed."))
    _check_open(submission.competition)
    _apply(
        submission, fields, user=user, wz_codes=wz_codes, co_applicants=co_applicants,
        members=founding_members,
    )  # fmt: skip
    if financing is not None:
        set_financing(submission=submission, lines=financing, user=user)
    return submission


@domain_write
def set_financing(*, submission: Submission, lines: Iterable[tuple], user) -> None:
    """Replace the financing split; lines: (funding_source or None, label, amount).

    Old lines are deleted one by one and new ones written with `bulk_create_as`, so both appear in
    the change history with `user` as the author. Amounts are checked against the model's digits.
    """
    label_limit = FinancingShare._meta.get_field("label").max_length
    shares = []
    for row, (src, label, amount) in enumerate(lines, start=1):
        label = (label or "").strip()
        if len(label) > label_limit:
            raise CompetitionError(
                _("The source may have at most %(n)s characters.") % {"n": label_limit},
                field="financing", row=row,
            )  # fmt: skip
        try:
            value = check_amount(amount, row=row)
        except CompetitionError as exc:
            raise CompetitionError(exc.reason, field="financing", row=row) from exc
        shares.append(
            FinancingShare(submission=submission, funding_source=src, label=label, amount=value)
        )
    for old in FinancingShare.objects.filter(submission=submission):
        delete_as(old, user)
    bulk_create_as(FinancingShare, shares, user=user)


@domain_write
def add_founding_member(*, submission: Submission, name: str, user, **company_fields):
    """Add a company by name: an existing register entry if one matches, else a new entry.

    Idempotent under parallel requests: the lookup and the creation run under one lock, so the
    same new name typed twice at once gives one register entry.
    """
    from verbund.competitions.domain.members import find_or_create_company

    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_open(submission.competition)
    company, created = find_or_create_company(name=name, user=user, **company_fields)
    submission.founding_members.add(company)
    return company, created


def check_attachment(upload: UploadedFile) -> None:
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise CompetitionError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise CompetitionError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise CompetitionError(_("Only PDF files can be attached; this file is not a PDF."))


@domain_write
def add_attachment(*, submission: Submission, upload: UploadedFile, user) -> Attachment:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise CompetitionError(_("A withdrawn idea can no longer be changed."))
    _check_open(submission.competition)
    check_attachment(upload)
    name = upload.name.rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        submission=submission, file=upload, name=name, size=upload.size, uploaded_by=user
    )
    save_as(attachment, user)
    return attachment


@domain_write
def remove_attachment(*, attachment: Attachment, user) -> None:
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    _check_open(attachment.submission.competition)
    stored = attachment.file
    delete_as(attachment, user)
    transaction.on_commit(lambda: stored.delete(save=False))


@domain_write
def submit(
    *, submission: Submission, user, request=None, now=None, notify: bool = True
) -> Submission:
    """Submit the idea; the confirmation mail goes out after the commit (`notify=False`: none, as
    for the demo's historical record). `now` (default: the clock) is the time of submission."""
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_open(submission.competition, now)
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise CompetitionError(_("A withdrawn idea can no longer be submitted."))
    if submission.status == SubmissionStatus.SUBMITTED:
        return submission
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    save_as(submission, user)
    if not notify:
        return submission
    language = translation.get_language() or "de"
    transaction.on_commit(
        lambda: send_confirmation(submission=submission, request=request, language=language)
    )
    return submission


def send_confirmation(*, submission: Submission, request=None, language: str = "de") -> None:
    """The confirmation mail; sent after the submit is committed (never for a rolled-back one)."""
    recipients = [
        u.email for u in [submission.applicant, *submission.co_applicants.all()] if u.email
    ]
    if not recipients:
        return
    with translation.override(language):
        body = render_to_string(
            "competitions/email/confirmation.txt", {"submission": submission}, request=request
        )
        subject = _("Your network idea “%(title)s” has been received") % {"title": submission.title}
    send_mail(subject, body, None, recipients)


@domain_write
def withdraw(*, submission: Submission, user) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.competition.is_decided:
        raise CompetitionError(
            _("The competition is decided; the idea can no longer be withdrawn.")
        )
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    save_as(submission, user)
    return submission


@domain_write
def save_submission(
    *, user, competition: Competition | None = None, submission: Submission | None = None,
    new_members: Iterable[str] = (), **fields,
) -> tuple[Submission, list[tuple[str, object]]]:  # fmt: skip
    """Create (with `competition`) or change (with `submission`) an idea and add the new founding
    members named by the applicant, in one transaction: a refused member name saves nothing.

    Returns the idea and the (typed name, register entry) pairs that matched an existing entry.
    """
    if submission is None:
        submission = create_submission(competition=competition, applicant=user, **fields)
    else:
        submission = update_submission(submission=submission, user=user, **fields)
    matched = []
    for name in new_members:
        company, created = add_founding_member(submission=submission, name=name, user=user)
        if not created:
            matched.append((name, company))
    return submission, matched

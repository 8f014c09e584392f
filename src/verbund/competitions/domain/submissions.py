"""Writes on network ideas: drafts, founding members, attachments, submit and withdraw.

Attachments are checked by their first bytes ("%PDF-"), not by the name or the browser's content
type, which a client chooses freely; a five-byte signature check needs no library.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.enums import SubmissionStatus
from verbund.competitions.models import Attachment, Competition, FinancingShare, Submission

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
SUBMISSION_FIELDS = {
    "title", "applicant_organisation", "sector_focus", "carrier", "goals", "measures",
    "requested_budget", "timeline", "starts_on", "ends_on",
}  # fmt: skip


def _check_open(competition: Competition) -> None:
    if competition.phase != "open":
        raise CompetitionError(_("This competition does not accept submissions."))
    if timezone.now() > competition.deadline:
        raise CompetitionError(_("The submission deadline has passed."))


def _apply(
    submission: Submission, fields: dict, *, wz_codes=None, co_applicants=None, members=None
):
    unknown = set(fields) - SUBMISSION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for k, v in fields.items():
        setattr(submission, k, v)
    submission.save()
    if wz_codes is not None:
        submission.wz_codes.set(wz_codes)
    if co_applicants is not None:
        submission.co_applicants.set([u for u in co_applicants if u.pk != submission.applicant_id])
    if members is not None:
        submission.founding_members.set(members)


@transaction.atomic
def create_submission(
    *, competition: Competition, applicant, title: str, wz_codes=None, co_applicants=None,
    founding_members=None, financing: Iterable[tuple] = (), **fields,
) -> Submission:  # fmt: skip
    _check_open(competition)
    submission = Submission(competition=competition, applicant=applicant, title=title)
    _apply(
        submission, fields, wz_codes=wz_codes, co_applicants=co_applicants, members=founding_members
    )
    set_financing(submission=submission, lines=financing, user=applicant)
    return submission


@transaction.atomic
def update_submission(
    *, submission: Submission, user, wz_codes=None, co_applicants=None, founding_members=None,
    financing: Iterable[tuple] | None = None, **fields,
) -> Submission:  # fmt: skip
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise CompetitionError(_("A withdrawn idea can no longer be changed."))
    _check_open(submission.competition)
    _apply(
        submission, fields, wz_codes=wz_codes, co_applicants=co_applicants, members=founding_members
    )
    if financing is not None:
        set_financing(submission=submission, lines=financing, user=user)
    return submission


def set_financing(*, submission: Submission, lines: Iterable[tuple], user) -> None:
    """lines: (funding_source or None, label, amount)."""
    submission.financing.all().delete()
    FinancingShare.objects.bulk_create(
        FinancingShare(
            submission=submission, funding_source=src, label=label, amount=Decimal(amount)
        )
        for src, label, amount in lines
    )


@transaction.atomic
def add_founding_member(*, submission: Submission, name: str, user, **company_fields):
    """Add a company by name: an existing register entry if one matches, else a new entry."""
    from verbund.competitions.domain.members import find_or_create_company

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


@transaction.atomic
def add_attachment(*, submission: Submission, upload: UploadedFile, user) -> Attachment:
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise CompetitionError(_("A withdrawn idea can no longer be changed."))
    _check_open(submission.competition)
    check_attachment(upload)
    name = upload.name.rsplit("/", 1)[-1][:200]
    return Attachment.objects.create(
        submission=submission, file=upload, name=name, size=upload.size, uploaded_by=user
    )


@transaction.atomic
def remove_attachment(*, attachment: Attachment, user) -> None:
    _check_open(attachment.submission.competition)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def submit(*, submission: Submission, user, request=None) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_open(submission.competition)
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise CompetitionError(_("A withdrawn idea can no longer be submitted."))
    if submission.status == SubmissionStatus.SUBMITTED:
        return submission
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save()
    send_confirmation(submission=submission, request=request)
    return submission


def send_confirmation(*, submission: Submission, request=None) -> None:
    recipients = [
        u.email for u in [submission.applicant, *submission.co_applicants.all()] if u.email
    ]
    if not recipients:
        return
    with translation.override(translation.get_language() or "de"):
        body = render_to_string(
            "competitions/email/confirmation.txt", {"submission": submission}, request=request
        )
        subject = _("Your network idea “%(title)s” has been received") % {"title": submission.title}
    send_mail(subject, body, None, recipients)


@transaction.atomic
def withdraw(*, submission: Submission, user) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.competition.is_decided:
        raise CompetitionError(
            _("The competition is decided; the idea can no longer be withdrawn.")
        )
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.save()
    return submission

"""Who may open and change what: the permission matrix, one entry per URL name.

One table serves two purposes. `tests/permissions/test_matrix.py` requests every URL pattern of the
project (filled with the demo's objects) as every role, by GET and by POST, and compares each answer
with this table; a URL pattern without an entry fails the test by name. `verbund manage
permissions_doc` renders the same table into docs/permissions.md, and a test fails when that file
is stale. So the table is the documentation of who may do what, and it cannot drift from the code.

Answers: 200 (the page), `LOGIN` (sent to the sign-in page), 302 (sent elsewhere: after an action,
or to where the page lives), 403 (may not do this), 404 (may not see this object, or it does not
exist for this role), 405 (method not allowed), 400 (the empty request's data refused), and the
API's 401 (sign in first) and 204 (deleted). The API's router routes are requested with PUT, PATCH
and DELETE too. A POST carries no form data: for an allowed role it
shows the form's errors (200) or does what an empty request does; for every other role it must be
refused before anything is written.

Columns: anonymous visitors and the demo login of every role. Object pages name an `owner` role:
the demo login of that role owns the object in the URL (the applicant's idea, the carrier's network,
the member company in it, the reviewer's assignment), and the column "other" is another user of the
same role who owns something else.

Written by hand rather than derived from rules.py so that a change of a predicate shows up as a
change of this table (and of docs/permissions.md) in review.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

ROLES = ("anonymous", "office", "auditor", "reviewer", "carrier", "member", "applicant")
OTHER = "other"
COLUMNS = (*ROLES, OTHER)
METHODS = ("get", "post")
API_METHODS = ("put", "patch", "delete")
"""Requested too where an entry gives them (the API's detail routes)."""

LOGIN = "login"
"""Sent to a sign-in page (302)."""

Answer = int | str


def answers(default: Answer, **columns: Answer) -> dict[str, Answer]:
    """A full row: `default` for every column not named."""
    unknown = set(columns) - set(COLUMNS)
    if unknown:
        raise ValueError(f"unknown columns {sorted(unknown)}")
    return {column: columns.get(column, default) for column in COLUMNS}


@dataclass(frozen=True)
class Access:
    """The expected answers to GET and POST of one URL, per column (POST: as GET if not given)."""

    get: Mapping[str, Answer]
    post: Mapping[str, Answer] | None = None
    owner: str | None = None
    """The role whose demo login owns the object in the URL ("other" = another of that role)."""
    put: Mapping[str, Answer] | None = None
    patch: Mapping[str, Answer] | None = None
    delete: Mapping[str, Answer] | None = None
    own_account: bool = False
    """The signed-in user's own account (profile, password, two-factor, language, sign-out,
    calendar feed): every role may change it, the auditor included; it is no programme data."""
    by_link: bool = False
    """A secret link sent by e-mail (an invitation, an event registration): whoever holds the
    link acts for its addressee, whatever their role (the auditor included)."""
    note: str = ""

    def expected(self, method: str) -> Mapping[str, Answer]:
        if method == "post" and self.post is None:
            return self.get
        return getattr(self, method)

    def methods(self) -> tuple[str, ...]:
        return (*METHODS, *(m for m in API_METHODS if getattr(self, m) is not None))


@dataclass(frozen=True)
class PatternRule:
    """One answer for a family of URL names (`fnmatch` pattern), e.g. the Django admin."""

    pattern: str
    access: Access
    requested: tuple[str, ...] = ()
    """Names of the family that the test requests (the others share their answers)."""
    description: str = ""


# Rows used by many entries -------------------------------------------------------------------

_ = answers


MATRIX: dict[str, Access] = {
    # Site, accounts (django-allauth) and two-factor sign-in --------------------------------------
    "set_language": Access(_(302), own_account=True),
    "core:home": Access(_(200)),
    "core:profile": Access(_(200, anonymous=LOGIN), own_account=True),
    "core:invitation_list": Access(_(403, anonymous=LOGIN, office=200)),
    "core:invitation": Access(_(200), post=_(302, anonymous=200), own_account=True, by_link=True),
    "core:history": Access(_(403, anonymous=LOGIN, office=200, auditor=200)),
    "login": Access(_(302, anonymous=200), own_account=True),
    "logout": Access(_(200, anonymous=302), post=_(302), own_account=True),
    "account_login": Access(_(302, anonymous=200), own_account=True),
    "account_logout": Access(_(200, anonymous=302), post=_(302), own_account=True),
    "account_inactive": Access(_(200), post=_(405), own_account=True),
    "account_signup": Access(_(302, anonymous=200), own_account=True),
    "account_reauthenticate": Access(_(200, anonymous=LOGIN), own_account=True),
    "account_request_reauthentication_code": Access(_(200, anonymous=LOGIN), own_account=True),
    "account_confirm_reauthentication_code": Access(_(302, anonymous=LOGIN), own_account=True),
    "account_email": Access(
        _(200, anonymous=LOGIN),
        post=_(302, anonymous=LOGIN),
        own_account=True,
    ),
    "account_email_verification_sent": Access(_(200), post=_(405), own_account=True),
    "account_change_password": Access(_(200, anonymous=LOGIN), own_account=True),
    "account_set_password": Access(_(302, anonymous=LOGIN), own_account=True),
    "account_reset_password": Access(_(200), own_account=True),
    "account_confirm_login_code": Access(_(302, anonymous=LOGIN), own_account=True),
    "account_confirm_email": Access(_(200), post=_(404), own_account=True),
    "account_reset_password_from_key": Access(_(200), own_account=True),
    "account_reset_password_from_key_done": Access(_(200), post=_(405), own_account=True),
    "account_reset_password_done": Access(_(200), post=_(405), own_account=True),
    "mfa_index": Access(_(200, anonymous=LOGIN), post=_(405, anonymous=LOGIN), own_account=True),
    "mfa_authenticate": Access(_(302, anonymous=LOGIN), own_account=True),
    "mfa_reauthenticate": Access(_(302, anonymous=LOGIN), own_account=True),
    "mfa_activate_totp": Access(_(302, anonymous=LOGIN), own_account=True),
    "mfa_deactivate_totp": Access(_(404, anonymous=LOGIN), own_account=True),
    "mfa_view_recovery_codes": Access(
        _(404, anonymous=LOGIN),
        post=_(405, anonymous=LOGIN),
        own_account=True,
    ),
    "mfa_generate_recovery_codes": Access(_(302, anonymous=LOGIN), own_account=True),
    "mfa_download_recovery_codes": Access(_(404, anonymous=LOGIN), own_account=True),
    # Django admin (users only; see the pattern rule for the model pages) -------------------------
    "admin:index": Access(_(LOGIN, office=200)),
    "admin:login": Access(_(200, office=302), post=_(200), own_account=True),
    "admin:logout": Access(_(302, office=405), post=_(302), own_account=True),
    "admin:password_change": Access(_(LOGIN, office=200), own_account=True),
    "admin:password_change_done": Access(
        _(LOGIN, office=200),
        post=_(LOGIN, office=405),
        own_account=True,
    ),
    "admin:autocomplete": Access(_(LOGIN, office=403), post=_(LOGIN, office=405)),
    "admin:jsi18n": Access(_(LOGIN, office=200), post=_(LOGIN, office=405)),
    # Programmes, measures, projects and fact sheets ----------------------------------------------
    "programmes:project_list": Access(_(200)),
    "programmes:project_create": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:programme_list": Access(_(200)),
    "programmes:programme_create": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:programme_detail": Access(_(200)),
    "programmes:programme_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:measure_create": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:measure_detail": Access(_(200)),
    "programmes:measure_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:master_data": Access(_(403, anonymous=LOGIN, office=200, auditor=200)),
    "programmes:organisation_create": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:organisation_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:source_create": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:source_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:project_detail": Access(_(200)),
    "programmes:project_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "programmes:project_sheet": Access(_(200)),
    "programmes:project_sheet_pdf": Access(_(200)),
    "programmes:project_history": Access(_(403, anonymous=LOGIN, office=200, auditor=200)),
    # Company register, WZ, areas, imports --------------------------------------------------------
    "companies:company_list": Access(_(200, anonymous=LOGIN)),
    "companies:company_export": Access(
        _(403, anonymous=LOGIN, office=200, auditor=200, carrier=200),
    ),
    "companies:api_company_list": Access(_(200, anonymous=LOGIN)),
    "companies:company_create": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:company_by_pk": Access(_(302, anonymous=LOGIN)),
    "companies:company_map": Access(_(200, anonymous=LOGIN)),
    "companies:map_data": Access(_(200, anonymous=LOGIN)),
    "companies:map_areas": Access(_(200, anonymous=LOGIN)),
    "companies:wz_browser": Access(_(200, anonymous=LOGIN)),
    "companies:wz_detail": Access(_(200, anonymous=LOGIN)),
    "companies:area_list": Access(_(200, anonymous=LOGIN)),
    "companies:area_create": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:area_detail": Access(_(200, anonymous=LOGIN)),
    "companies:area_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:district_import": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:place_now": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "companies:import_list": Access(
        _(403, anonymous=LOGIN, office=200, auditor=200),
        post=_(403, anonymous=LOGIN, office=200),
    ),
    "companies:import_detail": Access(_(403, anonymous=LOGIN, office=200, auditor=200)),
    "companies:import_mapping": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:import_apply": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "companies:import_recheck": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "companies:duplicate_list": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:company_merge": Access(
        _(403, anonymous=LOGIN, office=200),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "companies:company_detail": Access(_(200, anonymous=LOGIN), owner="member"),
    "companies:company_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:contact_create": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:contact_edit": Access(_(403, anonymous=LOGIN, office=200)),
    # Analysis runs -------------------------------------------------------------------------------
    "clusters:index": Access(_(403, anonymous=LOGIN, office=200, auditor=200, applicant=200)),
    "clusters:run_new": Access(_(403, anonymous=LOGIN, office=200, applicant=200)),
    "clusters:run_detail": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_progress": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_repeat": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403),
    ),
    "clusters:run_specialisation": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_clusters": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_potentials": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_networks": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_map": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_partners": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_json": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:run_pdf": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "clusters:reference_list": Access(
        _(403, anonymous=LOGIN, office=200, auditor=200, applicant=200),
    ),
    "clusters:reference_new": Access(_(403, anonymous=LOGIN, office=200, applicant=200)),
    # Ideas competitions --------------------------------------------------------------------------
    "competitions:index": Access(_(200)),
    "competitions:competition_create": Access(_(403, anonymous=LOGIN, office=200)),
    "competitions:competition_detail": Access(_(200)),
    "competitions:competition_edit": Access(_(403, anonymous=LOGIN, office=200)),
    "competitions:criteria": Access(
        _(403, anonymous=LOGIN, office=200),
        post=_(403, anonymous=LOGIN),
    ),
    "competitions:competition_phase": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "competitions:results": Access(_(200)),
    "competitions:eligibility": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "competitions:reviewers": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "competitions:reviewer_add": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=200, auditor=403),
    ),
    "competitions:assign": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=200, auditor=403),
    ),
    "competitions:auto_assign": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403),
    ),
    "competitions:conflict_record": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=200, auditor=403),
    ),
    "competitions:conflicts_detect": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403),
    ),
    "competitions:unassign": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403),
    ),
    "competitions:progress": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "competitions:ranking": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "competitions:ranking_export": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "competitions:decision": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "competitions:letters": Access(_(404, anonymous=LOGIN, office=200, auditor=200)),
    "competitions:submission_create": Access(_(403, anonymous=LOGIN)),
    "competitions:my_submissions": Access(_(200, anonymous=LOGIN)),
    "competitions:invitations": Access(_(200, anonymous=LOGIN)),
    "competitions:invitation_accept": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, member=302),
        owner="member",
    ),
    "competitions:invitation_decline": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, member=302),
        owner="member",
    ),
    "competitions:submission_detail": Access(
        _(200, anonymous=LOGIN, carrier=404, member=404, other=404),
        owner="applicant",
    ),
    "competitions:submission_edit": Access(
        _(403, anonymous=LOGIN, carrier=404, member=404, other=404),
        owner="applicant",
    ),
    "competitions:submission_submit": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, carrier=404, member=404, other=404),
        owner="applicant",
    ),
    "competitions:submission_withdraw": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, carrier=404, member=404, other=404),
        owner="applicant",
    ),
    "competitions:attachment_upload": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, carrier=404, member=404, other=404),
        owner="applicant",
    ),
    "competitions:decision_letter": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, applicant=200),
        owner="applicant",
    ),
    "competitions:attachment_download": Access(
        _(200, anonymous=LOGIN, carrier=404, member=404, other=404),
        owner="applicant",
    ),
    "competitions:attachment_delete": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, carrier=404, member=404, other=404),
        owner="applicant",
    ),
    "competitions:my_assignments": Access(_(403, anonymous=LOGIN, reviewer=200)),
    "competitions:review_form": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, reviewer=200),
        post=_(404, anonymous=LOGIN, office=403, auditor=403, reviewer=403),
        owner="reviewer",
    ),
    "competitions:declare_conflict": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=403, auditor=403, reviewer=302),
        owner="reviewer",
    ),
    # Networks ------------------------------------------------------------------------------------
    "networks:list": Access(_(200)),
    "networks:mine": Access(_(200, anonymous=LOGIN)),
    "networks:overview": Access(_(403, anonymous=LOGIN, office=200, auditor=200)),
    "networks:create": Access(_(403, anonymous=LOGIN, office=200)),
    "networks:from_idea": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "networks:detail": Access(_(200), owner="carrier"),
    "networks:edit": Access(
        _(403, anonymous=LOGIN, office=200, reviewer=404, applicant=404, other=404),
        post=_(403, anonymous=LOGIN, office=400, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:actor_add": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:phase": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:public": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:members": Access(
        _(200, anonymous=LOGIN, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:member_add": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=400, auditor=403, carrier=400, member=403),
        owner="carrier",
    ),
    "networks:members_export": Access(
        _(200, anonymous=LOGIN, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:join": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN),
        owner="carrier",
    ),
    "networks:member_leave": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=302, member=302),
        owner="member",
    ),
    "networks:member_fee": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=302, member=403),
        owner="carrier",
    ),
    "networks:member_update": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=302, member=403),
        owner="carrier",
    ),
    "networks:join_decide": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=302, member=403),
        owner="carrier",
    ),
    "networks:catalogue": Access(
        _(200, anonymous=LOGIN, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:measure_create": Access(
        _(404, anonymous=LOGIN, office=200, auditor=403, carrier=200, member=403),
        owner="carrier",
    ),
    "networks:catalogue_submit": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=302, member=403),
        owner="carrier",
    ),
    "networks:catalogue_approve": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:catalogue_return": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=400, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:measure_edit": Access(
        _(404, anonymous=LOGIN, office=200, auditor=403, carrier=200, member=403),
        post=_(404, anonymous=LOGIN, office=400, auditor=403, carrier=400, member=403),
        owner="carrier",
    ),
    "networks:measure_delete": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=302, member=403),
        owner="carrier",
    ),
    "networks:option_add": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=302, member=403),
        owner="carrier",
    ),
    "networks:activities": Access(
        _(200, anonymous=LOGIN, reviewer=404, applicant=404, other=404),
        post=_(404, anonymous=LOGIN, office=200, auditor=403, carrier=200, member=403),
        owner="carrier",
    ),
    "networks:evidence": Access(
        _(200, anonymous=LOGIN, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    "networks:health": Access(
        _(200, anonymous=LOGIN, reviewer=404, applicant=404, other=404),
        owner="carrier",
    ),
    # Contracts, milestones, payments -------------------------------------------------------------
    "contracts:list": Access(_(403, anonymous=LOGIN, office=200, auditor=200, carrier=200)),
    "contracts:award": Access(_(403, anonymous=LOGIN, office=200)),
    "contracts:export": Access(_(403, anonymous=LOGIN, office=200, auditor=200)),
    "contracts:detail": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, carrier=200),
        owner="carrier",
    ),
    "contracts:pdf": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, carrier=200),
        owner="carrier",
    ),
    "contracts:amend": Access(
        _(404, anonymous=LOGIN, office=200, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:milestone_add": Access(
        _(404, anonymous=LOGIN, office=200, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:milestone": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, carrier=200),
        owner="carrier",
    ),
    "contracts:milestone_edit": Access(
        _(404, anonymous=LOGIN, office=200, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:milestone_pdf": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, carrier=200),
        owner="carrier",
        note="accepted milestones only",
    ),
    "contracts:upload": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=403, auditor=403, carrier=400),
        owner="carrier",
    ),
    "contracts:evidence": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, carrier=200),
        owner="carrier",
    ),
    "contracts:submit": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=403, auditor=403, carrier=400),
        owner="carrier",
    ),
    "contracts:resubmit": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=403, auditor=403, carrier=400),
        owner="carrier",
    ),
    "contracts:request_changes": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=400, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:accept": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:reject": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=400, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:prepare": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=400, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:payment": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200, carrier=200),
        owner="carrier",
    ),
    "contracts:confirm": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=403),
        owner="carrier",
    ),
    "contracts:recover": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=400, auditor=403, carrier=403),
        owner="carrier",
    ),
    # Events --------------------------------------------------------------------------------------
    "events:list": Access(_(200)),
    "events:mine": Access(_(200, anonymous=LOGIN), own_account=True),
    "events:create": Access(_(403, anonymous=LOGIN, office=200, carrier=200)),
    "events:feed": Access(_(200), owner="member", by_link=True),
    "events:status": Access(_(200), owner="member", by_link=True),
    "events:cancel": Access(_(405), post=_(302), owner="member", by_link=True),
    "events:confirm": Access(_(405), post=_(302), owner="member", by_link=True),
    "events:detail": Access(_(200), owner="carrier"),
    "events:ics": Access(_(200), owner="carrier"),
    "events:edit": Access(_(403, anonymous=LOGIN, office=200, carrier=200), owner="carrier"),
    "events:question_add": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302, carrier=302),
        owner="carrier",
    ),
    "events:attendees": Access(_(403, office=200, auditor=200, carrier=200), owner="carrier"),
    "events:attendees_export": Access(
        _(403, office=200, auditor=200, carrier=200),
        owner="carrier",
    ),
    "events:attendance": Access(_(405), post=_(403, office=302, carrier=302), owner="carrier"),
    "events:moderate": Access(_(405), post=_(403, office=302, carrier=302), owner="carrier"),
    "events:slots": Access(_(403, office=200, carrier=200), owner="carrier"),
    "events:schedule": Access(_(403, office=200, auditor=200, carrier=200), owner="carrier"),
    "events:schedule_run": Access(_(405), post=_(403, office=302, carrier=302), owner="carrier"),
    "events:meetings": Access(_(403, anonymous=LOGIN, member=200), owner="carrier"),
    "events:profile": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, member=302),
        owner="carrier",
    ),
    "events:unavailable": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, member=302),
        owner="carrier",
    ),
    "events:request": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, member=302),
        owner="carrier",
    ),
    "events:answer": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, member=404),
        owner="carrier",
    ),
    "events:agenda": Access(_(403, anonymous=LOGIN, member=200), owner="carrier"),
    "events:agenda_pdf": Access(_(403, anonymous=LOGIN, member=200), owner="carrier"),
    "events:agenda_ics": Access(_(403, anonymous=LOGIN, member=200), owner="carrier"),
    # Audit: the office and the auditor read; every page answers GET only -------------------------
    **{
        f"audit:{name}": Access(_(403, anonymous=LOGIN, office=200, auditor=200), post=_(405))
        for name in (
            "log",
            "log_export",
            "projects",
            "dossier",
            "dossier_xlsx",
            "dossier_pdf",
            "retention",
        )
    },
    # Open data (no language prefix) --------------------------------------------------------------
    "open_data:operations_csv": Access(_(200), post=_(405)),
    "open_data:operations_json": Access(_(200), post=_(405)),
    "open_data:operations_schema": Access(_(200), post=_(405)),
    "open_data:indicators_csv": Access(_(200), post=_(405)),
    "open_data:indicators_json": Access(_(200), post=_(405)),
    "open_data:indicators_schema": Access(_(200), post=_(405)),
    # API (no language prefix; PUT, PATCH and DELETE too) -----------------------------------------
    "api:schema": Access(_(200), post=_(405)),
    "api:docs": Access(_(200)),
    "api:token": Access(_(405, anonymous=403), post=_(200, anonymous=403), own_account=True),
    "api:programme-list": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:programme-detail": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:project-list": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:project-detail": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:network-list": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:network-detail": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:network-members": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:company-list": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:company-detail": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:post-list": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:post-pending": Access(
        _(200, anonymous=401),
        post=_(405, anonymous=401),
        put=_(405, anonymous=401),
        patch=_(405, anonymous=401),
        delete=_(405, anonymous=401),
    ),
    "api:post-detail": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:post-moderation": Access(
        _(405, anonymous=401),
        post=_(403, anonymous=401, office=400, carrier=400),
        put=_(405, anonymous=401),
        patch=_(405, anonymous=401),
        delete=_(405, anonymous=401),
    ),
    "api:news-list": Access(
        _(200),
        post=_(400, anonymous=401),
        put=_(405),
        patch=_(405),
        delete=_(405),
    ),
    "api:news-detail": Access(
        _(200),
        post=_(405),
        put=_(405),
        patch=_(403, anonymous=401, office=200, carrier=200),
        delete=_(403, anonymous=401, office=204, carrier=204),
    ),
    "api:operation-list": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    "api:indicator-list": Access(_(200), post=_(405), put=_(405), patch=_(405), delete=_(405)),
    # Company register: newer pages ---------------------------------------------------------------
    "companies:postcode_import": Access(_(403, anonymous=LOGIN, office=200)),
    "companies:company_search": Access(_(200, anonymous=LOGIN)),
    "companies:not_duplicate": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "companies:not_duplicate_withdraw": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    # Ideas competitions: newer pages -------------------------------------------------------------
    "competitions:criteria_row": Access(_(403, anonymous=LOGIN, office=200)),
    "competitions:criteria_row_remove": Access(_(403, anonymous=LOGIN, office=200)),
    # Contracts: newer pages ----------------------------------------------------------------------
    "contracts:subgrant": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403, carrier=403),
        owner="carrier",
    ),
    # Reporting -----------------------------------------------------------------------------------
    "reporting:index": Access(
        _(403, anonymous=LOGIN, office=200, auditor=200),
        post=_(405, anonymous=LOGIN),
    ),
    "reporting:progress": Access(
        _(403, anonymous=LOGIN, office=200, auditor=200),
        post=_(405, anonymous=LOGIN),
    ),
    "reporting:open_data": Access(_(200), post=_(405)),
    "reporting:indicator_new": Access(_(403, anonymous=LOGIN, office=200)),
    "reporting:indicator": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200),
        post=_(405, anonymous=LOGIN),
    ),
    "reporting:indicator_edit": Access(_(404, anonymous=LOGIN, office=200, auditor=403)),
    "reporting:value_new": Access(_(404, anonymous=LOGIN, office=200, auditor=403)),
    "reporting:note_new": Access(_(404, anonymous=LOGIN, office=200, auditor=403)),
    "reporting:indicator_records": Access(_(404, anonymous=LOGIN), post=_(405, anonymous=LOGIN)),
    "reporting:common_records": Access(
        _(403, anonymous=LOGIN, office=404, auditor=404),
        post=_(405, anonymous=LOGIN),
    ),
    "reporting:value_evidence": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200),
        post=_(405, anonymous=LOGIN),
    ),
    "reporting:reports": Access(
        _(403, anonymous=LOGIN, office=200, auditor=200),
        post=_(403, anonymous=LOGIN, office=200),
    ),
    "reporting:report": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200),
        post=_(405, anonymous=LOGIN),
    ),
    "reporting:report_progress": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200),
        post=_(405, anonymous=LOGIN),
    ),
    "reporting:report_repeat": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, auditor=403),
    ),
    "reporting:report_download": Access(
        _(404, anonymous=LOGIN, office=200, auditor=200),
        post=_(405, anonymous=LOGIN),
    ),
    # Portal --------------------------------------------------------------------------------------
    "portal:home": Access(_(200)),
    "portal:search": Access(_(200)),
    "portal:feed": Access(_(200)),
    "portal:news": Access(_(200)),
    "portal:map": Access(_(200)),
    "portal:companies": Access(_(200)),
    "portal:company": Access(_(200)),
    "portal:claim": Access(_(200, anonymous=LOGIN)),
    "portal:profile_edit": Access(
        _(404, anonymous=LOGIN, office=200, member=200),
        post=_(404, anonymous=LOGIN, office=302, member=302),
        owner="member",
    ),
    "portal:consent_edit": Access(
        _(404, anonymous=LOGIN, office=200, member=200),
        post=_(404, anonymous=LOGIN, office=400, member=302),
        owner="member",
    ),
    "portal:admins": Access(_(404, anonymous=LOGIN, office=200, member=200), owner="member"),
    "portal:admin_invite": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=400, member=400),
        owner="member",
    ),
    "portal:admin_remove": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, member=302),
        owner="member",
    ),
    "portal:join": Access(_(404, anonymous=LOGIN, office=200, member=200), owner="member"),
    "portal:my": Access(_(200, anonymous=LOGIN)),
    "portal:claim_search": Access(_(200, anonymous=LOGIN)),
    "portal:claim_confirm": Access(
        _(200, anonymous=LOGIN),
        post=_(302, anonymous=LOGIN),
        by_link=True,
    ),
    "portal:claim_withdraw": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, member=302),
        owner="member",
    ),
    "portal:invitation": Access(
        _(200, anonymous=LOGIN),
        post=_(302, anonymous=LOGIN),
        by_link=True,
    ),
    "portal:board": Access(_(200)),
    "portal:post_create": Access(_(200, anonymous=LOGIN)),
    "portal:post_detail": Access(_(200)),
    "portal:post_edit": Access(
        _(404, anonymous=LOGIN, office=200, carrier=200),
        post=_(404, anonymous=LOGIN, office=400, carrier=400),
        owner="carrier",
    ),
    "portal:post_renew": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, carrier=302),
        owner="carrier",
    ),
    "portal:post_withdraw": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, carrier=302),
        owner="carrier",
    ),
    "portal:post_interest": Access(_(405, anonymous=LOGIN), post=_(400, anonymous=LOGIN)),
    "portal:post_moderate": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, carrier=302),
        owner="carrier",
    ),
    "portal:moderation": Access(_(404, anonymous=LOGIN, office=200, carrier=200)),
    "portal:join_answer": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, carrier=302),
        owner="carrier",
    ),
    "portal:claims": Access(_(403, anonymous=LOGIN, office=200)),
    "portal:claim_decide": Access(
        _(405, anonymous=LOGIN),
        post=_(403, anonymous=LOGIN, office=302),
    ),
    "portal:network": Access(_(200)),
    "portal:network_feed": Access(_(200)),
    "portal:news_create": Access(
        _(404, anonymous=LOGIN, office=200, carrier=200),
        owner="carrier",
    ),
    "portal:news_detail": Access(_(200)),
    "portal:news_edit": Access(
        _(404, anonymous=LOGIN, office=200, carrier=200),
        post=_(404, anonymous=LOGIN, office=400, carrier=400),
        owner="carrier",
    ),
    "portal:news_delete": Access(
        _(405, anonymous=LOGIN),
        post=_(404, anonymous=LOGIN, office=302, carrier=302),
        owner="carrier",
    ),
}

PATTERN_RULES: list[PatternRule] = [
    PatternRule(
        "admin:*",
        Access(_(LOGIN, office=403)),
        requested=(
            "admin:core_user_changelist",
            "admin:core_user_add",
            "admin:auth_group_changelist",
            "admin:account_emailaddress_changelist",
        ),
        description="the admin's model pages: staff only (others are sent to the admin's sign-in);"
        " the office is staff, but without Django model permissions (403); only a superuser"
        " works here (models are edited through the domain functions, not the admin).",
    ),
]


# Lookups used by the test and the command ----------------------------------------------------


def access_for(name: str) -> Access | None:
    if name in MATRIX:
        return MATRIX[name]
    rule = rule_for(name)
    return rule.access if rule else None


def rule_for(name: str) -> PatternRule | None:
    if name in MATRIX:
        return None
    return next((r for r in PATTERN_RULES if fnmatchcase(name, r.pattern)), None)


@dataclass(frozen=True)
class UrlPattern:
    name: str
    route: str
    params: tuple[str, ...]


def url_patterns() -> list[UrlPattern]:
    """Every named URL pattern of the project once (German, unprefixed routes), in URLconf order."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, UrlPattern] = {}

    def walk(resolver, prefix: str, namespace: str | None, params: tuple[str, ...]) -> None:
        for entry in resolver.url_patterns:
            route = prefix + _route(entry.pattern)
            here = params + _params(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(entry, route, inner, here)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.setdefault(name, UrlPattern(name, "/" + route, here))

    walk(get_resolver(), "", None, ())
    return list(found.values())


def _route(pattern) -> str:
    text = str(pattern)
    if text.startswith("^"):
        text = text[1:]
    return text.removesuffix("$")


def _params(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


# The document --------------------------------------------------------------------------------

_SYMBOLS = {200: "200", LOGIN: "login", 302: "302", 403: "**403**", 404: "404", 405: "405"}


def _cell(answer: Answer) -> str:
    return _SYMBOLS.get(answer, str(answer))


def render_markdown() -> str:
    """docs/permissions.md: one table per app, one line per URL and method."""
    lines = [
        "# Who may do what (permission matrix)",
        "",
        "Generated by `verbund manage permissions_doc` from `src/verbund/core/permission_matrix.py`;",
        "do not edit by hand. `tests/permissions/test_matrix.py` requests every URL below with the",
        "demo's objects as every role and fails when an answer differs from this table or a URL",
        "has no entry.",
        "",
        "Answers: **200** the page; **login** sent to the sign-in page; **302** sent elsewhere",
        "(after an action); **403** refused; **404** not visible to this role; **405** method not",
        "allowed; **400** the empty request's data refused; **401**/**204** the API's \"sign in",
        'first" and "deleted". POST (PUT, PATCH, DELETE) is sent without data. *other* is',
        "another user of the owner role (a different applicant, a carrier of another network, …);",
        "`–` where the page has no owner.",
        "",
        "The auditor reads everything and changes nothing: every POST of the auditor is refused,",
        "or, on a read page that ignores the method, answered with the same page as its GET; and",
        "the test checks that none writes a row. Exempt are the auditor's *own account* (profile,",
        "password, two-factor, language, calendar feed) and pages opened *by link* (a secret link",
        "sent by e-mail acts for its addressee, whoever holds it).",
        "",
    ]
    for section, patterns in _sections():
        lines += [f"## {section}", ""]
        lines.append("| URL | | " + " | ".join(COLUMNS) + " |")
        lines.append("|---|---|" + "---|" * len(COLUMNS))
        for pattern in patterns:
            access = MATRIX[pattern.name]
            label = f"`{pattern.name}`<br>`{pattern.route}`"
            extras = []
            if access.owner:
                extras.append(f"owner: {access.owner}")
            if access.own_account:
                extras.append("own account")
            if access.by_link:
                extras.append("by link")
            if access.note:
                extras.append(access.note)
            if extras:
                label += "<br>" + "; ".join(extras)
            methods = (
                [("GET, POST", "get")]
                if access.post is None
                else [("GET", "get"), ("POST", "post")]
            )
            methods += [(m.upper(), m) for m in access.methods() if m in API_METHODS]
            for method_label, method in methods:
                row = access.expected(method)
                cells = [_cell(row[c]) if (c != OTHER or access.owner) else "–" for c in COLUMNS]
                lines.append(f"| {label} | {method_label} | " + " | ".join(cells) + " |")
                label = ""
        lines.append("")
    if PATTERN_RULES:
        lines += ["## URL families with one rule", ""]
        for rule in PATTERN_RULES:
            lines.append(f"- `{rule.pattern}`: {rule.description}")
            for method in METHODS:
                row = rule.access.expected(method)
                cells = ", ".join(f"{c} {_cell(row[c])}" for c in ROLES)
                lines.append(f"  - {method.upper()}: {cells}")
        lines.append("")
    return "\n".join(lines)


SECTIONS = {
    "": "Site, accounts and two-factor sign-in",
    "core": "Site, accounts and two-factor sign-in",
    "admin": "Django admin",
    "programmes": "Programmes, measures, projects and fact sheets",
    "companies": "Company register",
    "clusters": "Analysis",
    "competitions": "Ideas competitions",
    "networks": "Networks",
    "contracts": "Contracts, milestones and payments",
    "events": "Events",
    "reporting": "Reporting and open data",
    "open_data": "Reporting and open data",
    "portal": "Portal",
    "search": "Portal",
    "api": "API",
    "audit": "Audit",
}


def _sections() -> Iterator[tuple[str, list[UrlPattern]]]:
    groups: dict[str, list[UrlPattern]] = {}
    for pattern in url_patterns():
        if pattern.name in MATRIX:
            namespace = pattern.name.split(":")[0] if ":" in pattern.name else ""
            groups.setdefault(SECTIONS.get(namespace, namespace), []).append(pattern)
    yield from groups.items()

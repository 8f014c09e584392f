"""Forms of the competitions app. They parse and validate input; writes happen in domain/."""

from decimal import Decimal

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.domain.invitations import clean_addresses
from verbund.competitions.domain.members import check_member_name
from verbund.competitions.domain.submissions import check_amount
from verbund.competitions.enums import Recommendation
from verbund.competitions.models import (
    SCORE_SCALE_LIMIT,
    Competition,
    Criterion,
    FinancingShare,
    Submission,
)
from verbund.core.choices import CHOOSE, ChooseLabelMixin
from verbund.core.widgets import SearchSelect

COMPETITION_FIELDS = [
    "project", "title", "title_en", "call_text", "call_text_en", "opens_at", "deadline",
    "review_deadline", "decision_planned_on", "min_members", "min_share_in_area",
    "carrier_required", "number_to_select", "budget_cap", "reviewers_per_idea", "aggregation",
    "normalise_reviewers", "disagreement_threshold",
]  # fmt: skip


class CompetitionForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Competition
        fields = COMPETITION_FIELDS
        localized_fields = ["min_share_in_area", "budget_cap", "disagreement_threshold"]
        widgets = {
            "call_text": forms.Textarea(attrs={"rows": 6}),
            "call_text_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, amendment: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "deadline"):
            self.fields[name].help_text = _("e.g. 31.07.2002 18:00")
        if self.instance.pk:
            self.fields["project"].disabled = True
        if amendment:
            self.fields["amendment_reason"] = AmendmentForm.base_fields["amendment_reason"]

    def clean(self):
        data = super().clean()
        opens, deadline = data.get("opens_at"), data.get("deadline")
        if opens and deadline and deadline < opens:
            self.add_error("deadline", _("The submission deadline lies before the opening."))
        return data


def _model_field(model, name: str, **kwargs):
    """The form field Django derives from the model field: its limits (length, digits, validators)."""
    return model._meta.get_field(name).formfield(**kwargs)


class CriterionForm(forms.Form):
    name = _model_field(Criterion, "name")
    name_en = _model_field(Criterion, "name_en")
    weight = _model_field(Criterion, "weight", min_value=Decimal("0.01"), localize=True)
    scale_min = _model_field(
        Criterion, "scale_min", min_value=-SCORE_SCALE_LIMIT, max_value=SCORE_SCALE_LIMIT
    )
    scale_max = _model_field(
        Criterion, "scale_max", min_value=-SCORE_SCALE_LIMIT, max_value=SCORE_SCALE_LIMIT
    )

    def clean(self):
        data = super().clean()
        lo, hi = data.get("scale_min"), data.get("scale_max")
        if lo is not None and hi is not None and hi <= lo:
            raise forms.ValidationError(_("The highest score must be above the lowest."))
        return data


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)


class AmendmentForm(forms.Form):
    """The reason for changing criteria or eligibility rules after the call opened."""

    amendment_reason = forms.CharField(
        label=_("reason for the amendment"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The call is open: a change of the criteria or eligibility rules is an amendment. "
            "Applicants see it with this reason on the call page."
        ),
    )  # fmt: skip


def _model(label: str):
    return apps.get_model(label)


class SubmissionForm(ChooseLabelMixin, forms.Form):
    title = _model_field(Submission, "title")
    applicant_organisation = _model_field(Submission, "applicant_organisation")
    sector_focus = _model_field(Submission, "sector_focus")
    wz_codes = forms.CharField(
        label=_("WZ 2008 codes"), required=False,
        help_text=_("Comma-separated, e.g. 22.2, 29.3"),
    )  # fmt: skip
    carrier = forms.ModelChoiceField(
        label=_("proposed carrier organisation"), queryset=None, required=False
    )
    founding_members = forms.ModelMultipleChoiceField(
        label=_("founding member companies from the register"), queryset=None, required=False,
        widget=SearchSelect(url_name="companies:company_search", multiple=True),
        help_text=_("Type part of a name, city or postcode and choose the company."),
    )  # fmt: skip
    new_members = forms.CharField(
        label=_("further founding members (not yet in the register)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One company per line. Names are matched against the register to avoid duplicates."),
    )  # fmt: skip
    co_applicants = forms.CharField(
        label=_("co-applicants"), required=False,
        help_text=_(
            "User names or e-mail addresses, comma-separated. Each is invited and becomes a "
            "co-applicant after accepting."
        ),
    )  # fmt: skip
    goals = forms.CharField(
        label=_("goals"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    measures = forms.CharField(
        label=_("outline catalogue of measures"), widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )  # fmt: skip
    requested_budget = _model_field(Submission, "requested_budget", min_value=0, localize=True)
    financing = forms.CharField(
        label=_("financing split"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per source: source; amount in EUR, e.g. EFRE; 75000"),
    )  # fmt: skip
    timeline = forms.CharField(
        label=_("timeline"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_on = forms.DateField(label=_("planned start"), required=False)
    ends_on = forms.DateField(label=_("planned end"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = _model("programmes.Organisation").objects.order_by("name")
        self.fields["founding_members"].queryset = _model("companies.Company").objects.order_by(
            "name"
        )

    def clean_wz_codes(self):
        raw = [c.strip() for c in self.cleaned_data["wz_codes"].replace(";", ",").split(",")]
        codes = [c for c in raw if c]
        if not codes:
            return []
        found = list(_model("companies.WzCode").objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {w.code for w in found})
        if unknown:
            raise forms.ValidationError(
                _("Unknown WZ codes: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return found

    def clean_co_applicants(self):
        """The names as typed; they are invited, and whether an account exists is not checked
        here (an error would tell the applicant which user names and e-mails exist)."""
        try:
            return clean_addresses(self.cleaned_data["co_applicants"])
        except CompetitionError as exc:
            raise forms.ValidationError(exc.reason) from exc

    def clean_new_members(self):
        names = []
        for line in self.cleaned_data["new_members"].splitlines():
            if not line.strip():
                continue
            try:
                names.append(check_member_name(line))
            except CompetitionError as exc:
                raise forms.ValidationError(exc.reason) from exc
        return names

    def clean_financing(self):
        lines = []
        sources = {s.name.casefold(): s for s in _model("programmes.FundingSource").objects.all()}
        label_limit = FinancingShare._meta.get_field("label").max_length
        for line in self.cleaned_data["financing"].splitlines():
            if not line.strip():
                continue
            label, sep, amount = line.rpartition(";")
            shown = line.strip()[:60]
            if not sep or not amount.strip():
                raise forms.ValidationError(
                    _("“%(line)s”: write source; amount (e.g. EFRE; 75000)") % {"line": shown}
                )
            try:
                value = check_amount(amount.strip().replace(".", "").replace(",", "."))
            except CompetitionError as exc:
                raise forms.ValidationError(
                    _("“%(line)s”: %(reason)s") % {"line": shown, "reason": exc.reason}
                ) from exc
            label = label.strip()
            if len(label) > label_limit:
                raise forms.ValidationError(
                    _("“%(line)s”: the source may have at most %(n)s characters.")
                    % {"line": shown, "n": label_limit}
                )
            lines.append((sources.get(label.casefold()), label, value))
        return lines

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The planned end lies before the planned start."))
        return data

    @classmethod
    def initial_for(cls, submission) -> dict:
        return {
            "title": submission.title,
            "applicant_organisation": submission.applicant_organisation,
            "sector_focus": submission.sector_focus,
            "wz_codes": ", ".join(w.code for w in submission.wz_codes.all()),
            "carrier": submission.carrier_id,
            "founding_members": [c.pk for c in submission.founding_members.all()],
            "co_applicants": ", ".join(i.address for i in submission.invitations.all()),
            "goals": submission.goals,
            "measures": submission.measures,
            "requested_budget": submission.requested_budget,
            "financing": "\n".join(f"{f.label}; {f.amount}" for f in submission.financing.all()),
            "timeline": submission.timeline,
            "starts_on": submission.starts_on,
            "ends_on": submission.ends_on,
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("PDF attachment"), help_text=_("PDF only, at most 10 MB"))


class ReviewForm(forms.Form):
    """One score (and comment) field per criterion, plus the recommendation and overall comment."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    recommendation = forms.ChoiceField(
        label=_("recommendation"), choices=[("", CHOOSE), *Recommendation.choices], required=False
    )
    comment = forms.CharField(
        label=_("overall comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=f"{c.localized_name} ({c.scale_min}-{c.scale_max}, {_('weight')} {c.weight:g})",
                required=False, localize=True, min_value=c.scale_min, max_value=c.scale_max,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}),
            )  # fmt: skip
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("comment on %(criterion)s") % {"criterion": c.localized_name}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def score_items(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple]:
        d = self.cleaned_data
        return {
            c.pk: (d.get(f"score_{c.pk}"), d.get(f"comment_{c.pk}") or "") for c in self.criteria
        }

    @staticmethod
    def initial_for(review) -> dict:
        initial = {
            "version": review.version,
            "recommendation": review.recommendation,
            "comment": review.comment,
        }
        for s in review.scores.all():
            initial[f"score_{s.criterion_id}"] = s.value
            initial[f"comment_{s.criterion_id}"] = s.comment
        return initial


class AssignForm(ChooseLabelMixin, forms.Form):
    reviewer = forms.ModelChoiceField(label=_("reviewer"), queryset=None)
    submission = forms.ModelChoiceField(label=_("network idea"), queryset=None)

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = competition.reviewers.filter(active=True).select_related(
            "user"
        )
        self.fields["submission"].queryset = competition.submissions.filter(status="submitted")


class ReviewerAddForm(ChooseLabelMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("user with the reviewer role"), queryset=None)

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(groups__name="reviewer")
            .exclude(reviewer_seats__competition=competition).order_by("last_name", "username")
        )  # fmt: skip


class ConflictForm(ChooseLabelMixin, forms.Form):
    reviewer = forms.ModelChoiceField(label=_("reviewer"), queryset=None)
    submission = forms.ModelChoiceField(label=_("network idea"), queryset=None)
    reason = forms.CharField(label=_("reason"), max_length=500)

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = competition.reviewers.select_related("user")
        self.fields["submission"].queryset = competition.submissions.exclude(status="draft")


class DeclareConflictForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)


class DecisionForm(forms.Form):
    committee = forms.CharField(label=_("deciding committee"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, rows, missing_reviews: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.missing_reviews = missing_reviews
        if missing_reviews:
            self.fields["missing_reviews_reason"] = forms.CharField(
                label=_("reason for deciding before all reviews are in"), required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Recorded with the decision and shown in its history."),
            )  # fmt: skip
        for row in rows:
            pk = row.submission.pk
            self.fields[f"select_{pk}"] = forms.BooleanField(
                label=row.submission.title, required=False, initial=row.within_selection
            )
            self.fields[f"justify_{pk}"] = forms.CharField(
                label=_("justification if this deviates from the ranking"), required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def row_items(self):
        return [
            (row, self[f"select_{row.submission.pk}"], self[f"justify_{row.submission.pk}"])
            for row in self.rows
        ]

    def selected(self) -> set[int]:
        return {
            r.submission.pk for r in self.rows if self.cleaned_data.get(f"select_{r.submission.pk}")
        }

    def justifications(self) -> dict[int, str]:
        return {
            r.submission.pk: self.cleaned_data.get(f"justify_{r.submission.pk}", "")
            for r in self.rows
        }

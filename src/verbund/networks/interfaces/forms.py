"""Forms of the networks pages; they collect input, the domain decides (errors via add_to_form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.companies.interfaces.widgets import CompanyPicker
from verbund.companies.models import Company
from verbund.core.choices import ChooseLabelMixin
from verbund.networks.enums import (
    ActivityKind,
    ActorKind,
    MeasureStatus,
    MeasureType,
    MemberRole,
    NetworkPhase,
)
from verbund.networks.models import Measure, Membership
from verbund.programmes.models import Organisation, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompanyField(forms.CharField):
    """A company of the register, chosen with the company picker (its public id) or typed as
    its exact name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Type part of the name and choose the company."))
        kwargs.setdefault("widget", CompanyPicker(value_field="public_id"))
        super().__init__(max_length=255, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        qs = Company.objects.filter(name__iexact=value.strip()) | Company.objects.filter(
            trading_name__iexact=value.strip()
        )
        found = list(qs.distinct()[:2])
        if not found:
            try:
                return Company.objects.get(public_id=value.strip())
            except (Company.DoesNotExist, ValueError, forms.ValidationError):
                raise forms.ValidationError(_("No company of this name in the register.")) from None
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several companies have this name; enter the public id instead.")
            )
        return found[0]


class NetworkForm(ChooseLabelMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("short name in addresses"), max_length=80, required=False,
        help_text=_("Leave empty to derive it from the name."),
    )  # fmt: skip
    cluster_category = forms.CharField(label=_("cluster category"), max_length=200, required=False)
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.order_by("code"))
    carrier = forms.ModelChoiceField(
        label=_("carrier organisation"), queryset=Organisation.objects.order_by("name")
    )
    carrier_company = CompanyField(label=_("carrier's company in the register"), required=False)
    carrier_contact = forms.CharField(
        label=_("carrier's contact person"), max_length=200, required=False
    )
    companion = forms.ModelChoiceField(
        label=_("accompanying consultancy"), queryset=Organisation.objects.order_by("name"),
        required=False,
    )  # fmt: skip
    goals = forms.CharField(label=_("goals"), widget=forms.Textarea, required=False)
    goals_en = forms.CharField(label=_("goals (English)"), widget=forms.Textarea, required=False)
    phase = forms.ChoiceField(label=_("phase"), choices=NetworkPhase.choices)
    is_public = forms.BooleanField(label=_("public"), required=False)


class NetworkEditForm(ChooseLabelMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    cluster_category = forms.CharField(label=_("cluster category"), max_length=200, required=False)
    carrier_company = CompanyField(label=_("carrier's company in the register"), required=False)
    carrier_contact = forms.CharField(
        label=_("carrier's contact person"), max_length=200, required=False
    )
    companion = forms.ModelChoiceField(
        label=_("accompanying consultancy"), queryset=Organisation.objects.order_by("name"),
        required=False,
    )  # fmt: skip
    goals = forms.CharField(label=_("goals"), widget=forms.Textarea, required=False)
    goals_en = forms.CharField(label=_("goals (English)"), widget=forms.Textarea, required=False)
    is_public = forms.BooleanField(label=_("public"), required=False)

    @classmethod
    def initial_for(cls, network) -> dict:
        initial = {f: getattr(network, f) for f in cls.base_fields if f != "carrier_company"}
        initial["carrier_company"] = network.carrier_company.name if network.carrier_company else ""
        return initial


class ActorForm(ChooseLabelMixin, forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    kind = forms.ChoiceField(label=_("acts as"), choices=ActorKind.choices)
    company = CompanyField(label=_("member company"), required=False)

    def clean_username(self):
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["username"].strip()
        try:
            return get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(_("No user with this name.")) from None


class MembershipEditForm(ChooseLabelMixin, forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=MemberRole.choices)
    agreement_on_file = forms.BooleanField(
        label=_("signed membership agreement on file"), required=False
    )
    letter_of_intent_on = forms.DateField(
        label=_("letter of intent dated"), widget=DATE, required=False
    )


class PhaseForm(ChooseLabelMixin, forms.Form):
    phase = forms.ChoiceField(label=_("phase"), choices=NetworkPhase.choices)
    changed_on = forms.DateField(label=_("from"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=255, required=False)


class PublicForm(ChooseLabelMixin, forms.Form):
    is_public = forms.BooleanField(label=_("public"), required=False)


class MemberForm(ChooseLabelMixin, forms.Form):
    company = CompanyField(label=_("company"))
    role = forms.ChoiceField(label=_("role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined = forms.DateField(label=_("joined"), widget=DATE)
    agreement_on_file = forms.BooleanField(
        label=_("signed membership agreement on file"), required=False
    )
    letter_of_intent_on = forms.DateField(
        label=_("letter of intent dated"), widget=DATE, required=False
    )


class FeeForm(ChooseLabelMixin, forms.Form):
    year = forms.IntegerField(label=_("year"))
    amount = forms.DecimalField(label=_("amount (EUR)"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), widget=DATE, required=False)


class LeaveForm(ChooseLabelMixin, forms.Form):
    left = forms.DateField(label=_("left on"), widget=DATE)


class MeasureForm(ChooseLabelMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    title_en = forms.CharField(label=_("title (English)"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("type"), choices=MeasureType.choices)
    goal = forms.CharField(
        label=_("goal"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    goal_en = forms.CharField(
        label=_("goal (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible = forms.ModelChoiceField(
        label=_("responsible member"), queryset=Membership.objects.none(), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("participating members"), queryset=Membership.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    planned_start = forms.DateField(label=_("planned start"), widget=DATE, required=False)
    planned_end = forms.DateField(label=_("planned end"), widget=DATE, required=False)
    actual_start = forms.DateField(label=_("actual start"), widget=DATE, required=False)
    actual_end = forms.DateField(label=_("actual end"), widget=DATE, required=False)
    planned_budget = forms.DecimalField(
        label=_("planned budget (EUR)"), max_digits=14, decimal_places=2, required=False
    )
    progress = forms.IntegerField(label=_("progress (%)"), initial=0)
    status = forms.ChoiceField(
        label=_("status"), choices=MeasureStatus.choices, initial=MeasureStatus.PLANNING
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        current = Membership.objects.filter(network=network, left__isnull=True).select_related(
            "company"
        )
        self.fields["responsible"].queryset = current
        self.fields["participants"].queryset = current

    @classmethod
    def initial_for(cls, measure: Measure) -> dict:
        names = [f for f in cls.base_fields if f != "participants"]
        initial = {f: getattr(measure, f) for f in names}
        initial["participants"] = list(measure.participants.all())
        return initial

    def domain_values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "participants"}


class OptionForm(ChooseLabelMixin, forms.Form):
    text = forms.CharField(label=_("realization option"), widget=forms.Textarea(attrs={"rows": 2}))
    companies = forms.ModelMultipleChoiceField(
        label=_("companies"), queryset=Company.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    chosen = forms.BooleanField(label=_("chosen"), required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companies"].queryset = Company.objects.filter(
            network_memberships__network=network, network_memberships__left__isnull=True
        ).order_by("name")


class ReturnForm(ChooseLabelMixin, forms.Form):
    comment = forms.CharField(
        label=_("what the carrier should change"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ActivityForm(ChooseLabelMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    kind = forms.ChoiceField(label=_("kind"), choices=ActivityKind.choices)
    text = forms.CharField(label=_("short text"), max_length=500)
    text_en = forms.CharField(label=_("short text (English)"), max_length=500, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("participating members"), queryset=Membership.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    measure = forms.ModelChoiceField(
        label=_("measure"), queryset=Measure.objects.none(), required=False
    )
    is_public = forms.BooleanField(label=_("public"), required=False, initial=True)
    evidence = forms.FileField(
        label=_("evidence (PDF, PNG or JPEG)"),
        required=False,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Membership.objects.filter(
            network=network
        ).select_related("company")
        self.fields["measure"].queryset = Measure.objects.filter(network=network)

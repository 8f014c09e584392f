"""Forms of the contracts pages: they clean input; the domain functions check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.contracts.domain.contracts import MAX_TERM_MONTHS
from verbund.contracts.models import MONEY, ChecklistItem, Contract, Milestone
from verbund.core.choices import ChooseLabelMixin
from verbund.networks.enums import CatalogueState, NetworkPhase
from verbund.networks.models import Network

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label, *, required=True):
    return forms.DecimalField(
        label=label, required=required, min_value=0, localize=True, **MONEY,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip


class AwardForm(ChooseLabelMixin, forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.filter(
            catalogue_state=CatalogueState.APPROVED,
            phase__in=[NetworkPhase.DEVELOPMENT, NetworkPhase.REALIZATION],
        ).order_by("name", "pk"),
    )
    award_date = forms.DateField(label=_("Award date"), widget=DATE)
    term_months = forms.IntegerField(
        label=_("Funded term (months)"), initial=24, min_value=1, max_value=MAX_TERM_MONTHS
    )
    volume = money_field(_("Contract volume (EUR)"))
    number = forms.CharField(
        label=_("Contract number"), required=False, max_length=40,
        help_text=_("Leave empty for the next number (LV-year-nn)."),
    )  # fmt: skip
    follows = forms.ModelChoiceField(
        label=_("Follow-up of"), required=False,
        queryset=Contract.objects.select_related("network").order_by("-award_date", "number"),
        help_text=_("For a follow-up contract: the network's earlier contract."),
    )  # fmt: skip


class MilestoneForm(ChooseLabelMixin, forms.ModelForm):
    checklist = forms.CharField(
        label=_("Evidence checklist"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One required document per line."),
    )  # fmt: skip

    class Meta:
        model = Milestone
        fields = ["title", "title_en", "description", "due_date", "acceptance_criteria", "lump_sum"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "acceptance_criteria": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lump_sum"].localize = True
        self.fields["lump_sum"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        if self.instance.pk:
            self.fields["checklist"].initial = "\n".join(
                c.text for c in self.instance.checklist.all()
            )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["checklist"] = [
            line for line in data.pop("checklist", "").splitlines() if line.strip()
        ]
        return data


class EvidenceForm(ChooseLabelMixin, forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, PNG, JPEG, XLSX)"))
    checklist_item = forms.ModelChoiceField(
        label=_("For the required document"), required=False, queryset=ChecklistItem.objects.none()
    )

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist_item"].queryset = milestone.checklist.all()


class CommentForm(ChooseLabelMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentForm(ChooseLabelMixin, forms.Form):
    amount = money_field(_("Amount (EUR)"))


class SubgrantForm(ChooseLabelMixin, forms.Form):
    """Which member company the milestone's money is passed on to (counts for RCO02)."""

    company = forms.ModelChoiceField(
        label=_("paid on to member company (sub-grant)"), queryset=None, required=False,
        empty_label=_("nobody: the carrier keeps the money"),
    )  # fmt: skip

    def __init__(self, *args, milestone: Milestone, **kwargs):
        from verbund.companies.models import Company

        kwargs.setdefault("initial", {"company": milestone.subgrant_company_id})
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = (
            Company.objects.filter(network_memberships__network_id=milestone.contract.network_id)
            .distinct()
            .order_by("name", "pk")
        )


class RecoveryForm(ChooseLabelMixin, forms.Form):
    amount = money_field(_("Amount to recover (EUR)"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AmendmentForm(ChooseLabelMixin, forms.Form):
    date = forms.DateField(label=_("Date of the amendment"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    volume = money_field(_("Contract volume (EUR)"), required=False)
    term_months = forms.IntegerField(
        label=_("Funded term (months)"), required=False, min_value=1, max_value=MAX_TERM_MONTHS
    )

    def __init__(self, *args, contract, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volume"].initial = contract.volume
        self.fields["term_months"].initial = contract.term_months
        self.milestone_rows = []
        for m in milestones:
            due, lump = f"due_{m.pk}", f"lump_{m.pk}"
            self.fields[due] = forms.DateField(
                label=_("Due date of “%(title)s”") % {"title": m.title}, required=False,
                widget=DATE, initial=m.due_date,
            )  # fmt: skip
            self.fields[lump] = money_field(
                _("Lump sum of “%(title)s” (EUR)") % {"title": m.title}, required=False
            )
            self.fields[lump].initial = m.lump_sum
            self.milestone_rows.append((m, due, lump))

    def values(self) -> dict:
        data = self.cleaned_data
        milestones = {}
        for m, due, lump in self.milestone_rows:
            change = {}
            if data.get(due) and data[due] != m.due_date:
                change["due_date"] = data[due]
            if data.get(lump) is not None and data[lump] != m.lump_sum:
                change["lump_sum"] = data[lump]
            if change:
                milestones[m.pk] = change
        return {
            "date": data["date"], "reason": data["reason"], "volume": data.get("volume"),
            "term_months": data.get("term_months"), "milestones": milestones,
        }  # fmt: skip

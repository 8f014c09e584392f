"""Forms of the reporting app: they collect and check input; the domain saves (and re-checks)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from verbund.reporting.models import Indicator

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, input_formats=DATE_FORMATS)


class IndicatorForm(forms.ModelForm):
    milestones = forms.CharField(
        label=_("intermediate targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: date and value, e.g. 2003-12-31 3"),
    )

    class Meta:
        model = Indicator
        fields = [
            "network", "code", "name", "name_en", "unit", "unit_en", "baseline", "target",
            "target_date", "derivation", "definition", "definition_en", "order",
        ]  # fmt: skip
        widgets = {
            "target_date": DATE_WIDGET,
            "definition": forms.Textarea(attrs={"rows": 3}),
            "definition_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "definition": _("Leave empty for a derived indicator: its definition is filled in."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = project.networks.order_by("name", "pk")
        if self.instance.pk and not self.is_bound:
            self.initial["milestones"] = "\n".join(
                f"{m.date.isoformat()} {m.value.normalize():f}"
                for m in self.instance.milestones.all()
            )

    def clean_milestones(self) -> list[tuple[dt.date, str]]:
        out = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            day, _sep, value = line.strip().partition(" ")
            try:
                parsed = dt.date.fromisoformat(day.strip())
            except ValueError:
                raise forms.ValidationError(
                    _("line %(n)s: the date must look like 2003-12-31") % {"n": number}
                ) from None
            value = value.strip().replace(",", ".")
            if not value:
                raise forms.ValidationError(_("line %(n)s: the value is missing") % {"n": number})
            out.append((parsed, value))
        return out

    def domain_values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "milestones"}


class ValueForm(forms.Form):
    period_start = _date(_("period from"))
    period_end = _date(_("period to"))
    value = forms.DecimalField(label=_("value"), max_digits=14, decimal_places=2, min_value=0)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("evidence"), help_text=_("PDF, PNG, JPEG or XLSX."))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class NoteForm(forms.Form):
    period_start = _date(_("period from"))
    period_end = _date(_("period to"))
    text = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ReportForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("programme"), queryset=None, empty_label=None)
    period_start = _date(_("period from"))
    period_end = _date(_("period to"))
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if not self.is_bound:
            self.initial.setdefault("language", (get_language() or "de")[:2])

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data

"""Forms of the events pages; the domain functions check the rules, the forms only the types."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.choices import ChooseLabelMixin
from verbund.core.i18n import localized
from verbund.events.enums import QuestionKind, RunKind
from verbund.events.models import Event

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegistrationForm(ChooseLabelMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args, event, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(event.questions.all())
        if companies:
            self.fields["company"] = forms.ModelChoiceField(
                label=_("For the company"), queryset=companies, required=False
            )
        for q in self.questions:
            label = localized(q, "text")
            if q.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=label, required=q.required,
                    choices=[("", "–"), *[(c, c) for c in q.choices]],
                )  # fmt: skip
            elif q.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(
                    label=label, required=q.required,
                    choices=[("", "–"), ("yes", _("yes")), ("no", _("no"))],
                )  # fmt: skip
            else:
                field = forms.CharField(
                    label=label,
                    required=q.required,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            self.fields[f"q{q.pk}"] = field

    def answers(self) -> dict:
        return {str(q.pk): self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class ProfileForm(ChooseLabelMixin, forms.Form):
    offers = forms.CharField(
        label=_("What we offer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    looks_for = forms.CharField(
        label=_("What we look for"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestForm(ChooseLabelMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the meeting"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SlotsForm(ChooseLabelMixin, forms.Form):
    first = forms.DateTimeField(
        label=_("First slot starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(
        label=_("Minutes per slot"), min_value=5, max_value=240, initial=20
    )
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=60, initial=9)
    breaks = forms.CharField(
        label=_("Breaks (numbers of the slots, e.g. 4, 7)"), required=False, max_length=200
    )
    tables = forms.IntegerField(label=_("Tables"), min_value=1, required=False)

    def clean_breaks(self):
        text = self.cleaned_data["breaks"] or ""
        try:
            return sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
        except ValueError:
            raise forms.ValidationError(
                _("Enter the numbers of the slots separated by commas.")
            ) from None


class RunForm(ChooseLabelMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Schedule"), choices=RunKind.choices, initial=RunKind.PRELIMINARY
    )


class EventForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "network", "title", "title_en", "description", "description_en", "place", "starts_at",
            "ends_at", "capacity", "registration_opens", "registration_closes", "is_public",
            "moderated", "matchmaking",
        ]  # fmt: skip
        widgets = {
            "starts_at": _WHEN, "ends_at": _WHEN, "registration_opens": _WHEN,
            "registration_closes": _WHEN,
        }  # fmt: skip

    def __init__(self, *args, networks, programme_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].required = not programme_allowed
        for name in ("starts_at", "ends_at", "registration_opens", "registration_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class QuestionForm(ChooseLabelMixin, forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Answers to choose from (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

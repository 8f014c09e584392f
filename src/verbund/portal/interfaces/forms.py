"""Forms of the portal; they collect input, the domain decides (errors via add_to_form)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.companies.models import WzCode
from verbund.portal.enums import NewsVisibility, PostKind, PostType, PublicField
from verbund.portal.models import TEXT_LIMIT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, *, required=False, rows=4, max_length=TEXT_LIMIT, help_text=""):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


class ProfileForm(forms.Form):
    description = _text(_("description"))
    description_en = _text(_("description (English)"))
    competences = _text(
        _("competences"), rows=3,
        help_text=_("What the company is good at; one per line or separated by commas."),
    )  # fmt: skip
    offers = _text(_("offers"), rows=3)
    needs = _text(_("needs"), rows=3, help_text=_("What the company is looking for."))
    needs_en = _text(_("needs (English)"), rows=3)
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )
    logo = forms.FileField(
        label=_("logo"), required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most 5 MB; stored as a clean copy."),
    )  # fmt: skip
    remove_logo = forms.BooleanField(label=_("remove the logo"), required=False)

    @classmethod
    def initial_for(cls, profile) -> dict:
        if profile is None:
            return {}
        return {name: getattr(profile, name) for name in cls.base_fields if name not in
                ("logo", "remove_logo")}  # fmt: skip


class ConsentForm(forms.Form):
    public = forms.MultipleChoiceField(
        label=_("Shown publicly"), choices=PublicField.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing is shown without the name; switch everything off to leave the public "
                    "directory."),
    )  # fmt: skip


class PaperConsentForm(ConsentForm):
    consent_note = forms.CharField(
        label=_("consent document"), max_length=255,
        help_text=_("The document and its date, e.g. “form signed 12.03.2026”."),
    )  # fmt: skip


class ClaimForm(forms.Form):
    message = _text(_("message to the office"), rows=3, max_length=2000,
                    help_text=_("Who you are in the company; helps the office confirm."))  # fmt: skip


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("e-mail of your colleague"), max_length=254)


class JoinForm(forms.Form):
    network = forms.ChoiceField(label=_("network"))
    message = _text(_("message to the carrier"), rows=3, max_length=2000)

    def __init__(self, *args, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.networks = {str(n.pk): n for n in networks}
        self.fields["network"].choices = [(str(n.pk), str(n)) for n in networks]

    def clean_network(self):
        return self.networks[self.cleaned_data["network"]]


class DecisionForm(forms.Form):
    message = _text(_("message to the company"), rows=2, max_length=2000)


class NewsForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    title_en = forms.CharField(label=_("title (English)"), max_length=200, required=False)
    text = _text(_("text"), required=True, rows=6)
    text_en = _text(_("text (English)"), rows=6)
    visibility = forms.ChoiceField(label=_("visible to"), choices=NewsVisibility.choices)
    image = forms.FileField(label=_("image"), required=False,
                            help_text=_("Optional; PNG, JPEG, GIF or WebP, at most 5 MB."))  # fmt: skip
    image_alt = forms.CharField(label=_("image description"), max_length=200, required=False,
                                help_text=_("What the image shows, for people who cannot see it."))  # fmt: skip


def _divisions():
    return WzCode.objects.filter(level=2).order_by("digits")


class PostForm(forms.Form):
    company = forms.ChoiceField(label=_("your company"))
    network = forms.ChoiceField(label=_("network"))
    kind = forms.ChoiceField(label=_("offer or request"), choices=PostKind.choices)
    type = forms.ChoiceField(label=_("type"), choices=PostType.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    text = _text(_("text"), required=True, rows=6)
    competences = forms.CharField(
        label=_("competences"), max_length=500, required=False,
        help_text=_("Separated by commas, e.g. injection moulding, CAD."),
    )  # fmt: skip
    wz_division = forms.ModelChoiceField(
        label=_("WZ division"), queryset=WzCode.objects.none(), required=False
    )
    region = forms.CharField(label=_("region"), max_length=120, required=False)
    expires_on = forms.DateField(label=_("expires on"), widget=DATE)

    def __init__(self, *args, companies=(), networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.companies = {str(c.pk): c for c in companies}
        self.networks = {str(n.pk): n for n in networks}
        self.fields["company"].choices = [(k, str(c)) for k, c in self.companies.items()]
        self.fields["network"].choices = [(k, str(n)) for k, n in self.networks.items()]
        self.fields["wz_division"].queryset = _divisions()
        self.fields["wz_division"].label_from_instance = lambda wz: (
            f"{wz.code} {wz.localized_title}"
        )
        if not self.is_bound and "expires_on" not in self.initial:
            self.initial["expires_on"] = timezone.localdate() + dt.timedelta(days=90)

    def clean_company(self):
        return self.companies[self.cleaned_data["company"]]

    def clean_network(self):
        return self.networks[self.cleaned_data["network"]]


class PostEditForm(PostForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["company"]
        del self.fields["network"]


class RenewForm(forms.Form):
    expires_on = forms.DateField(label=_("new expiry date"), widget=DATE)


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("note to the company"), max_length=500, required=False)


class InterestForm(forms.Form):
    company = forms.ChoiceField(label=_("your company"))
    message = _text(_("message"), required=True, rows=3, max_length=2000)

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.companies = {str(c.pk): c for c in companies}
        self.fields["company"].choices = [(k, str(c)) for k, c in self.companies.items()]

    def clean_company(self):
        return self.companies[self.cleaned_data["company"]]


class BoardFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("offer or request"), required=False,
                             choices=[("", _("all")), *PostKind.choices])  # fmt: skip
    type = forms.ChoiceField(label=_("type"), required=False,
                             choices=[("", _("all")), *PostType.choices])  # fmt: skip

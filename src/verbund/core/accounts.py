"""Accounts on django-allauth: the extra sign-up details, the profile form and the adapter.

Self-service sign-up is open to applicants (consultancies and companies that propose network ideas)
and to companies (which later claim their register entry); the office invites reviewers, carriers and
auditors (`verbund.core.invitations`). Every account's e-mail address is verified before it signs in.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from verbund.core.models import NotificationCategory, User
from verbund.core.roles import Role

SELF_SERVICE_ROLES = [
    (
        Role.APPLICANT.value,
        _("I want to propose network ideas (consultancy, company, institution)"),
    ),
    (Role.MEMBER.value, _("I act for a company (profile, networks, offers and requests)")),
]


class SignupDetailsForm(forms.Form):
    """Asked at sign-up beside e-mail, username and password (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    form_of_address = forms.ChoiceField(
        label=_("form of address"), choices=User._meta.get_field("form_of_address").choices
    )
    organisation = forms.CharField(label=_("organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("I register because"), choices=SELF_SERVICE_ROLES)

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.form_of_address = self.cleaned_data["form_of_address"]
        user.organisation = self.cleaned_data["organisation"]
        user.language = (getattr(request, "LANGUAGE_CODE", "de") or "de")[:2]
        user.save()
        user.groups.add(Group.objects.get_or_create(name=self.cleaned_data["role"])[0])


class ProfileForm(forms.ModelForm):
    muted_notifications = forms.MultipleChoiceField(
        label=_("No mails about"),
        choices=NotificationCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = [
            "form_of_address", "title", "first_name", "last_name", "organisation", "language",
            "muted_notifications",
        ]  # fmt: skip


class AccountAdapter(DefaultAccountAdapter):
    """Mails in the person's language; after sign-in, the start page."""

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request)


def axes_username(request, credentials) -> str:
    """The typed sign-in name for django-axes: allauth's form calls it `login`, and passes it on to
    the backends as `username` or `email`; both sides must give axes the same value."""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    else:
        value = request.POST.get("login", "") if request is not None else ""
    return str(value).strip().lower()

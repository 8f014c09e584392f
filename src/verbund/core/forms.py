from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.invitations import INVITABLE_ROLES


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("e-mail"))
    full_name = forms.CharField(label=_("name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("role"), choices=[(r.value, r.label) for r in INVITABLE_ROLES])

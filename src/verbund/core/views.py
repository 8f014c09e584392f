from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.accounts import ProfileForm
from verbund.core.errors import DomainError, add_to_form
from verbund.core.forms import InvitationForm
from verbund.core.history import history_entries, history_model
from verbund.core.invitations import accept, invite, open_invitation
from verbund.core.models import Invitation
from verbund.core.permissions import require
from verbund.core.profile import save_profile
from verbund.core.roles import Role, user_roles
from verbund.core.start import sections_for


def home(request):
    """The public entrance, or for a signed-in user the start page of their roles."""
    roles = user_roles(request.user)
    return render(
        request,
        "core/home.html",
        {
            "sections": sections_for(request.user),
            "role_labels": [label for value, label in Role.choices if value in roles],
        },
    )


@login_required
def object_history(request, app_label: str, model_name: str, pk: int):
    require(request, "core.view_history")
    model = history_model(app_label, model_name)
    obj = model.history.filter(id=pk).order_by("-history_date").first()
    if obj is None:
        raise Http404
    return render(
        request,
        "core/history.html",
        {
            "object_label": str(obj.instance),
            "model_label": model._meta.verbose_name,
            "entries": history_entries(model, pk),
        },
    )


@login_required
def profile(request):
    """Name, form of address, language and notification choices of the signed-in person."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        save_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("core:profile")
    return render(request, "core/profile.html", {"form": form})


@login_required
def invitation_list(request):
    require(request, "core.invite")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invite(
                **form.cleaned_data,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/")[:-1],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("core:invitation_list")
    return render(
        request,
        "core/invitations.html",
        {
            "form": form,
            "invitations": Invitation.objects.select_related("invited_by", "accepted_by")[:200],
        },
    )


def invitation_accept(request, token: str):
    """Signed in: accept with one click. Not signed in: sign in or sign up first, then come back."""
    invitation = open_invitation(token)
    if invitation is None:
        raise Http404
    if request.method == "POST" and request.user.is_authenticated:
        accept(invitation=invitation, user=request.user)
        messages.success(request, _("Welcome! Your account now has the role you were invited to."))
        return redirect("core:home")
    return render(request, "core/invitation_accept.html", {"invitation": invitation})

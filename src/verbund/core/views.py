from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from verbund.core.history import history_entries, history_model
from verbund.core.permissions import require
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

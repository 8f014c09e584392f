"""Pages of the carrier and the office: moderation of the board, join requests answered with a
message, network news, and the office's confirmation of claims."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.core.errors import DomainError, add_to_form
from verbund.core.permissions import require
from verbund.networks.domain import queries as network_queries
from verbund.networks.models import JoinRequest
from verbund.portal.domain import board as board_domain
from verbund.portal.domain import claims as claim_domain
from verbund.portal.domain import members as member_domain
from verbund.portal.domain import news as news_domain
from verbund.portal.domain import queries
from verbund.portal.interfaces.forms import DecisionForm, ModerationForm, NewsForm
from verbund.portal.models import CompanyClaim, NewsItem, Post


@login_required
def moderation(request):
    networks = list(queries.carried_networks(request.user))
    if not networks:
        raise Http404
    by_network: dict[int, list] = {}
    for r in queries.open_join_requests_of(networks):
        by_network.setdefault(r.network_id, []).append(r)
    join_requests = [(n, by_network.get(n.pk, [])) for n in networks]
    return render(
        request,
        "portal/moderation.html",
        {
            "networks": networks,
            "posts": list(queries.posts_to_moderate(request.user)),
            "join_requests": [(n, rs) for n, rs in join_requests if rs],
            "form": ModerationForm(),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def post_moderate(request, pk: int):
    post = get_object_or_404(Post.objects.select_related("network"), pk=pk)
    if not queries.may_moderate(request.user, post.network):
        raise Http404
    form = ModerationForm(request.POST)
    form.is_valid()
    try:
        board_domain.moderate_post(
            user=request.user, post=post, approve=request.POST.get("approve") == "1",
            note=form.cleaned_data.get("note", ""),
        )  # fmt: skip
        messages.success(request, _("Decided."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("portal:moderation")


@login_required
@require_POST
def join_answer(request, pk: int):
    join_request = get_object_or_404(JoinRequest.objects.select_related("network"), pk=pk)
    if not queries.may_moderate(request.user, join_request.network):
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        member_domain.answer_join_request(
            user=request.user, join_request=join_request,
            accept=request.POST.get("accept") == "1", message=form.cleaned_data.get("message", ""),
        )  # fmt: skip
        messages.success(request, _("Request decided."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("portal:moderation")


def _moderated_network(request, slug):
    network = network_queries.network_by_slug(slug)
    if network is None or not queries.may_moderate(request.user, network):
        raise Http404
    return network


@login_required
def news_create(request, slug: str):
    network = _moderated_network(request, slug)
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = news_domain.publish_news(user=request.user, network=network, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Published."))
            return redirect(item.get_absolute_url())
    return render(request, "portal/news_form.html", {"form": form, "network": network},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def news_edit(request, slug: str, pk: int):
    network = _moderated_network(request, slug)
    item = get_object_or_404(NewsItem, pk=pk, network=network)
    fields = ["title", "title_en", "text", "text_en", "visibility", "image_alt"]
    if request.method == "POST":
        form = NewsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                news_domain.update_news(user=request.user, item=item, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(item.get_absolute_url())
    else:
        form = NewsForm(initial={f: getattr(item, f) for f in fields})
    return render(request, "portal/news_form.html",
                  {"form": form, "network": network, "item": item},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def news_delete(request, slug: str, pk: int):
    network = _moderated_network(request, slug)
    item = get_object_or_404(NewsItem, pk=pk, network=network)
    news_domain.delete_news(user=request.user, item=item)
    messages.success(request, _("Deleted."))
    return redirect("portal:network", network.slug)


@login_required
def claims(request):
    require(request, "portal.decide_claims")
    return render(request, "portal/claims.html", {"claims": list(queries.pending_claims())})


@login_required
@require_POST
def claim_decide(request, pk: int):
    require(request, "portal.decide_claims")
    claim = get_object_or_404(CompanyClaim, pk=pk)
    note = request.POST.get("note", "")[:500]
    try:
        if request.POST.get("confirm") == "1":
            claim_domain.confirm_claim(claim=claim, user=request.user, note=note)
        else:
            claim_domain.decline_claim(claim=claim, user=request.user, note=note)
        messages.success(request, _("Claim decided."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("portal:claims")

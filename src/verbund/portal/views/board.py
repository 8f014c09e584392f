"""The board's pages beyond the public list: a post, posting, editing, renewing, withdrawing and
expressing interest. A post the user may not see answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.core.errors import DomainError, add_to_form
from verbund.core.ratelimit import limited
from verbund.portal.domain import board as board_domain
from verbund.portal.domain import queries
from verbund.portal.enums import PostState
from verbund.portal.interfaces.forms import InterestForm, PostEditForm, PostForm, RenewForm
from verbund.portal.interfaces.presenters import post_rows


def _post(request, pk):
    post = queries.visible_post(request.user, pk)
    if post is None:
        raise Http404
    return post


def _own_post(request, pk):
    post = _post(request, pk)
    if not (queries.is_admin_of(request.user, post.company) or
            queries.may_moderate(request.user, post.network)):  # fmt: skip
        raise Http404
    return post


def _interest_companies(user, post):
    return [c for c in queries.administered_companies(user) if c.pk != post.company_id]


def post_detail(request, pk: int, *, interest_form=None, status=200):
    post = _post(request, pk)
    own = queries.is_admin_of(request.user, post.company)
    moderator = queries.may_moderate(request.user, post.network)
    companies = _interest_companies(request.user, post) if request.user.is_authenticated else []
    open_for_interest = post.state == PostState.PUBLISHED and not post.is_expired()
    return render(
        request,
        "portal/post_detail.html",
        {
            "post": post, "row": post_rows([post])[0], "own": own, "moderator": moderator,
            "interests": list(queries.interests_in(post)) if own or moderator else [],
            "n_interests": post.interests.count() if own else None,
            "interest_form": interest_form or (InterestForm(companies=companies)
                                               if companies and open_for_interest else None),
            "renew_form": RenewForm() if own and post.state == PostState.PUBLISHED else None,
            "expired": post.is_expired(),
        },
        status=status,
    )  # fmt: skip


def _posting_choices(user):
    companies = list(queries.administered_companies(user))
    memberships = list(queries.member_networks_of(companies))
    networks = {m.network.pk: m.network for m in memberships}
    return companies, sorted(networks.values(), key=lambda n: (n.name, n.pk))


@login_required
def post_create(request):
    companies, networks = _posting_choices(request.user)
    if not companies or not networks:
        return render(request, "portal/post_form.html", {"form": None}, status=200)
    initial = {"network": request.GET.get("network", "")}
    form = PostForm(request.POST or None, companies=companies, networks=networks, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = board_domain.create_post(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            if post.state == PostState.PUBLISHED:
                messages.success(request, _("Published."))
            else:
                messages.success(request, _("Saved; the carrier publishes it after a look."))
            return redirect("portal:post_detail", post.pk)
    return render(request, "portal/post_form.html", {"form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def post_edit(request, pk: int):
    post = _own_post(request, pk)
    fields = ["kind", "type", "title", "text", "competences", "wz_division", "region",
              "expires_on"]  # fmt: skip
    if request.method == "POST":
        form = PostEditForm(request.POST)
        if form.is_valid():
            try:
                board_domain.update_post(user=request.user, post=post, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("portal:post_detail", post.pk)
    else:
        form = PostEditForm(initial={f: getattr(post, f) for f in fields})
    return render(request, "portal/post_form.html", {"form": form, "post": post},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def post_renew(request, pk: int):
    post = _own_post(request, pk)
    form = RenewForm(request.POST)
    if form.is_valid():
        try:
            board_domain.renew_post(
                user=request.user, post=post, expires_on=form.cleaned_data["expires_on"]
            )
            messages.success(request, _("Renewed."))
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Enter a new expiry date."))
    return redirect("portal:post_detail", post.pk)


@login_required
@require_POST
def post_withdraw(request, pk: int):
    post = _own_post(request, pk)
    try:
        board_domain.withdraw_post(user=request.user, post=post)
        messages.success(request, _("Withdrawn."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("portal:my")


@login_required
@require_POST
@limited(group="portal-interest", rate="30/h")
def post_interest(request, pk: int):
    post = _post(request, pk)
    form = InterestForm(request.POST, companies=_interest_companies(request.user, post))
    if form.is_valid():
        try:
            board_domain.express_interest(
                user=request.user, post=post, company=form.cleaned_data["company"],
                message=form.cleaned_data["message"], today=timezone.localdate(),
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Sent; the company has been told."))
            return redirect("portal:post_detail", post.pk)
    return post_detail(request, pk, interest_form=form, status=400)

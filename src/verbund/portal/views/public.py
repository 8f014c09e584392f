"""The public site: portal start page, networks with their members directory and news, company
profiles, the board and the Atom feeds. Everything here reads through the consent-checked
functions of `portal.domain.queries`; no page takes a company field from anywhere else."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from verbund.core.cache import public_page
from verbund.networks.domain import queries as network_queries
from verbund.portal.domain import queries
from verbund.portal.interfaces.forms import BoardFilterForm
from verbund.portal.interfaces.presenters import post_rows

PAGE_SIZE = 50


@public_page
def home(request):
    networks = list(queries.public_networks())
    news = list(queries.public_news()[:5])
    posts = post_rows(queries.published_posts()[:6])
    return render(request, "portal/home.html", {"networks": networks, "news": news, "posts": posts})


@public_page
def network_page(request, slug: str):
    network = queries.public_network(slug)
    if network is None:
        raise Http404
    members = queries.public_member_rows(network)
    results = list(network_queries.activities(network, public_only=True)[:20])
    measures = (
        list(network_queries.catalogue(network)) if network.catalogue_state == "approved" else []
    )
    news = list(queries.news_for(request.user, network)[:10])
    posts = post_rows(queries.published_posts(network=network)[:10])
    return render(
        request,
        "portal/network.html",
        {
            "network": network, "goals": network.tr("goals"), "members": members, "hidden_members": network.n_members - len(members),
            "results": results, "measures": measures, "news": news, "posts": posts,
            "is_member": queries.is_member_of(request.user, network),
            "may_moderate": queries.may_moderate(request.user, network),
        },
    )  # fmt: skip


@public_page
def company_directory(request):
    page = Paginator(queries.public_companies(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [queries.public_profile(c) for c in page.object_list]
    return render(request, "portal/companies.html", {"page": page, "rows": rows})


@public_page
def company_page(request, public_id):
    company = queries.public_company_by_id(public_id)
    if company is None:
        raise Http404
    return render(
        request,
        "portal/company.html",
        {
            "company": company,
            "profile": queries.public_profile(company),
            "networks": list(queries.public_networks_of(company)),
            "is_admin": queries.is_admin_of(request.user, company),
        },
    )


@public_page
def news_list(request):
    page = Paginator(queries.public_news(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/news_list.html", {"page": page})


@public_page
def news_detail(request, slug: str, pk: int):
    network = network_queries.network_by_slug(slug)
    if network is None:
        raise Http404
    item = queries.news_for(request.user, network).filter(pk=pk).first()
    if item is None or not (network.is_public or queries.is_member_of(request.user, network)):
        raise Http404
    return render(
        request,
        "portal/news_detail.html",
        {"item": item, "network": network,
         "may_moderate": queries.may_moderate(request.user, network)},
    )  # fmt: skip


@public_page
def board(request):
    form = BoardFilterForm(request.GET or None)
    kind = type_ = ""
    if form.is_valid():
        kind, type_ = form.cleaned_data["kind"], form.cleaned_data["type"]
    posts = queries.published_posts(kind=kind, type=type_)
    extra_query = "".join(f"&{k}={v}" for k, v in (("kind", kind), ("type", type_)) if v)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/board.html",
        {"form": form, "page": page, "rows": post_rows(page.object_list),
         "today": timezone.localdate(), "extra_query": extra_query},
    )  # fmt: skip


@public_page
def member_map(request):
    return render(
        request,
        "portal/map.html",
        {"points": queries.public_member_map(), "networks": list(queries.public_networks())},
    )

"""Partner search page ("who could work with us on X?"): open to everyone, rate-limited."""

from django.shortcuts import render

from verbund.core.cache import public_page
from verbund.core.ratelimit import limited
from verbund.portal.domain.search.service import own_companies, search

SEARCH_RATE = "30/m"
"""Searches per minute per address (or per signed-in user)."""


@public_page
@limited(group="portal-search", rate=SEARCH_RATE, methods=("GET",))
def search_page(request):
    query = request.GET.get("q", "")[:200]
    own = own_companies(request.user)
    chosen = request.GET.get("as", "")
    searching = next((c for c in own if str(c.public_id) == chosen), None)
    outcome = search(query, user=request.user, searching_company=searching)
    return render(
        request,
        "portal/search.html",
        {
            "outcome": outcome,
            "query": query,
            "own_companies": own,
        },
    )

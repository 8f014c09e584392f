"""What the views hand to templates and JSON clients: the API's pages and the maps' cached GeoJSON."""

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator

from verbund.companies.domain.queries import map_geojson, register_version
from verbund.companies.models import Company

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500
MAP_CACHE_SECONDS = 24 * 3600
"""The key carries the register's data version, so a change never serves stale data; the timeout
only frees memory."""


def company_json(c: Company) -> dict:
    return {
        "id": str(c.public_id),
        "name": c.name,
        "trading_name": c.trading_name,
        "street": c.street,
        "postcode": c.postcode,
        "city": c.city,
        "lat": c.lat,
        "lon": c.lon,
        "wz": c.main_wz.code if c.main_wz else None,
        "wz_title": c.main_wz.localized_title if c.main_wz else None,
        "district": str(c.district) if c.district else None,
        "placement": c.placement,
        "placement_precision": c.placement_precision,
        "size_class": c.size_class or None,
        "employees": c.employees,
        "founding_year": c.founding_year,
        "website": c.website,
        "tags": [t.name for t in c.tags.all()],
        "updated_at": c.updated_at.isoformat(),
        "url": c.get_absolute_url(),
    }


def _page_size(text: str | None) -> int:
    try:
        return max(1, min(API_MAX_PAGE_SIZE, int(text if text is not None else API_PAGE_SIZE)))
    except ValueError:
        return API_PAGE_SIZE


def api_page(queryset, *, params, path: str) -> dict:
    """One page of the JSON list: `page` and `page_size` (at most 500) from `params` (a QueryDict);
    `next`/`previous` keep the other parameters."""
    paginator = Paginator(queryset, _page_size(params.get("page_size")))
    page = paginator.get_page(params.get("page"))
    query = params.copy()

    def link(number: int) -> str:
        query["page"] = number
        return f"{path}?{query.urlencode()}"

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [company_json(c) for c in page.object_list],
    }


def _dumps(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def map_cache_key(filter_key: str) -> str:
    digest = hashlib.sha256(filter_key.encode()).hexdigest()[:32]
    version = hashlib.sha256(register_version().encode()).hexdigest()[:16]
    return f"companies:map:{version}:{digest}"


def map_data_body(queryset, *, filter_key: str) -> bytes:
    """The companies' GeoJSON for one filter, from Django's cache (shared by all worker processes
    when a shared cache is configured); the key holds the filter and the register's data version."""
    key = map_cache_key(filter_key)
    body = cache.get(key)
    if body is None:
        body = _dumps(map_geojson(queryset))
        cache.set(key, body, MAP_CACHE_SECONDS)
    return body


def areas_body(data: dict) -> bytes:
    return _dumps(data)

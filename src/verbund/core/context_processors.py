from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_from_path

from verbund.core.roles import user_roles
from verbund.core.start import navigation_for


def _path_in_default_language(request) -> str:
    """The current path without its /en/ prefix: Django's set_language can translate a German
    (unprefixed) path into any language, but not a prefixed one back into the default language."""
    path = request.get_full_path()
    language = get_language_from_path(request.path_info)
    if language and language != settings.LANGUAGE_CODE:
        path = path.removeprefix(f"/{language}") or "/"
    return path


def _language_links(request) -> list[tuple[str, str]]:
    """(code, URL of this page in that language) for the anonymous visitor's language links."""
    path = _path_in_default_language(request)
    return [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]


def roles(request):
    """Expose the user's roles (a set of names) and site-wide values to templates."""
    return {
        "roles": user_roles(request.user),
        "navigation": lambda: navigation_for(request.user),  # evaluated only where a page shows it
        "language_switch_next": _path_in_default_language(request),
        "language_links": lambda: _language_links(request),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }

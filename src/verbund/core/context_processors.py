from django.conf import settings

from verbund.core.roles import user_roles


def roles(request):
    """Expose the user's roles to templates as `roles` (a set of names)."""
    return {
        "roles": user_roles(request.user),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }

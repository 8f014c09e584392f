"""One rate limit for public forms and search, on django-ratelimit and Django's cache framework.

`@limited(group="search", rate="30/m")` on a view answers 429 with the styled page once a client
(by address, or by user when signed in) has used up its rate; the counts live in the configured cache,
so several processes share them when a shared cache (e.g. Redis) is configured.
"""

from functools import wraps

from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def _client_key(group, request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def limited(*, group: str, rate: str, methods: tuple[str, ...] = ("POST",)):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and is_ratelimited(
                request,
                group=group,
                key=_client_key,
                rate=rate,
                method=list(methods),
                increment=True,
            ):
                return render(request, "core/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def rate_limited_view(request, exception=None):
    return render(request, "core/rate_limited.html", status=429)

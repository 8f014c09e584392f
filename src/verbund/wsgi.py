"""The WSGI application, warmed up before the first request.

`verbund serve` runs gunicorn with `--preload`: this module is imported once in the master, and the
worker processes fork from it. Loading the URL configuration (and so every app's views and what they
import) and the templates of the main pages here means the first visitor of each process waits no
longer than later ones.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from django.template.loader import get_template
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every app's urls and views
    resolver.reverse_dict  # noqa: B018 - builds the reverse lookup once, before forking
    for name in ("base.html", "core/home.html", "403.html", "404.html"):
        get_template(name)


_warm_up()

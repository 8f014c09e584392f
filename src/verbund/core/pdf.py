"""Render a template to PDF with WeasyPrint.

Static files (CSS, images) are resolved through Django's staticfiles finders so that PDFs render the
same in development, tests and production, and nothing is ever fetched from the network.
"""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _local_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalStaticFetcher(URLFetcher):
        """Maps /static/… URLs to files on disk; refuses every other remote URL."""

        def fetch(self, url, headers=None):
            path = urlparse(url).path
            static_prefix = "/" + settings.STATIC_URL.lstrip("/")
            if path.startswith(static_prefix):
                found = finders.find(path.removeprefix(static_prefix))
                if found:
                    return super().fetch(Path(found).as_uri(), headers)
            if url.startswith(("file:", "data:")):
                return super().fetch(url, headers)
            raise ValueError(f"verbund PDFs do not fetch remote resources: {url}")

    return LocalStaticFetcher()


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else "http://localhost/"
    return HTML(string=html, base_url=base_url, url_fetcher=_local_fetcher()).write_pdf()


def pdf_response(pdf: bytes, *, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

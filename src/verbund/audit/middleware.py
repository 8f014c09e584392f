"""Records every file a signed-in person downloads (evidence, attachments, PDFs) in the access log.

Downloads are served by the apps' own views; recording them here, from the response, catches every
one without each view having to remember it. Exports made with `core.exports.export_response`
record themselves (with their row count) and are marked, so they are not recorded twice.
"""

import re

from verbund.core.models import AccessKind, record_access

FILENAME = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)")


class DownloadLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if (
            disposition
            and request.method == "GET"
            and response.status_code == 200
            and not getattr(response, "access_recorded", False)
            and getattr(user, "is_authenticated", False)
        ):
            found = FILENAME.search(disposition)
            name = found.group(1) if found else ""
            record_access(kind=AccessKind.DOWNLOAD, request=request, detail=name)
        return response

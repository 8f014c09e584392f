"""One upload check for every upload: the content type from the first bytes, and the size.

The browser's content type and the file name are the uploader's claims; the first bytes are not.
Hand-written instead of python-magic: libmagic is a system library, and the handful of types verbund
accepts are told apart by their signatures below.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from verbund.core.errors import DomainError

SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "xlsx": (b"PK\x03\x04",),
}
LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP",
          "xlsx": "XLSX", "csv": "CSV", "json": "JSON"}  # fmt: skip
TEXT_KINDS = {"csv", "json"}


def detect_kind(head: bytes) -> str | None:
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            if kind == "webp" and head[8:12] != b"WEBP":
                continue
            return kind
    return None


def _looks_like_text(head: bytes) -> bool:
    return b"\x00" not in head.lstrip(b"\xff\xfe\xfe\xff") or head.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    )


def max_upload_bytes() -> int:
    return int(getattr(settings, "VERBUND_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def validate_upload(
    upload, *, kinds: set[str] | frozenset[str], field: str = "file", max_bytes: int | None = None
) -> str:
    """Return the detected kind of `upload`, or raise a `DomainError` naming the field and reason."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(
            _("the file has %(size)s MB; at most %(limit)s MB are allowed")
            % {"size": round(size / 1e6, 1), "limit": round(limit / 1e6, 1)},
            field=field,
        )
    if size == 0:
        raise DomainError(_("the file is empty"), field=field)
    position = upload.tell() if hasattr(upload, "tell") else 0
    head = upload.read(16)
    upload.seek(position)
    kind = detect_kind(head)
    if kind is None and TEXT_KINDS & set(kinds) and _looks_like_text(head):
        kind = next(iter(sorted(TEXT_KINDS & set(kinds))))
    if kind not in kinds:
        allowed = ", ".join(LABELS.get(k, k) for k in sorted(kinds))
        raise DomainError(
            _("the file's content is not of an allowed type (%(allowed)s)") % {"allowed": allowed},
            field=field,
        )
    return kind

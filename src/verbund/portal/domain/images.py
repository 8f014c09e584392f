"""Uploaded images (logos, news pictures): checked by content and size, then re-encoded with Pillow.

Re-encoding drops everything but the pixels (EXIF with camera positions, comments, embedded
profiles and anything hidden after the image data), and bounds the stored size.
"""

import io
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from verbund.core.uploads import validate_upload
from verbund.portal.domain.errors import PortalError

IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
"""Refuse images larger than this before decoding them (decompression bombs)."""


def reencode_image(upload, *, field: str, max_side: int = 1200) -> ContentFile:
    """A clean PNG (transparent images) or JPEG copy of the upload, at most `max_side` wide/high."""
    validate_upload(upload, kinds=IMAGE_KINDS, field=field, max_bytes=MAX_IMAGE_BYTES)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise PortalError(_("the image is too large (%(w)s × %(h)s pixels)")
                                  % {"w": width, "h": height}, field=field)  # fmt: skip
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.seek(0)
            image.load()
            has_alpha = image.mode in ("RGBA", "LA", "P") and (
                image.mode != "P" or "transparency" in image.info
            )
            clean = image.convert("RGBA" if has_alpha else "RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PortalError(_("the file is not a readable image"), field=field) from None
    clean.thumbnail((max_side, max_side))
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        ext = "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")

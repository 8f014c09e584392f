"""German/English fields: one naming scheme for every app.

A translated field is stored as `<name>` (German, the default language and always filled) and
`<name>_en` (English, optional). `localized(obj, "title")` gives the English text in an English
request when there is one, else the German. Hand-written instead of django-modeltranslation: two
languages with a fixed fallback need one function, not a registry and patched managers.
"""

from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "de").startswith("en")


def localized(obj, field: str) -> str:
    english = getattr(obj, f"{field}_en", "") or ""
    return english if english and english_active() else (getattr(obj, field) or "")


def localized_is_fallback(obj, field: str) -> bool:
    """True where an English page shows the German text because no English one is given."""
    return english_active() and not (getattr(obj, f"{field}_en", "") or "")

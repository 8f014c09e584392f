"""Industry codes that lost their leading zero in a spreadsheet ("161" meant as 01.61).

A column of NACE/WZ codes stored as numbers drops the zero of the divisions 01–09: class 01.61
becomes ``161``, which reads as group 16.1 (sawmilling) just as well. Such a code is never
guessed silently. The rule, applied to the codes written with digits only (no dot, no letter;
"1.11" or "01.61" are unambiguous and read by `verbund.classification`):

* the file's own length is the most common length ``L`` of its digit-only codes;
* a code one digit shorter than ``L`` is read with its zero restored when only the padded
  reading is a NACE code ("191" → 01.91 does not exist, so "191" is group 19.1; "170" → 01.70
  exists and 17.0 does not, so it is 01.70);
* a code valid both ways ("161": 01.61 and 16.1) is read with its zero restored when the file
  holds no shorter code that can only be a coarser one (then the file is at one level and the
  short code is a truncated one); otherwise it is refused as ambiguous, naming its rows, so that
  the user writes it with its dot or zero;
* a one-digit code ("1") is always a division that lost its zero ("01").

Every restored code is reported. The list of codes is the Destatis WZ 2008 list (package
``wz-code``), whose divisions, groups and classes are NACE Rev. 2's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache


@cache
def known_codes() -> frozenset[str]:
    """The dotted WZ 2008 / NACE Rev. 2 codes (divisions to subclasses)."""
    from wz_code import WZ, WZVersion

    return frozenset(c for c in WZ(WZVersion.WZ_2008).get_all_codes() if c[:1].isdigit())


def dotted(digits: str) -> str:
    """ "0161" → "01.61", "161" → "16.1", "01610" → "01.61.0"."""
    out = digits[:2]
    if len(digits) >= 3:
        out += "." + digits[2:4]
    if len(digits) == 5:
        out += "." + digits[4]
    return out


@dataclass
class ZeroReading:
    """How the digit-only codes of one column are read."""

    restored: dict[str, str] = field(default_factory=dict)
    """code as written → digits with the zero restored"""
    ambiguous: list[str] = field(default_factory=list)

    def note(self) -> str | None:
        if not self.restored:
            return None
        sample = ", ".join(f"{a} → {dotted(b)}" for a, b in list(self.restored.items())[:5])
        return (
            f"{len(self.restored)} industry codes had lost their leading zero and were read with "
            f"it ({sample}); write codes with their dots (01.61) to avoid this."
        )


def read_lost_zeros(codes: Iterable[object]) -> ZeroReading:
    """Which digit-only codes lost a leading zero, and which are ambiguous (module docstring)."""
    digit_only = sorted({s for s in (str(c).strip() for c in codes) if s.isdigit()})
    reading = ZeroReading()
    if not digit_only:
        return reading
    lengths = Counter(len(c) for c in digit_only)
    file_length = max(lengths, key=lambda n: (lengths[n], n))
    known = known_codes()
    short = [c for c in digit_only if len(c) == file_length - 1 and len(c) >= 2]
    coarser_only = [
        c for c in short if dotted(c) in known and dotted("0" + c) not in known and c[0] != "0"
    ]
    for code in digit_only:
        if len(code) == 1:
            reading.restored[code] = "0" + code
            continue
        if code not in short or code[0] == "0":
            continue
        padded_ok = dotted("0" + code) in known
        as_is_ok = dotted(code) in known
        if padded_ok and not as_is_ok:
            reading.restored[code] = "0" + code
        elif padded_ok and as_is_ok:
            if coarser_only:
                reading.ambiguous.append(code)
            else:
                reading.restored[code] = "0" + code
    return reading


def ambiguity_message(values: Iterable[object], ambiguous: list[str], *, column: str) -> str:
    """The refusal: which codes, on which rows (1-based), and what to write instead."""
    ambiguous_set = set(ambiguous)
    rows: dict[str, list[int]] = {}
    for i, v in enumerate(values, start=1):
        s = str(v).strip()
        if s in ambiguous_set:
            rows.setdefault(s, []).append(i)
    parts = []
    for code in sorted(rows)[:5]:
        at = ", ".join(map(str, rows[code][:5])) + (" …" if len(rows[code]) > 5 else "")
        parts.append(
            f"'{code}' (row {at}) is {dotted('0' + code)} with a lost leading zero or "
            f"{dotted(code)}"
        )
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return (
        f"ambiguous industry codes in column '{column}': " + "; ".join(parts) + more + ". "
        "The file also holds shorter codes, so it cannot tell; write them with dots "
        "(01.61 or 16.1) or with the leading zero (0161)."
    )

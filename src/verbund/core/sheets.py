"""Sections that other apps add to a project's pages and fact sheet, and to a network's dashboard.

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
NETWORK_SECTIONS: list[tuple[int, Callable]] = []


def _register(registry: list, order: int):
    def register(func):
        if all(existing is not func for _o, existing in registry):
            registry.append((order, func))
        return func

    return register


def project_section(*, order: int = 50):
    """A section of the project page (and of the fact sheet where it is public)."""
    return _register(SECTIONS, order)


def network_section(*, order: int = 50):
    """A section of a network's dashboard (its health page), e.g. the contract's paid share."""
    return _register(NETWORK_SECTIONS, order)


def _collect(registry, obj, user, public_only: bool) -> list[SheetSection]:
    found = []
    for _order, func in sorted(registry, key=lambda item: item[0]):
        section = func(obj, user)
        if section is not None and (section.public or not public_only):
            found.append(section)
    return found


def sections_for(project, user=None, *, public_only: bool = False) -> list[SheetSection]:
    return _collect(SECTIONS, project, user, public_only)


def network_sections_for(network, user=None) -> list[SheetSection]:
    return _collect(NETWORK_SECTIONS, network, user, False)

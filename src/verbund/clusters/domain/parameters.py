"""The parameters of a run, as stored in `AnalysisRun.parameters` (plain JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from verbund.clusters.enums import AreaUnit, ReferenceKind, Weight, WzLevel


@dataclass(frozen=True)
class RunParameters:
    area_unit: str = AreaUnit.DISTRICT
    wz_level: str = WzLevel.GROUP
    weight: str = Weight.EMPLOYEES
    reference: str = ReferenceKind.CITY
    reference_totals_id: int | None = None
    distance_m: float = 500.0
    permutations: int = 99
    partners_k: int = 5

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, str) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunParameters:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

"""The parameters of a run, as stored in `AnalysisRun.parameters` (plain JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from verbund.clusters.enums import AreaUnit, CategorySet, ReferenceKind, Weight, WzLevel


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
    categories: str = CategorySet.CITY
    custom_categories: list[dict[str, Any]] | None = None
    """With ``categories == "file"``: the uploaded file's categories as records
    (`verbund.analysis.clusters.categories_to_records`), so a repeated run uses the same ones."""
    categories_name: str = ""
    """The uploaded file's name, shown with the run's parameters."""

    def category_set(self):
        """The cluster categories of this run (`verbund.analysis.clusters.Category` tuple)."""
        from verbund.analysis.clusters import categories_from_records, load_categories

        if self.categories == CategorySet.FILE and self.custom_categories:
            return categories_from_records(self.custom_categories)
        return load_categories(
            CategorySet.TRADED if self.categories == CategorySet.TRADED else CategorySet.CITY
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, str) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunParameters:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

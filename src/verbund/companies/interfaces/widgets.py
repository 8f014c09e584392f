"""The company picker: finds a register company by part of its name (or city, postcode, register
number) without sending the register with the page; same-named companies are told apart by
postcode, city and WZ code. Built on `core.widgets.SearchSelect`."""

from verbund.companies.models import Company
from verbund.core.widgets import SearchSelect

SEARCH_URL = "companies:company_search"


class CompanyPicker(SearchSelect):
    """For a company ModelChoiceField / ModelMultipleChoiceField (values: primary keys) or, with
    `value_field="public_id"`, for a text field that takes a company's public id."""

    def __init__(self, *, multiple: bool = False, value_field: str = "pk", attrs=None):
        super().__init__(
            url_name=SEARCH_URL, multiple=multiple, value_field=value_field, attrs=attrs
        )

    def chosen(self, values: list[str]) -> list[tuple[str, str, str]]:
        if getattr(self.choices, "queryset", None) is not None:
            return super().chosen(values)
        found = {}
        if self.value_field == "public_id":
            ids = [v for v in values if _is_uuid(v)]
            found = {
                str(c.public_id): c
                for c in Company.objects.select_related("main_wz").filter(public_id__in=ids)
            }
        return [
            (v, str(found[v]), found[v].picker_detail) if v in found else (v, v, "") for v in values
        ]


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def picker_result(company: Company, *, value_field: str = "pk") -> dict:
    """One search result as the picker's script expects it."""
    return {
        "value": str(getattr(company, value_field)),
        "id": company.pk,
        "public_id": str(company.public_id),
        "label": str(company),
        "detail": company.picker_detail,
    }

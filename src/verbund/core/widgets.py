"""A select that searches as you type, for choices too many to send with the page (companies).

The page holds only the chosen options (hidden inputs with their labels); typed text asks
`url` for matching options as JSON (`{"results": [{"value", "label", "detail"}]}`) and the static
script `core/search_select.js` shows them (no inline script: strict CSP). Works for a
`ModelChoiceField`/`ModelMultipleChoiceField` (labels of the chosen options from the field's
queryset, only those, never the whole list) and for any field whose values `chosen` can resolve.
Written by hand rather than with a select library because the vendored front end is htmx only and
the widget needs a few dozen lines of script.
"""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SearchSelect(forms.Widget):
    template_name = "core/widgets/search_select.html"

    def __init__(
        self,
        *,
        url_name: str,
        multiple: bool = False,
        value_field: str = "pk",
        placeholder=None,
        attrs=None,
    ):
        super().__init__(attrs)
        self.url_name = url_name
        self.allow_multiple_selected = multiple
        self.value_field = value_field
        self.placeholder = placeholder or _("type part of the name")
        self.choices = []

    # values ----------------------------------------------------------------------------------
    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # nothing chosen is a value too (an empty selection)

    def format_value(self, value) -> list[str]:
        if value is None or value == "":
            return []
        if not isinstance(value, list | tuple | set):
            value = [value]
        return [str(getattr(v, self.value_field, v)) for v in value if v not in (None, "")]

    def chosen(self, values: list[str]) -> list[tuple[str, str, str]]:
        """(value, label, detail) of the chosen values; from the field's queryset when it has one."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not values:
            return [(v, v, "") for v in values]
        field = self.value_field
        try:
            found = {str(getattr(o, field)): o for o in queryset.filter(**{f"{field}__in": values})}
        except (ValueError, TypeError, forms.ValidationError):
            found = {}
        out = []
        for v in values:
            obj = found.get(v)
            if obj is not None:
                out.append((v, str(obj), getattr(obj, "picker_detail", "")))
        return out

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        url = reverse(self.url_name)
        if self.value_field != "pk":
            url += "?" + urlencode({"value": self.value_field})
        widget.update(
            url=url,
            multiple=self.allow_multiple_selected,
            chosen=self.chosen(widget["value"]),
            placeholder=self.placeholder,
        )
        return context

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_

"""Build POST data from a rendered form page the way a browser would submit it unchanged."""

from django.forms import CheckboxInput
from django.utils import translation


def _field_data(form) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
            continue
        formatted = widget.format_value(value) if value is not None else ""
        if isinstance(formatted, list):  # select widgets format to a list of chosen values
            formatted = formatted[0] if formatted else ""
        data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def page_post_data(response, language: str = "de") -> dict:
    """The project form page's current values, as the browser would post them."""
    with translation.override(language):
        data = _field_data(response.context["form"])
        for formset in response.context["formsets"].values():
            for bound in formset.management_form:
                data[bound.html_name] = str(bound.value())
            for form in formset.forms:
                data.update(_field_data(form))
    return data

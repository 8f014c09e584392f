"""The empty choice of select fields: "– please choose –" ("– bitte wählen –"), not Django's
"---------", in every form that mixes in `ChooseLabelMixin` (or calls `with_choose_label`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

CHOOSE = _("– please choose –")


def with_choose_label(form: forms.BaseForm) -> None:
    """Replace the empty choice of the form's single selects with `CHOOSE` (multiple selects,
    radio buttons and required choices without an empty entry stay as they are)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField) and type(field.widget) is forms.Select:
            field.choices = [
                ("", CHOOSE) if value == "" else (value, label) for value, label in field.choices
            ]


class ChooseLabelMixin:
    """Mix into a Form or ModelForm (before the form class) for the "– please choose –" label."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        with_choose_label(self)

"""The audit log's filter form (django-filter): user, app or model, action, date range, object.

The log is a union over many tables, so the FilterSet validates and renders the form and hands its
cleaned values to `audit.domain.log.LogFilter`, which applies them to every part of the union."""

import django_filters
from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from verbund.audit.domain.log import ACCESS, LogFilter, tracked_models
from verbund.core.models import AccessKind, AccessLog


def _app_choices():
    labels = sorted({key.split(".")[0] for key in tracked_models()})
    choices = [(label, str(apps.get_app_config(label).verbose_name)) for label in labels]
    return [(ACCESS, _("Sign-ins, exports and downloads")), *choices]


def _model_choices():
    return [
        (key, f"{apps.get_app_config(key.split('.')[0]).verbose_name}: {m._meta.verbose_name}")
        for key, m in tracked_models().items()
    ]


def _action_choices():
    return [
        ("created", _("created")),
        ("changed", _("changed")),
        ("deleted", _("deleted")),
        *AccessKind.choices,
    ]


class AuditLogFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label=_("user name"), method="noop")
    app = django_filters.ChoiceFilter(label=_("area"), choices=_app_choices, method="noop")
    model = django_filters.ChoiceFilter(
        label=_("kind of record"), choices=_model_choices, method="noop"
    )
    action = django_filters.ChoiceFilter(label=_("action"), choices=_action_choices, method="noop")
    date_from = django_filters.DateFilter(
        label=_("from"), method="noop", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("to"), method="noop", widget=forms.DateInput(attrs={"type": "date"})
    )
    object_id = django_filters.NumberFilter(label=_("object number"), method="noop", min_value=1)

    class Meta:
        model = AccessLog
        fields: list[str] = []

    def noop(self, queryset, name, value):
        return queryset

    def log_filter(self) -> LogFilter:
        """The cleaned values (empty where the form is invalid, with the errors shown)."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return LogFilter(
            username=data.get("user") or "",
            app=data.get("app") or "",
            model=data.get("model") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            object_id=data.get("object_id"),
        )

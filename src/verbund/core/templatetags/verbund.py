from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """Link to the generic change-history page of a model instance."""
    meta = obj._meta
    return reverse("core:history", args=[meta.app_label, meta.model_name, obj.pk])


@register.filter
def has_role(roles, name: str) -> bool:
    return name in roles

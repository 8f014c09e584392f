"""`{% term "lq" %}` (a header with its plain meaning as `<abbr title>`) and `{% legend "lq" … %}`
(the short legend beside a table or chart), from `clusters.interfaces.glossary`."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from verbund.analysis.report import warning_in_language
from verbund.clusters.interfaces import glossary

register = template.Library()


@register.simple_tag
def term(key: str, label: str = ""):
    t = glossary.TERMS[key]
    return format_html('<abbr title="{}">{}</abbr>', t.meaning, label or t.label)


@register.inclusion_tag("clusters/_legend.html")
def legend(*keys: str):
    return {"terms": glossary.legend(*keys)}


@register.filter
def in_page_language(warning: str) -> str:
    """A stored run warning (the pipeline writes English) in the page's language."""
    return warning_in_language(warning, (get_language() or "de")[:2])

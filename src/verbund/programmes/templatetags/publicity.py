"""The funding emblem and statement on pages, fact sheets and letters (see programmes.publicity)."""

from django import template

from verbund.programmes import publicity

register = template.Library()


@register.filter
def emblem_src(programme) -> str:
    """`<img src="{{ programme|emblem_src }}">`: the emblem as a data URI, "" without one."""
    return publicity.emblem_data_uri(programme)


@register.inclusion_tag("programmes/_publicity_footer.html")
def publicity_footer() -> dict:
    return {"items": publicity.footer_publicity()}

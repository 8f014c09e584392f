"""django-filter FilterSets of the API lists (query parameters, documented in the schema)."""

import datetime as dt

import django_filters

from verbund.portal.enums import NewsVisibility, PostKind, PostType
from verbund.portal.models import NewsItem, Post
from verbund.programmes.enums import ProjectStatus
from verbund.programmes.models import Project


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date and time, compared in UTC: PostgreSQL refuses offsets beyond ±15:59 that
    ISO 8601 and Python accept, and a moment beyond year 9999 in UTC matches nothing."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(dt.UTC)
            except OverflowError:
                return qs.none()
        return super().filter(qs, value)


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices)
    measure = django_filters.CharFilter(field_name="measure__code")
    programme = django_filters.NumberFilter(field_name="measure__programme_id")

    class Meta:
        model = Project
        fields = ["status", "measure", "programme"]


class PostFilter(django_filters.FilterSet):
    network = django_filters.CharFilter(field_name="network__slug")
    kind = django_filters.ChoiceFilter(choices=PostKind.choices)
    type = django_filters.ChoiceFilter(choices=PostType.choices)
    region = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Post
        fields = ["network", "kind", "type", "region"]


class NewsFilter(django_filters.FilterSet):
    network = django_filters.CharFilter(field_name="network__slug")
    visibility = django_filters.ChoiceFilter(choices=NewsVisibility.choices)
    published_after = UtcDateTimeFilter(field_name="published_at", lookup_expr="gte")

    class Meta:
        model = NewsItem
        fields = ["network", "visibility", "published_after"]

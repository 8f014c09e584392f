"""FilterSets of the programmes app (used by the project list; reusable by exports and APIs)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verbund.programmes.enums import ProjectStatus
from verbund.programmes.models import Programme, Project


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    programme = django_filters.ModelChoiceFilter(
        label=_("programme"), field_name="measure__programme", queryset=Programme.objects.all()
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("project", "status"), choices=ProjectStatus.choices
    )

    class Meta:
        model = Project
        fields = ["q", "programme", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(title_en__icontains=value)
        )

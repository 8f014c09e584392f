"""One FilterSet for the list page, the exports, the JSON API and the map data."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.classification import normalise_wz_code
from verbund.companies.enums import Placement, PlacementPrecision, SizeClass, WzLevel
from verbund.companies.models import Company, District, Tag, WzCode
from verbund.core.choices import CHOOSE


def _wz_choices(level: int):
    def choices():
        return [
            (w.code, f"{w.code} {w.localized_title}"[:90])
            for w in WzCode.objects.filter(level=level).order_by("section", "digits")
        ]

    return choices


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="filter_q")
    section = django_filters.ChoiceFilter(
        label=_("WZ section"),
        field_name="main_wz__section",
        choices=_wz_choices(WzLevel.SECTION),
        empty_label=CHOOSE,
    )
    division = django_filters.ChoiceFilter(
        label=_("WZ division"),
        field_name="main_wz__division",
        choices=_wz_choices(WzLevel.DIVISION),
        empty_label=CHOOSE,
    )
    wz = django_filters.CharFilter(label=_("WZ code"), method="filter_wz")
    size_class = django_filters.ChoiceFilter(
        label=_("size class"), choices=SizeClass.choices, empty_label=CHOOSE
    )
    district = django_filters.ModelChoiceFilter(
        label=_("district"),
        queryset=District.objects.order_by("layer", "number", "name"),
        empty_label=CHOOSE,
    )
    placement = django_filters.ChoiceFilter(
        label=_("programme area"), choices=Placement.choices, empty_label=CHOOSE
    )
    placement_precision = django_filters.ChoiceFilter(
        label=_("placed by"), choices=PlacementPrecision.choices, empty_label=CHOOSE
    )
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("tags"), queryset=Tag.objects.all(), conjoined=False
    )

    class Meta:
        model = Company
        fields = [
            "q",
            "section",
            "division",
            "wz",
            "size_class",
            "district",
            "placement",
            "placement_precision",
            "tags",
        ]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(trading_name__icontains=word)
                | Q(city__icontains=word) | Q(street__icontains=word) | Q(postcode__startswith=word)
                | Q(competences__icontains=word) | Q(offers__icontains=word)
            )  # fmt: skip
        return queryset

    def filter_wz(self, queryset, name, value):
        """A code with or without dots; matches the code and everything below it."""
        code = normalise_wz_code(value)
        if not code:
            return queryset.none()
        if not code[0].isdigit():
            return queryset.filter(main_wz__section=code)
        return queryset.filter(main_wz__digits__startswith=code.replace(".", ""))

    @property
    def qs(self):
        qs = super().qs
        return qs.distinct() if self.form.cleaned_data.get("tags") else qs

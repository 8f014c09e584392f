import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from verbund.companies.enums import Placement
from verbund.companies.models import Company


class CompanyTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("company"))
    main_wz = tables.Column(verbose_name=_("WZ"), order_by=("main_wz__digits",))
    district = tables.Column(order_by=("district__number", "district__name"))
    placement = tables.Column(verbose_name=_("programme area"))
    size_class = tables.Column()
    employees = tables.Column()
    city = tables.Column(order_by=("city", "postcode"))
    updated_at = tables.DateTimeColumn(format="SHORT_DATE_FORMAT")

    class Meta:
        model = Company
        fields = [
            "name", "main_wz", "district", "placement", "size_class", "employees", "city",
            "updated_at",
        ]  # fmt: skip
        order_by = ("name",)
        attrs = {"class": "compact"}

    def render_name(self, record, value):
        if record.trading_name and record.trading_name != value:
            return format_html("{}<br><small>{}</small>", value, record.trading_name)
        return value

    def render_main_wz(self, value):
        return format_html('<span title="{}">{}</span>', value.localized_title, value.code)

    def render_placement(self, record, value):
        label = record.get_placement_display()
        if value == Placement.INSIDE:
            return format_html('<span class="badge ok">{}</span>', label)
        if value == Placement.OUTSIDE:
            return format_html('<span class="badge">{}</span>', label)
        return format_html('<span class="badge warn">{}</span>', label)

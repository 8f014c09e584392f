"""What the API hands out: public fields only, and of companies only what they consented to.

Company data always goes through `portal.domain.queries.public_profile` (the consent rules live
there, once); a key it leaves out (no consent) is left out of the response too.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from verbund.portal.domain import queries as portal
from verbund.portal.enums import NewsVisibility
from verbund.portal.models import TEXT_LIMIT, NewsItem, Post
from verbund.programmes.models import Programme, Project


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id", "name", "name_en", "short_name", "city", "period_start_year",
            "period_end_year", "description", "description_en",
        ]  # fmt: skip


class ProjectSerializer(serializers.ModelSerializer):
    """A project's public fact sheet (only projects marked public are listed)."""

    measure = serializers.CharField(source="measure.code", read_only=True)
    programme = serializers.IntegerField(source="measure.programme_id", read_only=True)
    carriers = serializers.SerializerMethodField()
    networks = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "code", "title", "title_en", "goal", "goal_en", "target_group", "target_group_en",
            "location", "location_en", "implementation_state", "implementation_state_en",
            "results", "results_en", "status", "start_month", "end_month", "measure",
            "programme", "carriers", "networks",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_carriers(self, project) -> list[str]:
        return [str(c) for c in project.carriers.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_networks(self, project) -> list[str]:
        return [n.slug for n in project.networks.all() if n.is_public]


class NetworkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    goals = serializers.CharField()
    goals_en = serializers.CharField()
    phase = serializers.CharField()
    cluster_category = serializers.CharField()
    carrier = serializers.CharField(source="carrier.name")
    project = serializers.CharField(source="project.code", allow_null=True)
    members = serializers.IntegerField(source="n_members")


class IndustrySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class CompanySerializer(serializers.Serializer):
    """A company as the public may see it (`portal.public_profile`): keys without consent are
    absent."""

    public_id = serializers.UUIDField()
    name = serializers.CharField()
    city = serializers.CharField(required=False)
    street = serializers.CharField(required=False)
    postcode = serializers.CharField(required=False)
    lat = serializers.FloatField(required=False)
    lon = serializers.FloatField(required=False)
    website = serializers.CharField(required=False)
    industry = IndustrySerializer(required=False)
    size_class = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    competences = serializers.ListField(child=serializers.CharField(), required=False)
    offers = serializers.CharField(required=False)
    needs = serializers.CharField(required=False)
    logo_url = serializers.CharField(required=False)

    def to_representation(self, instance):
        profile = instance if isinstance(instance, dict) else portal.public_profile(instance)
        return super().to_representation(profile or {})


class MemberSerializer(CompanySerializer):
    role = serializers.CharField()


class PostSerializer(serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    company = serializers.SerializerMethodField()
    wz_division = serializers.CharField(source="wz_division.code", allow_null=True, default=None)

    class Meta:
        model = Post
        fields = [
            "id", "network", "company", "kind", "type", "title", "text", "competences",
            "wz_division", "region", "expires_on", "state", "published_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_company(self, post) -> str | None:
        """The posting company's name where it consented to it, else null."""
        return portal.post_author_name(post)


class ModerationSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class NewsSerializer(serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = NewsItem
        fields = [
            "id", "network", "title", "title_en", "text", "text_en", "visibility",
            "published_at", "image_url", "image_alt",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image_url(self, item) -> str | None:
        return item.image.url if item.image else None


class NewsWriteSerializer(serializers.Serializer):
    """The fields a carrier sends to publish or change a news item (checked by the portal's
    domain functions)."""

    network = serializers.SlugField(required=False, help_text="Network slug (when publishing).")
    title = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    text = serializers.CharField(max_length=TEXT_LIMIT)
    text_en = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(NewsVisibility.choices, default=NewsVisibility.PUBLIC)
    published_at = serializers.DateTimeField(required=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


def _money():
    return serializers.DecimalField(max_digits=None, decimal_places=None, allow_null=True)


class OperationSerializer(serializers.Serializer):
    """One operation of the list of operations (open data, `reporting.domain.queries`)."""

    operation_code = serializers.CharField()
    operation_name = serializers.CharField()
    beneficiary = serializers.CharField()
    contractors = serializers.ListField(child=serializers.CharField())
    purpose_and_achievements = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    total_cost_eur = _money()
    fund = serializers.CharField()
    specific_objective = serializers.CharField()
    union_cofinancing_rate = _money()
    location = serializers.CharField()
    country = serializers.CharField()
    type_of_intervention = serializers.CharField()
    updated = serializers.DateTimeField(allow_null=True)


class IndicatorSerializer(serializers.Serializer):
    """One indicator of the published operations with its value to date (open data)."""

    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = _money()
    target = _money()
    value = _money()
    period = serializers.CharField(allow_null=True, help_text="ISO 8601 interval")
    scope = serializers.CharField(help_text="operation code, or 'operation code/network slug'")

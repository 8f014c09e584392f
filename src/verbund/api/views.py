"""API views: thin, over the apps' query and domain functions.

Reads are open (what is public on the pages is public here); writes need a signed-in carrier
(token or session) and pass the same object check as the pages (`api.rules`), then go through the
portal's domain functions, whose refusals (`DomainError`) answer 400 naming the field.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from verbund.api import serializers as s
from verbund.api.filters import NewsFilter, PostFilter, ProjectFilter
from verbund.core.cache import public_page
from verbund.core.errors import DomainError
from verbund.networks.models import Network
from verbund.portal.domain import board, news
from verbund.portal.domain import queries as portal
from verbund.portal.enums import NewsVisibility
from verbund.portal.models import NewsItem
from verbund.programmes.domain import queries as programmes
from verbund.programmes.models import Project
from verbund.reporting.domain import queries as reporting

AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


def _refused(error: DomainError):
    field = getattr(error, "field", None) or "non_field_errors"
    return ValidationError({field: [str(getattr(error, "reason", error))]})


class PublicReadMixin:
    authentication_classes = AUTHENTICATION
    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend, OrderingFilter]

    @classmethod
    def as_view(cls, *args, **kwargs):
        """Anonymous reads come from the public-page cache while the data are unchanged."""
        return public_page(super().as_view(*args, **kwargs))


@extend_schema_view(
    list=extend_schema(summary="Programmes"), retrieve=extend_schema(summary="One programme")
)
class ProgrammeViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = s.ProgrammeSerializer
    ordering_fields = ["name", "period_start_year"]
    ordering = ["name"]

    def get_queryset(self):
        return programmes.programmes().order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="Projects with a public fact sheet"),
    retrieve=extend_schema(summary="One project's fact sheet"),
)
class ProjectViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ProjectSerializer
    filterset_class = ProjectFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["code", "title", "start_month"]
    ordering = ["code"]

    def get_queryset(self):
        return (
            Project.objects.filter(is_public=True)
            .select_related("measure")
            .prefetch_related(
                "carriers", Prefetch("networks", queryset=Network.objects.order_by("slug"))
            )
            .order_by("code")
        )


@extend_schema_view(
    list=extend_schema(summary="Public networks"), retrieve=extend_schema(summary="One network")
)
class NetworkViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.NetworkSerializer
    lookup_field = "slug"
    ordering_fields = ["name", "slug"]
    ordering = ["name"]

    def get_queryset(self):
        return portal.public_networks()

    @extend_schema(
        summary="The network's publicly named members", responses=s.MemberSerializer(many=True)
    )
    @action(detail=True, serializer_class=s.MemberSerializer, filter_backends=[])
    def members(self, request, slug=None):
        network = self.get_object()
        page = self.paginate_queryset(portal.public_members(network))  # one page, not all rows
        rows = []
        for membership in page:
            profile = portal.public_profile(membership.company)
            if profile is not None:
                rows.append({**profile, "role": membership.role})
        return self.get_paginated_response(s.MemberSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Companies that show a public profile"),
    retrieve=extend_schema(summary="One public company profile"),
)
class CompanyViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CompanySerializer
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self):
        return portal.public_companies()


@extend_schema_view(
    list=extend_schema(summary="Published offers and requests"),
    retrieve=extend_schema(summary="One offer or request"),
)
class PostViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = s.PostSerializer
    filterset_class = PostFilter
    ordering_fields = ["published_at", "expires_on", "title"]
    ordering = ["-published_at"]

    def get_queryset(self):
        return portal.published_posts().order_by("-published_at", "-pk")

    def get_object(self):
        post = portal.visible_post(self.request.user, self.kwargs["pk"])
        if post is None:
            raise NotFound()
        return post

    @extend_schema(
        summary="Posts waiting for the carrier's moderation",
        responses=s.PostSerializer(many=True),
    )
    @action(detail=False, permission_classes=[IsAuthenticated], filter_backends=[])
    def pending(self, request):
        qs = portal.posts_to_moderate(request.user).select_related(
            "company__portal_profile", "wz_division"
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.PostSerializer(page, many=True).data)

    @extend_schema(
        summary="Publish or decline a post (the network's carrier)",
        request=s.ModerationSerializer,
        responses={200: s.PostSerializer, 400: OpenApiResponse(description="refused")},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def moderation(self, request, pk=None):
        post = self.get_object()
        if not request.user.has_perm("api.moderate_network_posts", post.network):
            raise PermissionDenied()
        data = s.ModerationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            post = board.moderate_post(
                user=request.user, post=post, approve=data.validated_data["approve"],
                note=data.validated_data["note"],
            )  # fmt: skip
        except DomainError as error:
            raise _refused(error) from error
        post = portal.visible_post(request.user, post.pk)
        return Response(s.PostSerializer(post).data)


@extend_schema_view(
    list=extend_schema(summary="Network news (members-only news too for its carrier)"),
    retrieve=extend_schema(summary="One news item"),
    create=extend_schema(
        summary="Publish a news item (the network's carrier)",
        request=s.NewsWriteSerializer,
        responses={201: s.NewsSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a news item (the network's carrier)",
        request=s.NewsWriteSerializer,
        responses={200: s.NewsSerializer},
    ),
    destroy=extend_schema(summary="Delete a news item (the network's carrier)"),
)
class NewsViewSet(
    PublicReadMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = s.NewsSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = NewsFilter
    ordering_fields = ["published_at", "title"]
    ordering = ["-published_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        if self.action in ("create", "partial_update", "destroy"):
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        now = timezone.now()
        visible = Q(network__is_public=True, visibility=NewsVisibility.PUBLIC)
        carried = portal.carried_networks(self.request.user)
        if self.request.user.is_authenticated:
            visible |= Q(network__in=carried)
        return (
            NewsItem.objects.filter(visible, published_at__lte=now)
            .select_related("network")
            .order_by("-published_at", "-pk")
        )

    def _writable(self, network):
        if not self.request.user.has_perm("api.write_network_news", network):
            raise PermissionDenied()

    def create(self, request, *args, **kwargs):
        data = s.NewsWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        slug = values.pop("network", "")
        network = Network.objects.filter(slug=slug).first() if slug else None
        if network is None:
            raise ValidationError({"network": ["Name the network by its slug."]})
        self._writable(network)
        try:
            item = news.publish_news(user=request.user, network=network, **values)
        except DomainError as error:
            raise _refused(error) from error
        return Response(s.NewsSerializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = get_object_or_404(NewsItem.objects.select_related("network"), pk=kwargs["pk"])
        self._writable(item.network)
        data = s.NewsWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("network", None)
        try:
            item = news.update_news(user=request.user, item=item, **values)
        except DomainError as error:
            raise _refused(error) from error
        return Response(s.NewsSerializer(item).data)

    def destroy(self, request, *args, **kwargs):
        item = get_object_or_404(NewsItem.objects.select_related("network"), pk=kwargs["pk"])
        self._writable(item.network)
        try:
            news.delete_news(user=request.user, item=item)
        except DomainError as error:
            raise _refused(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


class _OpenDataViewSet(PublicReadMixin, viewsets.GenericViewSet):
    filter_backends = []

    def rows(self) -> list[dict]:
        raise NotImplementedError

    def list(self, request):
        page = self.paginate_queryset(self.rows())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(list=extend_schema(summary="Open data: the list of operations"))
class OperationViewSet(_OpenDataViewSet):
    serializer_class = s.OperationSerializer

    def rows(self):
        return reporting.operation_rows()


@extend_schema_view(list=extend_schema(summary="Open data: indicators with their values"))
class IndicatorViewSet(_OpenDataViewSet):
    serializer_class = s.IndicatorSerializer

    def rows(self):
        return reporting.indicator_rows()


@extend_schema(
    summary="Your API token (sign in on the site first; send it as 'Authorization: Token …')",
    request=None,
    responses={200: s.TokenSerializer},
)
@api_view(["POST"])
@authentication_classes([SessionAuthentication, TokenAuthentication])
@permission_classes([IsAuthenticated])
def token(request):
    """A signed-in user (through the site's sign-in, with its two-factor rules) fetches or
    creates the token for scripts."""
    key, _created = Token.objects.get_or_create(user=request.user)
    return Response({"token": key.key})

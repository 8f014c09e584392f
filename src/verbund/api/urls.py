"""REST API (Django REST framework + drf-spectacular), served without a language prefix."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from verbund.api import docs, views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("networks", views.NetworkViewSet, basename="network")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("posts", views.PostViewSet, basename="post")
router.register("news", views.NewsViewSet, basename="news")
router.register("open-data/operations", views.OperationViewSet, basename="operation")
router.register("open-data/indicators", views.IndicatorViewSet, basename="indicator")

urlpatterns: list = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.docs_page, name="docs"),
    path("token/", views.token, name="token"),
    path("", include(router.urls)),
]

"""REST API (Django REST framework + drf-spectacular), served without a language prefix."""

from django.urls import path  # noqa: F401

app_name = "api"
urlpatterns: list = []

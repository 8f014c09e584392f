"""URLs of the partner search, included by portal/urls.py under search/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

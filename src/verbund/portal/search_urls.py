"""URLs of the partner search, included by portal/urls.py under search/."""

from django.urls import path

from verbund.portal.views import search

urlpatterns: list = [
    path("", search.search_page, name="search"),
]

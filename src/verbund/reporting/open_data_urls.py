"""Open-data files, served without a language prefix (see verbund/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "open_data"
urlpatterns: list = []

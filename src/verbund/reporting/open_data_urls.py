"""Open-data files, served without a language prefix (see verbund/urls.py)."""

from django.urls import path

from verbund.reporting import views

app_name = "open_data"
urlpatterns = [
    path("operations.csv", views.open_data_csv, {"kind": "operations"}, name="operations_csv"),
    path("operations.json", views.open_data_json, {"kind": "operations"}, name="operations_json"),
    path(
        "operations.schema.json",
        views.open_data_schema,
        {"kind": "operations"},
        name="operations_schema",
    ),
    path("indicators.csv", views.open_data_csv, {"kind": "indicators"}, name="indicators_csv"),
    path("indicators.json", views.open_data_json, {"kind": "indicators"}, name="indicators_json"),
    path(
        "indicators.schema.json",
        views.open_data_schema,
        {"kind": "indicators"},
        name="indicators_schema",
    ),
]

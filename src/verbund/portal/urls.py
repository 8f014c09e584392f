from django.urls import include, path

app_name = "portal"
urlpatterns: list = [
    path("search/", include("verbund.portal.search_urls")),
]

from django.urls import path

from verbund.clusters import views

app_name = "clusters"
urlpatterns = [
    path("", views.index, name="index"),
]

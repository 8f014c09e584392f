from django.urls import path

from verbund.competitions import views

app_name = "competitions"
urlpatterns = [
    path("", views.index, name="index"),
]

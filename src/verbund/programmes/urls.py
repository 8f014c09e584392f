from django.urls import path

from verbund.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.project_list, name="project_list"),
]

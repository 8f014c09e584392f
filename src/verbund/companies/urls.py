from django.urls import path

from verbund.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="company_list"),
]

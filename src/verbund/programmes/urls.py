from django.urls import path

from verbund.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("measures/new/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("organisations/", views.master_data, name="master_data"),
    path("organisations/new/", views.organisation_form, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_form, name="organisation_edit"),
    path("sources/new/", views.source_form, name="source_create"),
    path("sources/<int:pk>/edit/", views.source_form, name="source_edit"),
    path("<str:code>/", views.project_detail, name="project_detail"),
    path("<str:code>/edit/", views.project_edit, name="project_edit"),
    path("<str:code>/sheet/", views.project_sheet, name="project_sheet"),
    path("<str:code>/sheet.pdf", views.project_sheet_pdf, name="project_sheet_pdf"),
    path("<str:code>/history/", views.project_history, name="project_history"),
]

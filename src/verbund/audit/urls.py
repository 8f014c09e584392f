from django.urls import path

from verbund.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log_page, name="log"),
    path("export/<str:fmt>/", views.log_export, name="log_export"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<str:code>/", views.project_dossier, name="dossier"),
    path("projects/<str:code>/audit.xlsx", views.project_dossier_xlsx, name="dossier_xlsx"),
    path("projects/<str:code>/audit.pdf", views.project_dossier_pdf, name="dossier_pdf"),
    path("retention/", views.retention_report, name="retention"),
]

from django.urls import path

from verbund.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("progress/", views.progress, name="progress"),
    path("open-data/", views.open_data_page, name="open_data"),
    path("projects/<str:code>/indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/new/", views.value_new, name="value_new"),
    path("indicators/<int:pk>/notes/new/", views.note_new, name="note_new"),
    path("indicators/<int:pk>/records/", views.indicator_records, name="indicator_records"),
    path("programmes/<int:pk>/<str:kind>/records/", views.common_records, name="common_records"),
    path("values/<int:pk>/evidence/", views.value_evidence, name="value_evidence"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/progress/", views.report_progress, name="report_progress"),
    path("reports/<int:pk>/repeat/", views.report_repeat, name="report_repeat"),
    path("reports/<int:pk>/report.<str:fmt>", views.report_download, name="report_download"),
]

from django.urls import path

from verbund.clusters import views

app_name = "clusters"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.run_new, name="run_new"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/repeat/", views.run_repeat, name="run_repeat"),
    path("runs/<int:pk>/specialisation/", views.run_specialisation, name="run_specialisation"),
    path("runs/<int:pk>/clusters/", views.run_clusters, name="run_clusters"),
    path("runs/<int:pk>/potentials/", views.run_potentials, name="run_potentials"),
    path("runs/<int:pk>/networks/", views.run_networks, name="run_networks"),
    path("runs/<int:pk>/map/", views.run_map, name="run_map"),
    path("runs/<int:pk>/partners/", views.run_partners, name="run_partners"),
    path("runs/<int:pk>/results.json", views.run_json, name="run_json"),
    path("runs/<int:pk>/report.pdf", views.run_pdf, name="run_pdf"),
    path("references/", views.reference_list, name="reference_list"),
    path("references/new/", views.reference_new, name="reference_new"),
]

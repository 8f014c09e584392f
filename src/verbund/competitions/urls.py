from django.urls import path

from verbund.competitions import views

app_name = "competitions"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.competition_create, name="competition_create"),
    path("<int:pk>/", views.competition_detail, name="competition_detail"),
    path("<int:pk>/edit/", views.competition_edit, name="competition_edit"),
    path("<int:pk>/criteria/", views.criteria_edit, name="criteria"),
    path("<int:pk>/phase/", views.competition_phase, name="competition_phase"),
    path("<int:pk>/submit/", views.submission_create, name="submission_create"),
    path("<int:pk>/eligibility/", views.eligibility, name="eligibility"),
    path("<int:pk>/reviewers/", views.reviewers, name="reviewers"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/ranking/", views.ranking, name="ranking"),
    path("<int:pk>/ranking/export.<str:fmt>", views.ranking_export, name="ranking_export"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/letters/", views.letters, name="letters"),
    path("<int:pk>/results/", views.results, name="results"),
    path("mine/", views.my_submissions, name="my_submissions"),
    path("ideas/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("ideas/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("ideas/<int:pk>/submit/", views.submission_submit, name="submission_submit"),
    path("ideas/<int:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("ideas/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("ideas/<int:pk>/letter/", views.decision_letter, name="decision_letter"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("reviews/", views.my_assignments, name="my_assignments"),
    path("reviews/<int:pk>/", views.review_form, name="review_form"),
    path("reviews/<int:pk>/conflict/", views.declare_conflict, name="declare_conflict"),
]

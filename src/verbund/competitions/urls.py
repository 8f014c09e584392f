from django.urls import path

from verbund.competitions.views import applicant, call, office, reviewer

app_name = "competitions"
urlpatterns = [
    # the call
    path("", call.index, name="index"),
    path("new/", call.competition_create, name="competition_create"),
    path("<int:pk>/", call.competition_detail, name="competition_detail"),
    path("<int:pk>/edit/", call.competition_edit, name="competition_edit"),
    path("<int:pk>/criteria/", call.criteria_edit, name="criteria"),
    path("<int:pk>/criteria/row/", call.criteria_row, name="criteria_row"),
    path("<int:pk>/criteria/row/remove/", call.criteria_row_remove, name="criteria_row_remove"),
    path("<int:pk>/phase/", call.competition_phase, name="competition_phase"),
    path("<int:pk>/results/", call.results, name="results"),
    # the office
    path("<int:pk>/eligibility/", office.eligibility, name="eligibility"),
    path("<int:pk>/reviewers/", office.reviewers, name="reviewers"),
    path("<int:pk>/reviewers/add/", office.reviewer_add, name="reviewer_add"),
    path("<int:pk>/reviewers/assign/", office.assign, name="assign"),
    path("<int:pk>/reviewers/auto-assign/", office.auto_assign, name="auto_assign"),
    path("<int:pk>/reviewers/conflict/", office.conflict_record, name="conflict_record"),
    path("<int:pk>/reviewers/detect/", office.conflicts_detect, name="conflicts_detect"),
    path("<int:pk>/reviewers/unassign/<int:assignment>/", office.unassign, name="unassign"),
    path("<int:pk>/progress/", office.progress, name="progress"),
    path("<int:pk>/ranking/", office.ranking, name="ranking"),
    path("<int:pk>/ranking/export.<str:fmt>", office.ranking_export, name="ranking_export"),
    path("<int:pk>/decision/", office.decision, name="decision"),
    path("<int:pk>/letters/", office.letters, name="letters"),
    # applicants
    path("<int:pk>/submit/", applicant.submission_create, name="submission_create"),
    path("mine/", applicant.my_submissions, name="my_submissions"),
    path("invitations/", applicant.invitations, name="invitations"),
    path("invitations/<int:pk>/accept/", applicant.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", applicant.invitation_decline, name="invitation_decline"),
    path("ideas/<int:pk>/", applicant.submission_detail, name="submission_detail"),
    path("ideas/<int:pk>/edit/", applicant.submission_edit, name="submission_edit"),
    path("ideas/<int:pk>/submit/", applicant.submission_submit, name="submission_submit"),
    path("ideas/<int:pk>/withdraw/", applicant.submission_withdraw, name="submission_withdraw"),
    path("ideas/<int:pk>/attachments/", applicant.attachment_upload, name="attachment_upload"),
    path("ideas/<int:pk>/letter/", applicant.decision_letter, name="decision_letter"),
    path("attachments/<int:pk>/", applicant.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", applicant.attachment_delete, name="attachment_delete"),
    # reviewers
    path("reviews/", reviewer.my_assignments, name="my_assignments"),
    path("reviews/<int:pk>/", reviewer.review_form, name="review_form"),
    path("reviews/<int:pk>/conflict/", reviewer.declare_conflict, name="declare_conflict"),
]

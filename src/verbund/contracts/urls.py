from django.urls import path

from verbund.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("award/", views.contract_award, name="award"),
    path("payments.<str:fmt>", views.payments_export, name="export"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/pdf/", views.contract_pdf, name="pdf"),
    path("<int:pk>/amend/", views.contract_amend, name="amend"),
    path("<int:pk>/milestones/new/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:mpk>/", views.milestone_detail, name="milestone"),
    path("<int:pk>/milestones/<int:mpk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("<int:pk>/milestones/<int:mpk>/pdf/", views.milestone_pdf, name="milestone_pdf"),
    path("<int:pk>/milestones/<int:mpk>/upload/", views.evidence_upload, name="upload"),
    path(
        "<int:pk>/milestones/<int:mpk>/files/<int:fpk>/", views.evidence_download, name="evidence"
    ),
    path("<int:pk>/milestones/<int:mpk>/submit/", views.milestone_submit, name="submit"),
    path("<int:pk>/milestones/<int:mpk>/resubmit/", views.milestone_resubmit, name="resubmit"),
    path(
        "<int:pk>/milestones/<int:mpk>/request-changes/",
        views.milestone_request_changes,
        name="request_changes",
    ),
    path("<int:pk>/milestones/<int:mpk>/accept/", views.milestone_accept, name="accept"),
    path("<int:pk>/milestones/<int:mpk>/reject/", views.milestone_reject, name="reject"),
    path("<int:pk>/milestones/<int:mpk>/pay/", views.payment_prepare, name="prepare"),
    path("<int:pk>/milestones/<int:mpk>/subgrant/", views.milestone_subgrant, name="subgrant"),
    path("<int:pk>/payments/<int:ppk>/", views.payment_detail, name="payment"),
    path("<int:pk>/payments/<int:ppk>/confirm/", views.payment_confirm, name="confirm"),
    path("<int:pk>/payments/<int:ppk>/recover/", views.payment_recover, name="recover"),
]

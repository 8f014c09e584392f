from django.urls import path

from verbund.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("mine/", views.my_networks, name="mine"),
    path("office/", views.overview, name="overview"),
    path("new/", views.network_create, name="create"),
    path("from-idea/<int:submission_pk>/", views.network_from_idea, name="from_idea"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/edit/", views.network_edit, name="edit"),
    path("<slug:slug>/actors/", views.actor_add, name="actor_add"),
    path("<slug:slug>/phase/", views.network_phase, name="phase"),
    path("<slug:slug>/public/", views.network_public, name="public"),
    path("<slug:slug>/members/", views.network_members, name="members"),
    path("<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("<slug:slug>/members.<str:fmt>", views.members_export, name="members_export"),
    path("<slug:slug>/join/", views.join_request, name="join"),
    path("<slug:slug>/members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("<slug:slug>/members/<int:pk>/fee/", views.member_fee, name="member_fee"),
    path("<slug:slug>/members/<int:pk>/", views.member_update, name="member_update"),
    path("<slug:slug>/join-requests/<int:pk>/", views.join_decide, name="join_decide"),
    path("<slug:slug>/catalogue/", views.network_catalogue, name="catalogue"),
    path("<slug:slug>/catalogue/new/", views.measure_create, name="measure_create"),
    path("<slug:slug>/catalogue/submit/", views.catalogue_submit, name="catalogue_submit"),
    path("<slug:slug>/catalogue/approve/", views.catalogue_approve, name="catalogue_approve"),
    path("<slug:slug>/catalogue/return/", views.catalogue_return, name="catalogue_return"),
    path("<slug:slug>/catalogue/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("<slug:slug>/catalogue/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("<slug:slug>/catalogue/<int:pk>/options/", views.option_add, name="option_add"),
    path("<slug:slug>/activities/", views.network_activities, name="activities"),
    path("<slug:slug>/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("<slug:slug>/health/", views.network_health, name="health"),
]

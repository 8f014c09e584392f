from django.urls import path

from verbund.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path(
        "history/<str:app_label>/<str:model_name>/<int:pk>/", views.object_history, name="history"
    ),
]

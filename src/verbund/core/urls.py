from django.urls import path

from verbund.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "history/<str:app_label>/<str:model_name>/<int:pk>/", views.object_history, name="history"
    ),
]

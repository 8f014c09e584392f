from django.urls import path

from verbund.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("mine/", views.my_events, name="mine"),
    path("new/", views.event_create, name="create"),
    path("calendar/<str:token>.ics", views.personal_feed, name="feed"),
    path("registration/<str:token>/", views.registration_status, name="status"),
    path("registration/<str:token>/cancel/", views.registration_cancel, name="cancel"),
    path("registration/<str:token>/confirm/", views.offer_confirm, name="confirm"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/event.ics", views.event_calendar, name="ics"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/questions/", views.question_add, name="question_add"),
    path("<slug:slug>/attendees/", views.attendee_list, name="attendees"),
    path("<slug:slug>/attendees.<str:fmt>", views.attendee_export, name="attendees_export"),
    path("<slug:slug>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/moderate/<int:pk>/", views.moderate, name="moderate"),
    path("<slug:slug>/slots/", views.slots, name="slots"),
    path("<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/schedule/run/", views.schedule_run, name="schedule_run"),
    path("<slug:slug>/meetings/", views.meetings, name="meetings"),
    path("<slug:slug>/meetings/profile/", views.profile_save, name="profile"),
    path("<slug:slug>/meetings/unavailable/", views.unavailable, name="unavailable"),
    path("<slug:slug>/meetings/request/<int:pk>/", views.request_send, name="request"),
    path("<slug:slug>/meetings/answer/<int:pk>/", views.request_answer, name="answer"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<slug:slug>/agenda.ics", views.agenda_calendar, name="agenda_ics"),
]

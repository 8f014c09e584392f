from django.urls import include, path

from verbund.core.cache import public_page
from verbund.portal.views import board, feeds, manage, public, selfservice

app_name = "portal"
urlpatterns: list = [
    path("", public.home, name="home"),
    path("search/", include("verbund.portal.search_urls")),
    path("feed.atom", public_page(feeds.NewsFeed()), name="feed"),
    path("news/", public.news_list, name="news"),
    path("map/", public.member_map, name="map"),
    path("companies/", public.company_directory, name="companies"),
    path("companies/<uuid:public_id>/", public.company_page, name="company"),
    path("companies/<uuid:public_id>/claim/", selfservice.claim_company, name="claim"),
    path("companies/<uuid:public_id>/edit/", selfservice.profile_edit, name="profile_edit"),
    path("companies/<uuid:public_id>/consent/", selfservice.consent_edit, name="consent_edit"),
    path("companies/<uuid:public_id>/admins/", selfservice.admins, name="admins"),
    path(
        "companies/<uuid:public_id>/admins/invite/", selfservice.admin_invite, name="admin_invite"
    ),
    path(
        "companies/<uuid:public_id>/admins/<int:pk>/remove/",
        selfservice.admin_remove,
        name="admin_remove",
    ),
    path("companies/<uuid:public_id>/join/", selfservice.join, name="join"),
    path("my/", selfservice.my_portal, name="my"),
    path("claim/", selfservice.claim_search, name="claim_search"),
    path("claim/confirm/<str:token>/", selfservice.claim_confirm, name="claim_confirm"),
    path("claim/<int:pk>/withdraw/", selfservice.claim_withdraw, name="claim_withdraw"),
    path("invitation/<str:token>/", selfservice.invitation_accept, name="invitation"),
    path("board/", public.board, name="board"),
    path("board/new/", board.post_create, name="post_create"),
    path("board/<int:pk>/", board.post_detail, name="post_detail"),
    path("board/<int:pk>/edit/", board.post_edit, name="post_edit"),
    path("board/<int:pk>/renew/", board.post_renew, name="post_renew"),
    path("board/<int:pk>/withdraw/", board.post_withdraw, name="post_withdraw"),
    path("board/<int:pk>/interest/", board.post_interest, name="post_interest"),
    path("board/<int:pk>/moderate/", manage.post_moderate, name="post_moderate"),
    path("moderation/", manage.moderation, name="moderation"),
    path("join-requests/<int:pk>/", manage.join_answer, name="join_answer"),
    path("office/claims/", manage.claims, name="claims"),
    path("office/claims/<int:pk>/", manage.claim_decide, name="claim_decide"),
    path("networks/<slug:slug>/", public.network_page, name="network"),
    path("networks/<slug:slug>/feed.atom", public_page(feeds.NewsFeed()), name="network_feed"),
    path("networks/<slug:slug>/news/new/", manage.news_create, name="news_create"),
    path("networks/<slug:slug>/news/<int:pk>/", public.news_detail, name="news_detail"),
    path("networks/<slug:slug>/news/<int:pk>/edit/", manage.news_edit, name="news_edit"),
    path("networks/<slug:slug>/news/<int:pk>/delete/", manage.news_delete, name="news_delete"),
]

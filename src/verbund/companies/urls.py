from django.urls import path

from verbund.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("export.<str:fmt>", views.company_export, name="company_export"),
    path("api/companies/", views.company_api_list, name="api_company_list"),
    path("new/", views.company_edit, name="company_create"),
    path("c/<int:pk>/", views.company_by_pk, name="company_by_pk"),
    path("map/", views.company_map, name="company_map"),
    path("map/companies.geojson", views.map_data, name="map_data"),
    path("map/areas.geojson", views.map_areas, name="map_areas"),
    path("wz/", views.wz_browser, name="wz_browser"),
    path("wz/<str:code>/", views.wz_detail, name="wz_detail"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/new/", views.area_edit, name="area_create"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("areas/districts/import/", views.district_import, name="district_import"),
    path("areas/<int:pk>/postcodes/", views.postcode_import, name="postcode_import"),
    path("areas/place/", views.place_now, name="place_now"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<uuid:public_id>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:public_id>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<uuid:public_id>/apply/", views.import_apply, name="import_apply"),
    path("imports/<uuid:public_id>/check/", views.import_recheck, name="import_recheck"),
    path("search/", views.company_search, name="company_search"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("merge/<uuid:keep_id>/<uuid:remove_id>/", views.company_merge, name="company_merge"),
    path(
        "duplicates/<uuid:first_id>/<uuid:second_id>/different/",
        views.not_duplicate,
        name="not_duplicate",
    ),
    path(
        "duplicates/decisions/<int:pk>/withdraw/",
        views.not_duplicate_withdraw,
        name="not_duplicate_withdraw",
    ),
    path("<uuid:public_id>/", views.company_detail, name="company_detail"),
    path("<uuid:public_id>/edit/", views.company_edit, name="company_edit"),
    path("<uuid:public_id>/contacts/new/", views.contact_edit, name="contact_create"),
    path("<uuid:public_id>/contacts/<int:contact_id>/", views.contact_edit, name="contact_edit"),
]

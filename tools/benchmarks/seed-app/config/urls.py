"""The seed's one route: POST /api/v1/events/ (plus the admin a stock project carries)."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("events.urls")),
]

"""The admin and the REST API the annotation screen reads and writes through (no GraphQL)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [path("admin/", admin.site.urls), path("api/v1/", include("api.rest.urls"))]

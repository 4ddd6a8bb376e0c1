"""The admin and the REST API the annotation screen reads and writes through (no GraphQL), and its language routes."""

from django.contrib import admin
from django.urls import include, path

from config.urls import i18n_urlpatterns

urlpatterns = [path("admin/", admin.site.urls), path("api/v1/", include("api.rest.urls")), *i18n_urlpatterns]

"""Only the admin, so these tests do not depend on the API packages' routes."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]

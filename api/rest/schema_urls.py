"""The URLconf the OpenAPI generator walks: only the REST API, under /api/v1/."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("api.rest.urls"))]

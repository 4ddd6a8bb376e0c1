from django.contrib import admin
from django.urls import include, path

from api.graphql.views import ArgmapGraphQLView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.rest.urls")),
    path("graphql/", ArgmapGraphQLView.as_view(), name="graphql"),
]

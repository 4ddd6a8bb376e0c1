from django.contrib import admin
from django.urls import include, path

from api.graphql.views import ArgmapGraphQLView
from ui.front import front_page

urlpatterns = [
    path("", front_page, name="front"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.rest.urls")),
    path("graphql/", ArgmapGraphQLView.as_view(), name="graphql"),
]

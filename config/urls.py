from django.contrib import admin
from django.urls import path

from api.graphql.views import ArgmapGraphQLView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql/", ArgmapGraphQLView.as_view(), name="graphql"),
]

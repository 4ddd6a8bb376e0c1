from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from api.graphql.views import ArgmapGraphQLView
from ui.front import front_page

#: The screens' language: the switcher posts to ``set_language``; the modules read their strings from ``jsi18n``.
i18n_urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["ui"]), name="jsi18n"),
]

#: The APIs first: their prefixes share nothing with the screens', so the order only saves the tries.
urlpatterns = [
    path("api/v1/", include("api.rest.urls")),
    path("graphql/", ArgmapGraphQLView.as_view(), name="graphql"),
    path("", front_page, name="front"),
    path("admin/", admin.site.urls),
    *i18n_urlpatterns,
]

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view, schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from argmap.errors import NotFound

from .base import ArgmapView

RESOURCES = [
    "workspaces",
    "documents",
    "maps",
    "statements",
    "scheme-applications",
    "edges",
    "anchors",
    "sources",
    "evidence-links",
    "schemes",
    "tags",
    "comments",
    "assessments",
]


class ApiRootView(ArgmapView, APIView):
    """Where everything is."""

    @extend_schema(exclude=True)
    def get(self, request):
        base = reverse("rest:root", request=request)
        links = {name: f"{base}{name}/" for name in RESOURCES}
        links |= {
            "search": f"{base}search/",
            "reviews": f"{base}reviews/",
            "schema": f"{base}schema/",
            "docs": f"{base}docs/",
        }
        return Response(links)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@schema(None)
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/v1/ answer with a problem document too, not an HTML page."""
    raise NotFound(f"There is no {request.path} in this API.")


@extend_schema(exclude=True)
class SchemaView(SpectacularAPIView):
    """The OpenAPI document of the REST API (not itself an operation of it)."""

    urlconf = "api.rest.schema_urls"

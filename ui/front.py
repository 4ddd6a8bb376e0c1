"""The front page: the way in for an annotator, an API client and a reader of the public maps."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.urls import reverse

from argmap.selectors.access import visible_maps_for


def front_page(request):
    maps = visible_maps_for(request.user).select_related("workspace").order_by("name")
    rows = [
        {
            "map": m,
            "graph": reverse("rest:map-graph", args=[m.pk]),
            "picture": reverse("rest:map-export", args=[m.pk]) + "?format=svg",
            "argdown": reverse("rest:map-export", args=[m.pk]) + "?format=argdown",
            "aif": reverse("rest:map-export", args=[m.pk]) + "?format=aif",
        }
        for m in maps
    ]
    context = {
        "rows": rows,
        "links": {
            "annotate": reverse("admin:argmap_annotation_index"),
            "admin": reverse("admin:index"),
            "rest_docs": reverse("rest:docs"),
            "openapi": reverse("rest:schema"),
            "graphql": reverse("graphql"),
        },
    }
    return TemplateResponse(request, "argmap/front.html", context)

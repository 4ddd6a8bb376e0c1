from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.selectors.access import visible_maps_for
from argmap.selectors.search import KINDS, MAX_LIMIT, MAX_QUERY_LENGTH, search

from ..filters import parse_uuid
from .base import ArgmapView


class SearchHit(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(KINDS))
    id = serializers.UUIDField()
    workspace = serializers.UUIDField()
    map = serializers.UUIDField(allow_null=True, help_text="For statements: their map.")
    title = serializers.CharField(help_text="A statement's text (shortened), a document's or a source's title.")
    kind = serializers.CharField(required=False, help_text="Statements: claim, premise, rebuttal or evidence.")
    status = serializers.CharField(required=False, help_text="Statements: their review status.")
    field = serializers.CharField(help_text="Where the match is: text, gloss, title or citation.")
    snippet = serializers.CharField(help_text="The text around the first match.")
    snippet_start = serializers.IntegerField(help_text="Offset of the snippet in the field (code points).")
    start = serializers.IntegerField(
        allow_null=True, help_text="Offset of the first match in the field, in Unicode code points."
    )
    end = serializers.IntegerField(allow_null=True)


class SearchResult(serializers.Serializer):
    q = serializers.CharField()
    results = SearchHit(many=True)


class SearchView(ArgmapView, APIView):
    """Find statements (text, English gloss), documents (title, text) and sources by substring.

    Case-insensitive; works inside Japanese text (no word boundaries needed,
    e.g. ``安定・不安定逆説``); whitespace separates terms that must all occur.
    Only what you may see is searched. For a document, ``start``/``end`` are
    code-point offsets into its text, usable as an anchor's TextPositionSelector.
    """

    #: ``?map=`` names a map, which may not exist or be visible: 404 is one of its answers.
    names_objects_in_query = True

    @extend_schema(
        tags=["search"],
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": r"^[^\x00]*[^\s\x00][^\x00]*$"},
                required=True,
                description="What to look for: terms separated by whitespace (at least one; no NUL).",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50},
                description=f"At most this many hits (1–{MAX_LIMIT}, default 50).",
            ),
            OpenApiParameter(
                "type", str, enum=list(KINDS), description="Only this kind of hit (repeatable).", many=True
            ),
            OpenApiParameter("map", OpenApiTypes.UUID, description="Only statements and documents of this map (id)."),
        ],
        responses=SearchResult,
    )
    def get(self, request):
        params = request.query_params
        for name in ("q", "limit", "map"):
            if len(params.getlist(name)) > 1:
                raise ValidationError({name: ["Give this parameter once."]})
        limit = _limit(params.get("limit", "50"))
        kinds = tuple(params.getlist("type")) or KINDS
        argument_map = None
        if "map" in params:
            argument_map = self.referenced(
                visible_maps_for(request.user), _uuid(params["map"]), field="map", noun="map"
            )
        hits = search(user=request.user, q=params.get("q", ""), limit=limit, kinds=kinds, argument_map=argument_map)
        results = [
            {("workspace" if k == "workspace_id" else "map" if k == "map_id" else k): v for k, v in hit.items()}
            for hit in hits
        ]
        return Response({"q": params.get("q", ""), "results": results})


def _limit(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({"limit": [f"must be an integer from 1 to {MAX_LIMIT}."]}) from None


def _uuid(raw: str):
    try:
        return parse_uuid(raw)
    except ValueError as exc:
        raise ValidationError({"map": [str(exc)]}) from None

"""Suggestions from argument-mining pipelines over REST.

``POST maps/{id}/suggestions/`` (a pipeline's batch, all or nothing, idempotent by key),
``GET maps/{id}/suggestions/`` (the pending ones), ``POST …/suggestions/accept/`` and ``…/dismiss/``
(by ids or by a confidence threshold) and ``GET …/suggestions/outcomes/`` (what the team did with them).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.errors import InvalidInput
from argmap.selectors.access import Action, visible_documents_for, visible_maps_for
from argmap.selectors.suggestions import (
    INCLUDE_SUGGESTIONS,
    include_requested,
    suggestion_outcomes,
    suggestions_asked,
    suggestions_of,
)
from argmap.services.suggestions import accept_suggestions, dismiss_suggestions, write_suggestion_batch

from ..renderers import FastJSONRenderer
from ..serializers.suggestions import (
    SuggestionBatchCreate,
    SuggestionBatchResult,
    SuggestionChoice,
    SuggestionDecisionResult,
    SuggestionList,
    SuggestionOutcome,
)
from .base import ArgmapView

#: ``?include=suggestions`` on the graph, evaluation, export and neighbourhood reads.
INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    required=False,
    enum=[INCLUDE_SUGGESTIONS],
    description="`suggestions`: count pipelines' pending suggestions too (members only; ignored for others).",
)


def include_suggestions(request, scope) -> bool:
    """Whether this read includes pending suggestions (``?include=suggestions``, for members); ``include`` is
    parsed once, and ``scope`` (the map or statement, or a function reading it) read only when it asks."""
    return suggestions_asked(request.user, scope, include_requested(request.query_params.getlist("include")))


PIPELINE_FILTERS = [
    OpenApiParameter("pipeline", OpenApiTypes.STR, required=False, description="Only this pipeline's (by name)."),
    OpenApiParameter("version", OpenApiTypes.STR, required=False, description="Only this model version's."),
]


class SuggestionMapView(ArgmapView, APIView):
    object_etag = False

    def argument_map(self, pk, action: Action):
        argument_map = self.referenced(visible_maps_for(self.request.user), pk, field="id", noun="map")
        self.authorize(action, argument_map)
        return argument_map

    def pipeline_filters(self) -> dict:
        params = self.request.query_params
        filters = {"pipeline": params.get("pipeline") or None, "version": params.get("version") or None}
        if params.get("min_confidence") not in (None, ""):
            try:
                filters["min_confidence"] = float(params["min_confidence"])
            except ValueError:
                raise InvalidInput("min_confidence must be a number from 0 to 1.", field="min_confidence") from None
            if not 0 <= filters["min_confidence"] <= 1:
                raise InvalidInput("min_confidence must be a number from 0 to 1.", field="min_confidence")
        return filters


class SuggestionsView(SuggestionMapView):
    renderer_classes = [FastJSONRenderer]

    @extend_schema(
        tags=["suggestions"],
        operation_id="maps_suggestions_list",
        parameters=[
            *PIPELINE_FILTERS,
            OpenApiParameter("min_confidence", OpenApiTypes.FLOAT, required=False, description="At least this, 0–1."),
        ],
        responses={200: SuggestionList},
    )
    def get(self, request, pk):
        """The map's pending suggestions (members only), most confident first: statements with their anchors and
        boundary confidences, relations with their ends. A fixed number of queries."""
        argument_map = self.argument_map(pk, Action.SEE_SUGGESTIONS)
        filters = self.pipeline_filters()
        return Response(suggestions_of(argument_map=argument_map, **filters), headers={"Vary": "Authorization, Cookie"})

    @extend_schema(
        tags=["suggestions"],
        operation_id="maps_suggestions_create",
        request=SuggestionBatchCreate,
        responses={201: SuggestionBatchResult, 200: SuggestionBatchResult},
    )
    def post(self, request, pk):
        """A pipeline's batch of suggested spans and relations for one document, with its own token (role
        ``pipeline``): every span and relation is written, or (one invalid) none. The same pipeline, version,
        document and ``key`` again writes nothing and answers 200 with the first answer; a span this version
        had dismissed is skipped and listed in ``skipped``. Offsets count code points."""
        argument_map = self.argument_map(pk, Action.SUGGEST)
        data = self.parse(SuggestionBatchCreate)
        document = self.referenced(
            visible_documents_for(request.user).filter(maps=argument_map),
            data["document"],
            field="document",
            noun="document of this map",
        )
        result = write_suggestion_batch(
            actor=request.user,
            argument_map=argument_map,
            document=document,
            pipeline_name=data["pipeline"]["name"],
            pipeline_version=data["pipeline"]["version"],
            parameters=data["pipeline"]["parameters"],
            key=data["key"],
            spans=[dict(span) for span in data["spans"]],
            relations=[dict(relation) for relation in data["relations"]],
        )
        return Response(result.as_dict(), status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class SuggestionDecisionView(SuggestionMapView):
    decide = None

    def post(self, request, pk):
        argument_map = self.argument_map(pk, Action.TAKE_UP)
        data = self.parse(SuggestionChoice)
        result = type(self).decide(
            actor=request.user,
            argument_map=argument_map,
            node_ids=data.get("ids"),
            min_confidence=data.get("min_confidence"),
            pipeline=data.get("pipeline"),
            version=data.get("version"),
        )
        return Response(result.as_dict())


class SuggestionAcceptView(SuggestionDecisionView):
    decide = staticmethod(accept_suggestions)

    @extend_schema(
        tags=["suggestions"],
        operation_id="maps_suggestions_accept",
        request=SuggestionChoice,
        responses={200: SuggestionDecisionResult},
    )
    def post(self, request, pk):
        """Accept suggestions: each becomes your draft, its pipeline and confidences kept. By ``ids`` (a relation
        brings the suggested statements it joins), or all at or above ``min_confidence`` (of one ``pipeline`` /
        ``version``). An id that is not a pending suggestion of the map: 404, nothing accepted."""
        return super().post(request, pk)


class SuggestionDismissView(SuggestionDecisionView):
    decide = staticmethod(dismiss_suggestions)

    @extend_schema(
        tags=["suggestions"],
        operation_id="maps_suggestions_dismiss",
        request=SuggestionChoice,
        responses={200: SuggestionDecisionResult},
    )
    def post(self, request, pk):
        """Dismiss suggestions: they leave the map (a relation on a dismissed statement with it), the decision is
        kept, and the same model version never offers those spans again. By ``ids`` or ``min_confidence``."""
        return super().post(request, pk)


class SuggestionOutcomesView(SuggestionMapView):
    renderer_classes = [FastJSONRenderer]

    @extend_schema(
        tags=["suggestions"],
        operation_id="maps_suggestions_outcomes",
        parameters=PIPELINE_FILTERS,
        responses={200: SuggestionOutcome(many=True)},
    )
    def get(self, request, pk):
        """What the team did with each suggestion: ``accepted``, ``edited`` (accepted, then changed: ``edits``),
        ``dismissed`` or ``pending``, with the original ``prediction`` — the training signal. Members only."""
        argument_map = self.argument_map(pk, Action.SEE_SUGGESTIONS)
        filters = self.pipeline_filters()
        filters.pop("min_confidence", None)
        return Response(suggestion_outcomes(argument_map=argument_map, **filters))

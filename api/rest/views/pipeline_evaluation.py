"""``GET /api/v1/maps/{id}/pipeline-evaluation/?pipeline=&version=``: a mining pipeline against the team."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.errors import InvalidInput
from argmap.selectors.access import Action, visible_maps_for
from argmap.selectors.pipeline_evaluation import pipeline_evaluation

from .base import ArgmapView


class ScoresSerializer(serializers.Serializer):
    true_positives = serializers.IntegerField()
    predicted = serializers.IntegerField()
    gold = serializers.IntegerField()
    precision = serializers.FloatField(allow_null=True, help_text="null without predictions")
    recall = serializers.FloatField(allow_null=True, help_text="null without gold units")
    f1 = serializers.FloatField(allow_null=True)


class CriteriaSerializer(serializers.Serializer):
    exact = ScoresSerializer(help_text="Same start and end (code points).")
    overlap = ScoresSerializer(help_text="Shared code points ≥ 0.5 of the longer span.")


class VersionEvaluationSerializer(serializers.Serializer):
    version = serializers.CharField()
    parameters = serializers.JSONField()
    documents = serializers.ListField(child=serializers.CharField(), help_text="The documents this version ran on.")
    predicted_statements_by_outcome = serializers.DictField(child=serializers.IntegerField())
    spans = CriteriaSerializer()
    labelled_spans = CriteriaSerializer(help_text="Spans whose statement kind also agrees.")
    relations = CriteriaSerializer(help_text="Support/attack with both ends matched by the span criterion.")


class PipelineEvaluationSerializer(serializers.Serializer):
    map = serializers.CharField()
    pipeline = serializers.CharField()
    overlap_threshold = serializers.FloatField()
    overlap = serializers.CharField()
    gold = serializers.CharField(help_text="What counts as the team's annotation.")
    predictions = serializers.CharField(help_text="What counts as the pipeline's prediction.")
    versions = VersionEvaluationSerializer(many=True)


class PipelineEvaluationView(ArgmapView, APIView):
    object_etag = False

    @extend_schema(
        tags=["evaluation"],
        operation_id="maps_pipeline_evaluation",
        parameters=[
            OpenApiParameter("pipeline", OpenApiTypes.STR, required=True, description="The pipeline's name."),
            OpenApiParameter(
                "version", OpenApiTypes.STR, required=False, description="One model version (default: every one)."
            ),
        ],
        responses={200: PipelineEvaluationSerializer},
    )
    def get(self, request, pk):
        """Precision, recall and F1 of a pipeline's predicted spans (exact, and overlap ≥ 0.5 of the longer span,
        in code points), of spans with their kind, and of support/attack relations, against the statements and
        relations the team accepted, per model version. Members of the map's workspace only (suggestions are
        their working material). Definitions: docs/mining.md."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        self.authorize(Action.SEE_SUGGESTIONS, argument_map)
        name = (request.query_params.get("pipeline") or "").strip()
        if not name:
            raise InvalidInput("Name the pipeline (?pipeline=<name>).", field="pipeline")
        version = (request.query_params.get("version") or "").strip() or None
        return Response(
            pipeline_evaluation(argument_map=argument_map, pipeline=name, version=version, user=request.user)
        )

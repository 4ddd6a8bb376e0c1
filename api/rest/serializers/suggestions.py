"""Suggestions from argument-mining pipelines over REST: the batch a pipeline sends, what people do with it.

Shapes only: every rule (offsets, confidences, ends, idempotency) is the service's
(:mod:`argmap.services.suggestions`), so REST and GraphQL refuse the same batches the same way.
"""

from rest_framework import serializers

from argmap.models import ReviewStatus, StatementKind

from .anchors import OFFSETS
from .common import StrictInputSerializer

CONFIDENCE = "0–1; null when the pipeline gives none."


def _confidence(help_text: str = CONFIDENCE):
    return serializers.FloatField(
        min_value=0, max_value=1, required=False, allow_null=True, default=None, help_text=help_text
    )


class PipelineReference(StrictInputSerializer):
    name = serializers.CharField(max_length=120)
    version = serializers.CharField(max_length=120)
    parameters = serializers.DictField(required=False, default=dict, help_text="Kept on first registration.")


class SuggestedSpan(StrictInputSerializer):
    key = serializers.CharField(max_length=200, help_text="The client's key for this span, unique in the batch.")
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    start = serializers.IntegerField(min_value=0, help_text=OFFSETS)
    end = serializers.IntegerField(min_value=0, help_text=OFFSETS)
    confidence = _confidence()
    start_confidence = _confidence("Confidence in the start boundary, 0–1.")
    end_confidence = _confidence("Confidence in the end boundary, 0–1.")


class SuggestedRelation(StrictInputSerializer):
    key = serializers.CharField(max_length=200, help_text="The client's key for this relation, unique in the batch.")
    type = serializers.ChoiceField(choices=["support", "attack"])
    locals()["from"] = serializers.CharField(help_text="A span key of this batch, or the id of a statement of the map.")
    to = serializers.CharField(help_text="A span key of this batch, or the id of a statement of the map.")
    confidence = _confidence()
    scheme = serializers.CharField(
        required=False, allow_null=True, default=None, help_text="An inference scheme's key (supports only)."
    )


class SuggestionBatchCreate(StrictInputSerializer):
    pipeline = PipelineReference()
    document = serializers.UUIDField(help_text="A document of the map.")
    key = serializers.CharField(
        max_length=200, help_text="The client's batch key: the same (pipeline, version, document, key) writes once."
    )
    spans = SuggestedSpan(many=True)
    relations = SuggestedRelation(many=True, required=False, default=list)


class Skipped(serializers.Serializer):
    key = serializers.CharField()
    reason = serializers.ChoiceField(choices=["dismissed", "already_suggested", "endpoint_skipped"])


class SuggestionBatchResult(serializers.Serializer):
    batch = serializers.UUIDField()
    statements = serializers.DictField(child=serializers.UUIDField(), help_text="Span key → statement id.")
    scheme_applications = serializers.DictField(
        child=serializers.UUIDField(), help_text="Relation key → scheme application id."
    )
    skipped = Skipped(many=True)


class PipelineName(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()


class SuggestionSpan(serializers.Serializer):
    document = serializers.UUIDField(allow_null=True)
    start = serializers.IntegerField(allow_null=True, help_text=OFFSETS)
    end = serializers.IntegerField(allow_null=True, help_text=OFFSETS)
    start_confidence = serializers.FloatField(allow_null=True)
    end_confidence = serializers.FloatField(allow_null=True)


class SuggestedAnchor(SuggestionSpan):
    id = serializers.UUIDField()
    exact = serializers.CharField()


class SuggestedStatement(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=[ReviewStatus.SUGGESTED.value])
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    text = serializers.CharField()
    confidence = serializers.FloatField(allow_null=True)
    pipeline = PipelineName()
    anchors = SuggestedAnchor(many=True)
    created_at = serializers.DateTimeField()


class RelationFields(serializers.Serializer):
    type = serializers.CharField(help_text="support or attack (or the scheme type of another application).")
    scheme_type = serializers.CharField()
    scheme = serializers.CharField(allow_null=True)
    locals()["from"] = serializers.CharField(allow_null=True, help_text="The (first) premise or the attacker.")
    premises = serializers.ListField(child=serializers.CharField())
    to = serializers.CharField(allow_null=True)


class SuggestedApplication(RelationFields):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=[ReviewStatus.SUGGESTED.value])
    confidence = serializers.FloatField(allow_null=True)
    pipeline = PipelineName()
    created_at = serializers.DateTimeField()


class SuggestionList(serializers.Serializer):
    statements = SuggestedStatement(many=True)
    scheme_applications = SuggestedApplication(many=True)


class SuggestionChoice(StrictInputSerializer):
    """Either ``ids`` or ``min_confidence``; ``pipeline`` (a name) and ``version`` narrow either."""

    exactly_one_of = ("ids", "min_confidence")

    ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, allow_null=True, allow_empty=False, max_length=5000
    )
    min_confidence = serializers.FloatField(min_value=0, max_value=1, required=False, allow_null=True)
    pipeline = serializers.CharField(required=False)
    version = serializers.CharField(required=False)

    def validate(self, attrs):
        attrs = {name: value for name, value in attrs.items() if value is not None}
        if ("ids" in attrs) == ("min_confidence" in attrs):
            raise serializers.ValidationError({"ids": ["Give either ids or min_confidence."]})
        return attrs


class SuggestionDecisionResult(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["accepted", "dismissed"])
    statements = serializers.ListField(child=serializers.UUIDField())
    scheme_applications = serializers.ListField(child=serializers.UUIDField())
    count = serializers.IntegerField()


class SuggestionOutcome(serializers.Serializer):
    id = serializers.UUIDField(help_text="The suggested node's id (kept when it is gone).")
    node_type = serializers.ChoiceField(choices=["statement", "scheme_application"])
    pipeline = PipelineName()
    outcome = serializers.ChoiceField(choices=["accepted", "edited", "dismissed", "pending"])
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    prediction = serializers.DictField(help_text="The node as the pipeline predicted it.")
    current = serializers.DictField(allow_null=True, help_text="Accepted: the node now (null if deleted since).")
    edits = serializers.DictField(help_text="What changed since the acceptance: field → {from, to}.")

from rest_framework import serializers

from argmap.models import Illocution, ReviewStatus, StatementKind

from .common import AuthoredOutput, FieldsBoundOnce, StrictInputSerializer, TagSlugsField, tag_slugs


class StatementOutput(FieldsBoundOnce, AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    map = serializers.UUIDField(source="map_id", read_only=True)
    key = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=StatementKind.choices, read_only=True)
    text = serializers.CharField(read_only=True)
    gloss = serializers.CharField(read_only=True, help_text="English gloss.")
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    status_reason = serializers.CharField(read_only=True)
    implicit = serializers.BooleanField(read_only=True)
    speaker = serializers.UUIDField(
        source="speaker_id", read_only=True, allow_null=True, help_text="The participant; null: the document's author."
    )
    illocution = serializers.ChoiceField(choices=Illocution.choices, read_only=True)
    tags = serializers.SerializerMethodField()

    def get_tags(self, statement) -> list[str]:
        selected = getattr(statement, "tag_slugs", None)
        return selected if selected is not None else tag_slugs(statement)


class StatementCreate(StrictInputSerializer):
    map = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    text = serializers.CharField(trim_whitespace=False)
    gloss = serializers.CharField(required=False, allow_blank=True, default="")
    implicit = serializers.BooleanField(required=False, default=False)
    key = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    tags = TagSlugsField(required=False, default=list)
    speaker = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A participant of the map's workspace; null: the author.",
    )
    illocution = serializers.ChoiceField(choices=Illocution.choices, required=False, default=Illocution.ASSERTING)


class ReviewFields(StrictInputSerializer):
    #: A review is its own change: with ``status`` (which ``status_reason`` needs), no other field.
    alone_with_status = ("status", "status_reason")

    status = serializers.ChoiceField(
        choices=ReviewStatus.choices,
        help_text="Authors move their work between draft and proposed; reviewers accept or reject (with a reason).",
    )
    status_reason = serializers.CharField(allow_blank=True)


class StatementUpdate(ReviewFields):
    """Content fields, or ``status`` (+ ``status_reason``) alone: a review is its own change."""

    kind = serializers.ChoiceField(choices=StatementKind.choices)
    text = serializers.CharField(trim_whitespace=False)
    gloss = serializers.CharField(allow_blank=True)
    implicit = serializers.BooleanField()
    key = serializers.CharField(max_length=120, allow_blank=True)
    tags = TagSlugsField()
    speaker = serializers.UUIDField(allow_null=True, help_text="A participant of the workspace; null: the author.")
    illocution = serializers.ChoiceField(choices=Illocution.choices)


class ReviewedNode(StrictInputSerializer):
    id = serializers.UUIDField(help_text="A statement or scheme application.")
    version = serializers.IntegerField(min_value=1, help_text="The version you reviewed (its ETag).")


class ReviewRequest(StrictInputSerializer):
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    nodes = serializers.ListField(child=ReviewedNode(), allow_empty=False, max_length=500)


class ReviewedOutput(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReviewStatus.choices)


class ReviewResult(serializers.Serializer):
    reviewed = ReviewedOutput(many=True)

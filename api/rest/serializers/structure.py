from rest_framework import serializers

from argmap.models import EdgeRole, ReviewStatus, SchemeType

from .common import AuthoredOutput, StrictInputSerializer, tag_slugs
from .statements import ReviewFields

CONFLICT_KINDS = [("rebut", "rebut"), ("undermine", "undermine"), ("undercut", "undercut")]


class SchemeApplicationOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    map = serializers.UUIDField(source="map_id", read_only=True)
    key = serializers.CharField(read_only=True)
    type = serializers.ChoiceField(choices=SchemeType.choices, read_only=True)
    scheme = serializers.SerializerMethodField(help_text="The argumentation scheme's key, or null.")
    note = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    status_reason = serializers.CharField(read_only=True)
    conflict_kind = serializers.SerializerMethodField(
        help_text="For conflicts: rebut, undermine or undercut; null when you may not see what it attacks."
    )
    tags = serializers.SerializerMethodField()

    def get_scheme(self, application) -> str | None:
        return application.scheme.key if application.scheme_id else None

    def get_conflict_kind(self, application) -> str | None:
        return self.context.get("conflict_kinds", {}).get(application.pk)

    def get_tags(self, application) -> list[str]:
        return tag_slugs(application)


class SchemeApplicationCreate(StrictInputSerializer):
    map = serializers.UUIDField()
    type = serializers.ChoiceField(choices=SchemeType.choices)
    scheme = serializers.SlugField(required=False, allow_null=True, default=None, help_text="A scheme key.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    key = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class SchemeApplicationUpdate(ReviewFields):
    scheme = serializers.SlugField(allow_null=True, help_text="A scheme key, or null.")
    note = serializers.CharField(allow_blank=True)
    key = serializers.CharField(max_length=120, allow_blank=True)


class EdgeOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    map = serializers.UUIDField(source="map_id", read_only=True)
    application = serializers.UUIDField(source="application_id", read_only=True)
    role = serializers.ChoiceField(choices=EdgeRole.choices, read_only=True)
    statement = serializers.UUIDField(source="statement_id", read_only=True, allow_null=True)
    other_application = serializers.UUIDField(source="other_application_id", read_only=True, allow_null=True)


class EdgeCreate(StrictInputSerializer):
    application = serializers.UUIDField(help_text="The scheme application (S-node) the edge belongs to.")
    role = serializers.ChoiceField(choices=EdgeRole.choices)
    statement = serializers.UUIDField(required=False, allow_null=True, default=None)
    other_application = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Instead of a statement: e.g. the undercut inference."
    )
    confirm_cycle = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Create the support even though it closes a cycle of support (409 otherwise).",
    )


class CreatedStructure(serializers.Serializer):
    """What a convenience write made: the scheme application and its edges."""

    scheme_application = SchemeApplicationOutput()
    edges = EdgeOutput(many=True)

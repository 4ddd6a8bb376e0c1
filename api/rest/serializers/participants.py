from rest_framework import serializers

from argmap.models import ParticipantKind

from .common import AuthoredOutput, StrictInputSerializer


class ParticipantOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    key = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ParticipantKind.choices, read_only=True)
    description = serializers.CharField(read_only=True)
    source = serializers.UUIDField(source="source_id", read_only=True, allow_null=True)


class ParticipantFields(StrictInputSerializer):
    key = serializers.CharField(max_length=120, allow_blank=True)
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=ParticipantKind.choices)
    description = serializers.CharField(allow_blank=True)
    source = serializers.UUIDField(allow_null=True, help_text="A source of the same workspace, or null.")


class ParticipantCreate(ParticipantFields):
    workspace = serializers.UUIDField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in {"workspace", "name"}:
                field.required = False

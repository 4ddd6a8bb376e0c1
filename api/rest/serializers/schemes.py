from rest_framework import serializers

from .common import AuthoredOutput, StrictInputSerializer


class CriticalQuestionOutput(serializers.Serializer):
    position = serializers.IntegerField(read_only=True)
    key = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    text_ja = serializers.CharField(read_only=True, help_text="The question in Japanese.")


class SchemeOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    key = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_ja = serializers.CharField(read_only=True, help_text="The scheme's name in Japanese.")
    applies_to = serializers.CharField(
        read_only=True, help_text="The scheme application type it fits: inference or conflict."
    )
    description = serializers.CharField(read_only=True)
    premise_templates = serializers.ListField(child=serializers.CharField(), read_only=True)
    conclusion_template = serializers.CharField(read_only=True)
    critical_questions = CriticalQuestionOutput(many=True, read_only=True)


class TagOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    slug = serializers.SlugField(read_only=True)
    label = serializers.CharField(read_only=True)
    colour = serializers.CharField(read_only=True)


class TagUpdate(StrictInputSerializer):
    slug = serializers.SlugField(max_length=80)
    label = serializers.CharField(max_length=120, allow_blank=True)
    colour = serializers.RegexField(r"^(#[0-9a-fA-F]{6})?$", allow_blank=True, help_text="#rrggbb")


class TagCreate(TagUpdate):
    workspace = serializers.UUIDField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("label", "colour"):
            self.fields[name].required = False

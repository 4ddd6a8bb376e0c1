from rest_framework import serializers

from argmap.models import Visibility

from .common import AuthoredOutput, StrictInputSerializer


class MapOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    key = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, read_only=True)
    documents = serializers.SerializerMethodField(help_text="Ids of the documents the map's statements anchor into.")

    def get_documents(self, argument_map) -> list[str]:
        return [str(document.pk) for document in argument_map.documents.all()]


class MapCreate(StrictInputSerializer):
    workspace = serializers.UUIDField()
    name = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False, default=Visibility.PRIVATE)
    key = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    documents = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)


class MapUpdate(StrictInputSerializer):
    name = serializers.CharField(max_length=300)
    description = serializers.CharField(allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    key = serializers.CharField(max_length=120, allow_blank=True)


class AttachDocument(StrictInputSerializer):
    document = serializers.UUIDField()


class ArgumentCreate(StrictInputSerializer):
    premises = serializers.ListField(child=serializers.UUIDField(), allow_empty=False, max_length=100)
    conclusion = serializers.UUIDField()
    scheme = serializers.SlugField(required=False, allow_null=True, default=None, help_text="A scheme key.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    key = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    confirm_cycle = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Create the support even though it closes a cycle of support (409 otherwise).",
    )


class AttackCreate(StrictInputSerializer):
    attacker = serializers.UUIDField(help_text="The attacking statement.")
    target = serializers.UUIDField(
        help_text="A statement (rebut or undermine) or a scheme application such as an inference (undercut)."
    )
    scheme = serializers.SlugField(required=False, allow_null=True, default=None, help_text="A scheme key.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    key = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")

from rest_framework import serializers


class DeletedNode(serializers.Serializer):
    """A deleted statement or scheme application; ``POST /api/v1/changes/{batch}/revert/`` restores it."""

    id = serializers.IntegerField(help_text="The history row of the deletion.")
    batch = serializers.UUIDField(help_text="The deletion's history batch: revert it to restore the node.")
    entity = serializers.ChoiceField(choices=["statement", "scheme_application"])
    entity_id = serializers.UUIDField()
    kind = serializers.CharField(help_text="A statement's kind, or a scheme application's type.")
    text = serializers.CharField(help_text="A statement's text, or a scheme application's scheme name and note.")
    deleted_by = serializers.CharField(help_text="Username of who deleted it (empty for an import or a command).")
    deleted_at = serializers.DateTimeField()
    restorable = serializers.BooleanField(help_text="Whether you may revert the deletion (your role allows it).")

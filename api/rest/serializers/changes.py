"""The change feed's shapes, for OpenAPI: events rendered from :mod:`argmap.selectors.changes`."""

from rest_framework import serializers

from argmap.models import ChangeAction


class FeedChange(serializers.Serializer):
    id = serializers.IntegerField()
    entity = serializers.CharField(help_text="statement, schemeapplication, edge, anchor, argumentmap, …")
    entity_id = serializers.CharField()
    action = serializers.ChoiceField(choices=ChangeAction.choices)
    before = serializers.JSONField(allow_null=True, help_text="The row before (null for create).")
    after = serializers.JSONField(allow_null=True, help_text="The row after (null for delete).")


class FeedEvent(serializers.Serializer):
    id = serializers.UUIDField(help_text="The write (history batch): POST /changes/{id}/revert/ undoes it.")
    cursor = serializers.CharField(help_text="Opaque and stable: ?after=<cursor> resumes after this event.")
    map = serializers.UUIDField(allow_null=True)
    workspace = serializers.UUIDField(allow_null=True)
    actor = serializers.IntegerField(allow_null=True)
    actor_username = serializers.CharField()
    at = serializers.DateTimeField()
    summary = serializers.CharField()
    change_count = serializers.IntegerField(help_text="Changes of this write you may see.")
    truncated = serializers.BooleanField(help_text="True when only the first 500 changes are listed.")
    changes = FeedChange(many=True)


class FeedPage(serializers.Serializer):
    results = FeedEvent(many=True)
    cursor = serializers.CharField(help_text="Resume here: the last event's cursor, or the one you sent.")
    next = serializers.URLField(allow_null=True, help_text="The next page when this one was full, else null.")


def render_event(event) -> dict:
    return event.document()

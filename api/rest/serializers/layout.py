from rest_framework import serializers

from argmap.services.layout import COORDINATE_LIMIT, MOVE_LIMIT

from .common import StrictInputSerializer


class NodePositionOut(serializers.Serializer):
    node = serializers.UUIDField(help_text="A statement or scheme application of the map.")
    family = serializers.ChoiceField(choices=["statement", "application"])
    x = serializers.FloatField(help_text="Canvas model coordinate of the node's centre.")
    y = serializers.FloatField()
    updated_by = serializers.CharField(allow_null=True, help_text="Username of who placed it last.")
    updated_at = serializers.DateTimeField()


class MapLayout(serializers.Serializer):
    """Where the map's nodes sit on the annotation canvas; nodes not listed are laid out automatically."""

    map = serializers.UUIDField()
    positions = NodePositionOut(many=True)


class NodePositionIn(StrictInputSerializer):
    node = serializers.UUIDField(help_text="A statement or scheme application of the map.")
    x = serializers.FloatField(min_value=-COORDINATE_LIMIT, max_value=COORDINATE_LIMIT)
    y = serializers.FloatField(min_value=-COORDINATE_LIMIT, max_value=COORDINATE_LIMIT)


class MapLayoutUpdate(StrictInputSerializer):
    positions = NodePositionIn(many=True, allow_empty=False, max_length=MOVE_LIMIT)

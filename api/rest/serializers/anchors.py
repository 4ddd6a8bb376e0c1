from rest_framework import serializers

from argmap.models import AnchorStatus

from .common import AuthoredOutput, StrictInputSerializer

OFFSETS = "Unicode code points of the document's text (not UTF-16 units, not bytes)."


class AnchorOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    map = serializers.UUIDField(source="map_id", read_only=True)
    statement = serializers.UUIDField(source="statement_id", read_only=True)
    document = serializers.UUIDField(source="document_id", read_only=True)
    exact = serializers.CharField(read_only=True)
    prefix = serializers.CharField(read_only=True)
    suffix = serializers.CharField(read_only=True)
    start = serializers.IntegerField(read_only=True, help_text=OFFSETS)
    end = serializers.IntegerField(read_only=True, help_text=OFFSETS)
    status = serializers.ChoiceField(choices=AnchorStatus.choices, read_only=True)


class AnchorCreate(StrictInputSerializer):
    statement = serializers.UUIDField()
    document = serializers.UUIDField()
    exact = serializers.CharField(trim_whitespace=False, help_text="The quoted text (TextQuoteSelector.exact).")
    start = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None, help_text=OFFSETS)
    end = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None, help_text=OFFSETS)
    prefix = serializers.CharField(
        trim_whitespace=False, required=False, allow_blank=True, allow_null=True, default=None
    )
    suffix = serializers.CharField(
        trim_whitespace=False, required=False, allow_blank=True, allow_null=True, default=None
    )


class AnchorMove(StrictInputSerializer):
    exact = serializers.CharField(trim_whitespace=False)
    start = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None, help_text=OFFSETS)
    end = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None, help_text=OFFSETS)

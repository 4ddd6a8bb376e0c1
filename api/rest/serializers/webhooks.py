from rest_framework import serializers

from argmap.models import DeliveryStatus
from argmap.selectors.changes import encode_cursor

from .common import AuthoredOutput, StrictInputSerializer


class WebhookOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    url = serializers.URLField(read_only=True)
    description = serializers.CharField(read_only=True)
    active = serializers.BooleanField(read_only=True)


class WebhookWithSecret(WebhookOutput):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret: shown only here (on creation and rotation); store it now."
    )


class WebhookCreate(StrictInputSerializer):
    url = serializers.CharField(max_length=2000, help_text="http(s) URL that receives the POSTs.")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    active = serializers.BooleanField(required=False, default=True)


class WebhookUpdate(StrictInputSerializer):
    url = serializers.CharField(max_length=2000)
    description = serializers.CharField(max_length=200, allow_blank=True)
    active = serializers.BooleanField()


class WebhookDeliveryOutput(serializers.Serializer):
    id = serializers.UUIDField(read_only=True, help_text="Sent as X-Argmap-Delivery.")
    webhook = serializers.UUIDField(source="webhook_id", read_only=True)
    cursor = serializers.SerializerMethodField(help_text="The event's feed cursor (X-Argmap-Cursor).")
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)
    attempts = serializers.IntegerField(read_only=True)
    next_attempt_at = serializers.DateTimeField(read_only=True)
    last_attempt_at = serializers.DateTimeField(read_only=True, allow_null=True)
    delivered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    response_status = serializers.IntegerField(read_only=True, allow_null=True)
    error = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def get_cursor(self, delivery) -> str:
        return encode_cursor(delivery.entry_id)

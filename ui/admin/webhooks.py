"""Webhooks in the admin, for workspace owners: register, pause, change, rotate, remove; the delivery log read-only."""

from __future__ import annotations

from django.contrib import admin, messages

from argmap import services
from argmap.errors import DomainError
from argmap.models import Webhook, WebhookDelivery
from argmap.selectors.access import Action
from argmap.selectors.changes import encode_cursor

from .base import AUDIT_FIELDS, DomainAdmin, ReadOnlyAdmin, _any_role_may, scoped_filters


class OwnersOnly:
    """Only owners (who may manage webhooks somewhere) see these pages at all."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) and _any_role_may(request.user, Action.MANAGE_WEBHOOKS)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and _any_role_may(request.user, Action.MANAGE_WEBHOOKS)


@admin.register(Webhook)
class WebhookAdmin(OwnersOnly, DomainAdmin):
    edit_action = Action.MANAGE_WEBHOOKS
    create_action = Action.MANAGE_WEBHOOKS
    fields = ("workspace", "url", "description", "active")
    set_on_creation = ("workspace",)
    readonly_fields = ("secret", *AUDIT_FIELDS)
    list_display = ("url", "workspace", "active", "created_by", "updated_at")
    list_filter = ("active", *scoped_filters("workspace"))
    search_fields = ("url", "description")
    actions = ["rotate_secret"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f != "secret"] if obj is None else fields

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.MANAGE_WEBHOOKS, data["workspace"])
        return services.create_webhook(
            actor=request.user,
            workspace=data["workspace"],
            url=data["url"],
            description=data.get("description", ""),
            active=data.get("active", True),
        )

    def update(self, request, stored, changes, version):
        return services.update_webhook(actor=request.user, webhook=stored, expected_version=version, **changes)

    def delete(self, request, stored, version):
        services.delete_webhook(actor=request.user, webhook=stored, expected_version=version)

    @admin.action(description="Rotate the selected webhooks' signing secrets")
    def rotate_secret(self, request, queryset):
        for webhook in queryset:
            try:
                self.authorize(request, Action.MANAGE_WEBHOOKS, webhook.workspace)
                services.rotate_webhook_secret(actor=request.user, webhook=webhook, expected_version=webhook.version)
            except DomainError as refusal:
                self.message_user(request, f"{webhook}: {refusal.message}", messages.ERROR)
                return
        self.message_user(request, f"{queryset.count()} secret(s) rotated; open a webhook to read its new secret.")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(OwnersOnly, ReadOnlyAdmin):
    list_display = ("created_at", "webhook", "cursor", "status", "attempts", "response_status", "next_attempt_at")
    list_filter = ("status",)
    list_select_related = ("webhook",)
    search_fields = ("id", "webhook__url", "error")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields] + ["cursor"]
    ordering = ("-created_at", "-entry_id")

    @admin.display(description="cursor")
    def cursor(self, delivery) -> str:
        return encode_cursor(delivery.entry_id)

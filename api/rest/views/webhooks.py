"""Webhooks: ``workspaces/{id}/webhooks/`` (owners register, change, rotate and remove them) and the delivery log
``webhooks/{id}/deliveries/``. To anyone but the workspace's owners a webhook does not exist."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.views import APIView

from argmap import services
from argmap.models import Workspace
from argmap.selectors.access import (
    Action,
    visible_webhook_deliveries_for,
    visible_webhooks_for,
    visible_workspaces_for,
)

from ..concurrency import expected_version
from ..serializers.webhooks import (
    WebhookCreate,
    WebhookDeliveryOutput,
    WebhookOutput,
    WebhookUpdate,
    WebhookWithSecret,
)
from .base import ArgmapView, CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs


@resource_docs(tag="webhooks", output=WebhookOutput, update=WebhookUpdate, destroy=True)
class WebhookViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """A workspace's webhooks, for its owners: each feed event of the workspace is POSTed to the URL, signed with
    the webhook's secret (docs/api.md "Webhooks")."""

    serializer_class = WebhookOutput
    create_serializer_class = WebhookCreate
    update_serializer_class = WebhookUpdate
    noun = "webhook"
    #: Listing needs the owner's role (403 for other members), so the schema documents 401/403 on GETs.
    read_needs_role = True

    def workspace(self) -> Workspace:
        if not hasattr(self, "_workspace"):
            self._workspace = self.referenced(
                visible_workspaces_for(self.request.user),
                self.kwargs["workspace_pk"],
                field="workspace",
                noun="workspace",
            )
        return self._workspace

    def visible(self):
        return visible_webhooks_for(self.request.user).filter(workspace=self.workspace())

    def reverse_detail(self, obj):
        return self.request.build_absolute_uri(f"/api/v1/workspaces/{obj.workspace_id}/webhooks/{obj.pk}/")

    def list(self, request, *args, **kwargs):
        self.authorize(Action.MANAGE_WEBHOOKS, self.workspace())
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=["webhooks"], request=WebhookCreate, responses={201: WebhookWithSecret})
    def create(self, request, *args, **kwargs):
        """Register a URL. The answer carries the signing ``secret``, once: store it now (rotate it to get a new
        one). URLs must be http(s); private, loopback and reserved addresses are refused unless the server
        allows them (``ARGMAP_WEBHOOK_ALLOW_PRIVATE``)."""
        workspace = self.workspace()
        self.authorize(Action.MANAGE_WEBHOOKS, workspace)
        data = self.parse(WebhookCreate)
        webhook = services.create_webhook(actor=request.user, workspace=workspace, **data)
        return self.object_response(webhook, WebhookWithSecret(webhook).data, status_code=status.HTTP_201_CREATED)

    def authorize_update(self, obj, data):
        self.authorize(Action.MANAGE_WEBHOOKS, self.workspace())

    def perform_update(self, obj, data, version):
        return services.update_webhook(actor=self.request.user, webhook=obj, expected_version=version, **data)

    def authorize_destroy(self, obj):
        self.authorize(Action.MANAGE_WEBHOOKS, self.workspace())

    def perform_destroy(self, obj, version):
        services.delete_webhook(actor=self.request.user, webhook=obj, expected_version=version)
        return {"webhooks": 1}

    @extend_schema(tags=["webhooks"], request=None, responses={200: WebhookWithSecret})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, *args, **kwargs):
        """A new signing secret (in the answer, once), effective for every delivery sent from now on. ``If-Match``
        is optional here (nothing the client read is overwritten); when sent, a stale version is refused (412)."""
        webhook = self.get_object()
        self.authorize(Action.MANAGE_WEBHOOKS, self.workspace())
        version = expected_version(request, webhook.version) if request.headers.get("If-Match") else webhook.version
        webhook = services.rotate_webhook_secret(actor=request.user, webhook=webhook, expected_version=version)
        return self.object_response(webhook, WebhookWithSecret(webhook).data)


class DeliveryLogPagination(CursorPagination):
    ordering = ("-entry_id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class WebhookDeliveriesView(ArgmapView, APIView):
    object_etag = False

    @extend_schema(
        tags=["webhooks"], operation_id="webhooks_deliveries", responses={200: WebhookDeliveryOutput(many=True)}
    )
    def get(self, request, pk):
        """The webhook's delivery log, newest event first: status (pending, delivered, failed after the last retry,
        skipped when the registering owner may not read the event), attempts, the receiver's HTTP status."""
        webhook = self.referenced(visible_webhooks_for(request.user), pk, field="id", noun="webhook")
        paginator = DeliveryLogPagination()
        page = paginator.paginate_queryset(
            visible_webhook_deliveries_for(request.user).filter(webhook=webhook), request, view=self
        )
        return paginator.get_paginated_response(WebhookDeliveryOutput(page, many=True).data)

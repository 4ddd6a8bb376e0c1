from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from argmap import services
from argmap.models import ArgumentMap
from argmap.selectors.access import Action, visible_documents_for, visible_workspaces_for

from ..concurrency import etag_for, expected_version
from ..filters import Filter, by_updated_since, by_workspace, parse_uuid
from ..serializers.documents import (
    DocumentCreate,
    DocumentDetail,
    DocumentMetadata,
    DocumentSummary,
    DocumentText,
    RevisionOutput,
)
from .base import CreateMixin, ResourceViewSet, UpdateMixin, resource_docs

DOCUMENT_FILTERS = (
    by_workspace(),
    Filter(
        "map",
        lambda map_id: Exists(
            ArgumentMap.documents.through.objects.filter(document_id=OuterRef("pk"), argumentmap_id=map_id)
        ),
        parse_uuid,
        "Only documents of this map.",
    ),
    Filter("language", "language", str, "Only documents in this language (e.g. ja)."),
    Filter("key", "key", str, "Only the document with this key."),
    by_updated_since(),
)


@resource_docs(
    tag="documents",
    output=DocumentDetail,
    list_output=DocumentSummary,
    create=DocumentCreate,
    update=DocumentMetadata,
    filters=DOCUMENT_FILTERS,
)
class DocumentViewSet(CreateMixin, UpdateMixin, ResourceViewSet):
    """Source texts. Lists leave the text out (``text_length`` says how long it is); a document's detail has it.

    Offsets everywhere count Unicode code points of ``text``. Owners and editors
    add documents and change their metadata; the text changes only through
    ``PUT /documents/{id}/text/``, which re-finds every anchor.
    """

    serializer_class = DocumentDetail
    create_serializer_class = DocumentCreate
    update_serializer_class = DocumentMetadata
    filters = DOCUMENT_FILTERS
    noun = "document"
    detail_route = "/api/v1/documents/"
    http_method_names = ("get", "post", "patch", "put", "head", "options")

    def visible(self):
        return visible_documents_for(self.request.user).annotate(text_length=Length("text"))

    def render_many(self, rows):
        return DocumentSummary(rows, many=True, context=self.get_serializer_context()).data

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.defer("text") if self.action == "list" else queryset

    def perform_create(self, data):
        workspace = self.referenced(
            visible_workspaces_for(self.request.user), data.pop("workspace"), field="workspace", noun="workspace"
        )
        self.authorize(Action.MANAGE_MAPS, workspace)
        return services.create_document(actor=self.request.user, workspace=workspace, **data)

    def authorize_update(self, obj, data):
        self.authorize(Action.MANAGE_MAPS, obj)

    def perform_update(self, obj, data, version):
        return services.update_document_metadata(
            actor=self.request.user, document=obj, expected_version=version, **data
        )

    @extend_schema(tags=["documents"], request=DocumentText, responses=RevisionOutput)
    @action(detail=True, methods=["put"], url_path="text")
    def text(self, request, pk=None):
        """Replace the text (normalised NFC/LF); anchors are re-found from their quotes, never silently moved."""
        document = self.get_object()
        data = self.parse(DocumentText)
        self.authorize(Action.MANAGE_MAPS, document)
        version = expected_version(request, document.version)
        counts = services.revise_document_text(
            actor=request.user, document=document, expected_version=version, text=data["text"]
        )
        document = self.reload(document)
        body = {"document": DocumentSummary(document).data, "anchors": counts}
        return Response(body, headers={"ETag": etag_for(document.version)})

from __future__ import annotations

from argmap import services
from argmap.models import AnchorStatus
from argmap.selectors.access import Action, visible_anchors_for, visible_documents_for, visible_statements_for

from ..filters import Filter, by_author, by_map, by_updated_since, choice, parse_uuid
from ..serializers.anchors import AnchorCreate, AnchorMove, AnchorOutput
from .base import CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs

ANCHOR_FILTERS = (
    by_map(),
    Filter("statement", "statement_id", parse_uuid, "Only anchors of this statement."),
    Filter("document", "document_id", parse_uuid, "Only anchors into this document."),
    Filter("status", "status", choice(AnchorStatus.values), "anchored, orphaned or ambiguous."),
    by_author(),
    by_updated_since(),
)


@resource_docs(
    tag="anchors", output=AnchorOutput, create=AnchorCreate, update=AnchorMove, filters=ANCHOR_FILTERS, destroy=True
)
class AnchorViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """Where a statement sits in a document: W3C TextQuoteSelector (exact, prefix, suffix) and
    TextPositionSelector (start, end). Offsets count Unicode code points of the document's text.

    Give ``exact`` with ``start``/``end`` (checked against the text), or ``exact``
    alone when it occurs once. PATCH moves an anchor (and re-anchors an orphaned one).
    """

    serializer_class = AnchorOutput
    create_serializer_class = AnchorCreate
    update_serializer_class = AnchorMove
    filters = ANCHOR_FILTERS
    noun = "anchor"
    detail_route = "/api/v1/anchors/"

    def visible(self):
        return visible_anchors_for(self.request.user)

    def perform_create(self, data):
        user = self.request.user
        statement = self.referenced(
            visible_statements_for(user), data.pop("statement"), field="statement", noun="statement"
        )
        self.authorize(Action.CREATE, statement)
        document = self.referenced(visible_documents_for(user), data.pop("document"), field="document", noun="document")
        return services.create_anchor(actor=user, statement=statement, document=document, **data)

    def perform_update(self, obj, data, version):
        return services.move_anchor(
            actor=self.request.user,
            anchor=obj,
            expected_version=version,
            exact=data.get("exact", obj.exact),
            start=data.get("start"),
            end=data.get("end"),
        )

    def perform_destroy(self, obj, version):
        services.delete_anchor(actor=self.request.user, anchor=obj, expected_version=version)
        return {"anchors": 1}

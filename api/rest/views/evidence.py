from __future__ import annotations

from django.db.models import Exists, OuterRef

from argmap import services
from argmap.models import EvidenceLink
from argmap.selectors.access import (
    Action,
    visible_evidence_links_for,
    visible_sources_for,
    visible_statements_for,
    visible_workspaces_for,
)

from ..filters import Filter, by_author, by_map, by_updated_since, by_workspace, parse_int, parse_uuid
from ..serializers.evidence import (
    EvidenceLinkCreate,
    EvidenceLinkOutput,
    EvidenceLinkUpdate,
    SourceCreate,
    SourceFields,
    SourceOutput,
)
from .base import CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs

SOURCE_FILTERS = (
    by_workspace(),
    Filter(
        "map",
        lambda map_id: Exists(EvidenceLink.objects.filter(source_id=OuterRef("pk"), map_id=map_id)),
        parse_uuid,
        "Only sources cited in this map.",
    ),
    Filter("footnote", "footnote", parse_int, "Only the source of this footnote number."),
    Filter("key", "key", str, "Only the source with this key."),
    by_updated_since(),
)
EVIDENCE_FILTERS = (
    by_map(),
    Filter("statement", "statement_id", parse_uuid, "Only evidence for this statement."),
    Filter("source", "source_id", parse_uuid, "Only citations of this source."),
    by_author(),
    by_updated_since(),
)


@resource_docs(
    tag="sources", output=SourceOutput, create=SourceCreate, update=SourceFields, filters=SOURCE_FILTERS, destroy=True
)
class SourceViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """Bibliographic records that statements cite. Deleting a source deletes the evidence links that cite it."""

    serializer_class = SourceOutput
    create_serializer_class = SourceCreate
    update_serializer_class = SourceFields
    filters = SOURCE_FILTERS
    noun = "source"
    detail_route = "/api/v1/sources/"

    def visible(self):
        return visible_sources_for(self.request.user)

    def perform_create(self, data):
        user = self.request.user
        workspace = self.referenced(
            visible_workspaces_for(user), data.pop("workspace"), field="workspace", noun="workspace"
        )
        self.authorize(Action.CREATE, workspace)
        return services.create_source(actor=user, workspace=workspace, **data)

    def perform_update(self, obj, data, version):
        return services.update_source(actor=self.request.user, source=obj, expected_version=version, **data)

    def perform_destroy(self, obj, version):
        links = services.delete_source(actor=self.request.user, source=obj, expected_version=version)
        return {"sources": 1, "evidence_links": links}


@resource_docs(
    tag="evidence links",
    output=EvidenceLinkOutput,
    create=EvidenceLinkCreate,
    update=EvidenceLinkUpdate,
    filters=EVIDENCE_FILTERS,
    destroy=True,
)
class EvidenceLinkViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """A statement relies on a source, optionally at a locator (page, chapter) and with a quote.

    Create one for an existing ``source``, or with a ``new_source`` (a title at least): the source and the
    link are made in one transaction, both or neither.
    """

    serializer_class = EvidenceLinkOutput
    create_serializer_class = EvidenceLinkCreate
    update_serializer_class = EvidenceLinkUpdate
    filters = EVIDENCE_FILTERS
    noun = "evidence link"
    detail_route = "/api/v1/evidence-links/"

    def visible(self):
        return visible_evidence_links_for(self.request.user)

    def perform_create(self, data):
        user = self.request.user
        statement = self.referenced(
            visible_statements_for(user), data.pop("statement"), field="statement", noun="statement"
        )
        self.authorize(Action.CREATE, statement)
        new_source = data.pop("new_source")
        source_id = data.pop("source")
        if new_source is not None:
            return services.cite_new_source(actor=user, statement=statement, source_fields=new_source, **data)
        source = self.referenced(visible_sources_for(user), source_id, field="source", noun="source")
        return services.create_evidence_link(actor=user, statement=statement, source=source, **data)

    def perform_update(self, obj, data, version):
        return services.update_evidence_link(actor=self.request.user, link=obj, expected_version=version, **data)

    def perform_destroy(self, obj, version):
        services.delete_evidence_link(actor=self.request.user, link=obj, expected_version=version)
        return {"evidence_links": 1}

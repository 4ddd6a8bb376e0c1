"""The whole of a map in one read: :func:`argmap.selectors.graph.map_graph`, the selector REST's graph endpoint uses."""

from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access, graph

from ..core.context import current_user, loaders
from ..core.rows import instances, only_visible
from ..core.types import list_of


class MapGraph(graphene.ObjectType):
    """Every statement, scheme application, edge, anchor and evidence link of a map, and the sources it cites."""

    statements = list_of("api.graphql.statement.types.Statement", "Oldest first.")
    scheme_applications = list_of("api.graphql.scheme_application.types.SchemeApplication", "Oldest first.")
    edges = list_of("api.graphql.edge.types.Edge", "Oldest first.")
    anchors = list_of("api.graphql.anchor.types.Anchor", "By document and offset.")
    evidence_links = list_of("api.graphql.evidence.types.EvidenceLink", "Oldest first.")
    sources = list_of("api.graphql.evidence.types.Source", "By footnote and title.")


def whole_map(info, argument_map: models.ArgumentMap) -> MapGraph:
    user = current_user(info)
    found = graph.map_graph(argument_map=argument_map)
    source_loader = loaders(info).visible(models.Source, access.visible_sources_for)
    return MapGraph(
        statements=instances(models.Statement, only_visible(user, found["statements"], access.visible_statements_for)),
        scheme_applications=instances(
            models.SchemeApplication,
            only_visible(user, found["scheme_applications"], access.visible_scheme_applications_for),
            known_conflict_kind="conflict_kind",
        ),
        edges=instances(models.Edge, only_visible(user, found["edges"], access.visible_edges_for)),
        anchors=instances(models.Anchor, only_visible(user, found["anchors"], access.visible_anchors_for)),
        evidence_links=instances(
            models.EvidenceLink, only_visible(user, found["evidence_links"], access.visible_evidence_links_for)
        ),
        sources=[source_loader.load(row["id"]) for row in found["sources"]],
    )

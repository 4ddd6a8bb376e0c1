"""The whole of a map in one read: :func:`argmap.selectors.graph.map_graph`, the selector REST's graph endpoint uses."""

from __future__ import annotations

import functools

import graphene
import orjson

from argmap import models
from argmap.selectors import access, graph, graph_json
from argmap.selectors.graph_document import map_graph_document
from argmap.selectors.suggestions import suggestions_asked

from ..core.compiled import CompiledValue
from ..core.context import current_user, loaders
from ..core.rows import rows
from ..core.timestamps import c_timestamps
from ..core.types import list_of


class MapGraph(graphene.ObjectType):
    """Every statement, scheme application, edge, anchor and evidence link of a map, and the sources it cites."""

    statements = list_of("api.graphql.statement.types.Statement", "Oldest first.")
    scheme_applications = list_of("api.graphql.scheme_application.types.SchemeApplication", "Oldest first.")
    edges = list_of("api.graphql.edge.types.Edge", "Oldest first.")
    anchors = list_of("api.graphql.anchor.types.Anchor", "By document and offset.")
    evidence_links = list_of("api.graphql.evidence.types.EvidenceLink", "Oldest first.")
    sources = list_of("api.graphql.evidence.types.Source", "By footnote and title.")


class WholeMap(CompiledValue):
    """``Map.graph``'s value: written by PostgreSQL when its selection compiles (:mod:`..core.compiled`), else
    :func:`argmap.selectors.graph.map_graph`'s rows, read when a list is first asked for."""

    compiled_parts = frozenset(graph_json.ROW_FIELDS)

    def __init__(self, info, argument_map: models.ArgumentMap, include_suggestions: bool):
        self.info = info
        self.argument_map = argument_map
        self.user = current_user(info)
        self.include_suggestions = suggestions_asked(self.user, argument_map, include_suggestions)

    def compiled_json(self, members: tuple) -> bytes:
        return graph_json.map_graph_json(
            map_id=self.argument_map.pk, user=self.user, members=members, include_suggestions=self.include_suggestions
        )

    @functools.cached_property
    def _rows(self) -> MapGraph:
        with c_timestamps(models.Statement):
            found = graph.map_graph(
                argument_map=self.argument_map, user=self.user, include_suggestions=self.include_suggestions
            )
        source_loader = loaders(self.info).visible(models.Source, access.visible_sources_for)
        return MapGraph(
            statements=rows(models.Statement, found["statements"]),
            scheme_applications=rows(
                models.SchemeApplication, found["scheme_applications"], known_conflict_kind="conflict_kind"
            ),
            edges=rows(models.Edge, found["edges"]),
            anchors=rows(models.Anchor, found["anchors"]),
            evidence_links=rows(models.EvidenceLink, found["evidence_links"]),
            sources=[source_loader.load(row["id"]) for row in found["sources"]],
        )

    def __getattr__(self, name: str):
        """The lists, for field-by-field execution (graphene's default resolver reads attributes)."""
        if name in self.compiled_parts:
            return getattr(self._rows, name)
        raise AttributeError(name)


def whole_map(info, argument_map: models.ArgumentMap, include_suggestions: bool = False) -> WholeMap:
    return WholeMap(info, argument_map, include_suggestions)


def graph_document(info, argument_map: models.ArgumentMap, include_suggestions: bool = False) -> orjson.Fragment:
    """REST's graph body for ``argument_map`` (JSON written by the selector, passed through by the view's
    orjson encoder), read once per request and map.

    Nothing is kept across requests: what a user sees inside a readable map depends on who they are
    (blind annotation hides other annotators' drafts), and the graph fingerprint counts visible rows,
    so two users could share a fingerprint while seeing different rows.
    """
    request = info.context
    built = request.__dict__.setdefault("argmap_graph_documents", {})
    user = current_user(info)
    key = (argument_map.pk, suggestions_asked(user, argument_map, include_suggestions))
    if key not in built:
        built[key] = orjson.Fragment(
            map_graph_document(argument_map=argument_map, user=user, include_suggestions=key[1])
        )
    return built[key]

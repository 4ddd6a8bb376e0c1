"""The whole of a map in one read: :func:`argmap.selectors.graph.map_graph`, the selector REST's graph endpoint uses."""

from __future__ import annotations

from contextlib import contextmanager
from functools import cache

import graphene
import orjson
import psycopg
from django.db import connections, router
from psycopg.adapt import Loader
from psycopg.pq import Format

from argmap import models
from argmap.selectors import access, graph
from argmap.selectors.graph_document import map_graph_document

from ..core.context import current_user, loaders
from ..core.rows import rows
from ..core.types import list_of


class MapGraph(graphene.ObjectType):
    """Every statement, scheme application, edge, anchor and evidence link of a map, and the sources it cites."""

    statements = list_of("api.graphql.statement.types.Statement", "Oldest first.")
    scheme_applications = list_of("api.graphql.scheme_application.types.SchemeApplication", "Oldest first.")
    edges = list_of("api.graphql.edge.types.Edge", "Oldest first.")
    anchors = list_of("api.graphql.anchor.types.Anchor", "By document and offset.")
    evidence_links = list_of("api.graphql.evidence.types.EvidenceLink", "Oldest first.")
    sources = list_of("api.graphql.evidence.types.Source", "By footnote and title.")


@contextmanager
def c_timestamps(model: type[models.Statement]):
    """While a whole map is read, timestamps are parsed by psycopg's C loader, not Django's.

    Django registers a pure-Python ``timestamptz`` loader on each connection (to pin the time zone); at 87,500
    timestamps in a 10k map it is a tenth of the typed request. psycopg's own (C) loader gives the same
    instants in the session's time zone, which Django sets to UTC, so ``isoformat()`` writes the same text.
    Django's loader is put back afterwards; nothing else runs on the connection meanwhile (one request, sync).
    """
    connection = connections[router.db_for_read(model)]
    if connection.vendor != "postgresql" or connection.timezone_name != "UTC":
        yield
        return
    connection.ensure_connection()
    adapters = connection.connection.adapters
    oid = adapters.types["timestamptz"].oid
    previous = adapters.get_loader(oid, Format.TEXT)
    adapters.register_loader("timestamptz", _psycopg_loader(connection.timezone))
    try:
        yield
    finally:
        if previous is not None:
            adapters.register_loader("timestamptz", previous)


@cache
def _psycopg_loader(timezone):
    """psycopg's default (C) ``timestamptz`` loader, with the ``timezone`` Django's cursors check on a loader."""
    fast = psycopg.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)

    class PsycopgTimestamptzLoader(Loader):
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._fast = fast(oid, context)
            self.load = self._fast.load  # psycopg's transformer calls the instance's ``load``: the C one

        def load(self, data):
            return self._fast.load(data)

    PsycopgTimestamptzLoader.timezone = timezone
    return PsycopgTimestamptzLoader


def whole_map(info, argument_map: models.ArgumentMap) -> MapGraph:
    with c_timestamps(models.Statement):
        found = graph.map_graph(argument_map=argument_map, user=current_user(info))
    source_loader = loaders(info).visible(models.Source, access.visible_sources_for)
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


def graph_document(info, argument_map: models.ArgumentMap) -> orjson.Fragment:
    """REST's graph body for ``argument_map`` (JSON written by the selector, passed through by the view's
    orjson encoder), read once per request and map.

    Nothing is kept across requests: what a user sees inside a readable map depends on who they are
    (blind annotation hides other annotators' drafts), and the graph fingerprint counts visible rows,
    so two users could share a fingerprint while seeing different rows.
    """
    request = info.context
    built = request.__dict__.setdefault("argmap_graph_documents", {})
    if argument_map.pk not in built:
        built[argument_map.pk] = orjson.Fragment(map_graph_document(argument_map=argument_map, user=current_user(info)))
    return built[argument_map.pk]

"""Substring search through :func:`argmap.selectors.search.search`, the selector REST's search uses:
Japanese text is matched inside sentences, every whitespace-separated term must occur."""

from __future__ import annotations

import graphene

from argmap import models
from argmap.errors import NotFound
from argmap.selectors import access
from argmap.selectors.search import KINDS, MAX_LIMIT, search

from ..core.context import current_user, loaders
from ..core.node import split_global_id
from .types import SearchHit, SearchHitType

NODE_MODELS = {
    "statement": (models.Statement, access.visible_statements_for),
    "document": (models.Document, access.visible_documents_for),
    "source": (models.Source, access.visible_sources_for),
}


class SearchQueries(graphene.ObjectType):
    search = graphene.List(
        graphene.NonNull(SearchHit),
        required=True,
        q=graphene.String(required=True, description="Terms separated by whitespace; each must occur."),
        first=graphene.Int(default_value=50, description=f"At most this many hits, 1 to {MAX_LIMIT}."),
        types=graphene.List(graphene.NonNull(SearchHitType), description="Only these kinds of hit."),
        map=graphene.ID(description="Only statements of this map, and its documents."),
        description="Statements, then documents, then sources you may see that contain every term of `q`.",
    )

    @staticmethod
    def resolve_search(root, info, q, first=50, types=None, map=None):
        user = current_user(info)
        argument_map = None
        if map is not None:
            parsed = split_global_id(map)
            argument_map = (
                access.visible_maps_for(user).filter(pk=parsed[1]).first()
                if parsed is not None and parsed[0] == "Map"
                else None
            )
            if argument_map is None:
                raise NotFound("No map with this id, or not one you may see.", field="map")
        kinds = tuple(t.value for t in types) if types else KINDS
        hits = search(user=user, q=q, limit=first, kinds=kinds, argument_map=argument_map)
        results = []
        for hit in hits:
            model, visible_for = NODE_MODELS[hit["type"]]
            results.append(
                SearchHit(
                    type=hit["type"],
                    node=loaders(info).visible(model, visible_for).load(hit["id"]),
                    title=hit["title"],
                    field=hit["field"],
                    snippet=hit["snippet"],
                    snippet_start=hit["snippet_start"],
                    start=hit["start"],
                    end=hit["end"],
                )
            )
        return results

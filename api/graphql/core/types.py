"""The base of every model type: global id, visibility, authorship."""

from __future__ import annotations

import graphene

from .context import loaders
from .node import VisibleNodeType


class AuthoredNodeType(VisibleNodeType):
    """Adds who created and last changed the object (public usernames only)."""

    class Meta:
        abstract = True

    created_by = graphene.Field("api.graphql.user.types.User", description="Who created it (null if unknown).")
    updated_by = graphene.Field("api.graphql.user.types.User", description="Who changed it last (null if unknown).")

    @staticmethod
    def resolve_created_by(root, info):
        return _user(info, root.created_by_id)

    @staticmethod
    def resolve_updated_by(root, info):
        return _user(info, root.updated_by_id)


def _user(info, user_id):
    if user_id is None:
        return None
    from django.contrib.auth import get_user_model

    return loaders(info).by_id(get_user_model()).load(user_id)


def load_fk(info, model, pk):
    """The object a visible object's foreign key points at (visible too), batched; ``None`` for a null key."""
    if pk is None:
        return None
    return loaders(info).by_id(model).load(pk)


#: The attribute :func:`references` sets on a resolver.
REFERENCES = "references_column"


def references(attname: str):
    """Marks a resolver that answers the object behind the foreign key ``attname`` (``None`` for a null key), visible
    whenever its parent is: ``core.execution`` then answers a selection of only its ``id`` from the key itself.
    The key comes from the same row as the parent's fields, so the object is not loaded."""

    def mark(resolve):
        setattr(resolve, REFERENCES, attname)
        return resolve

    return mark


#: The attribute :func:`in_row` sets on a resolver.
IN_ROW = "in_row"


def in_row(key: str, attname: str):
    """Marks a resolver whose object's ``attname`` (``None``: no object), or whose list's objects' ``attname``
    values in the resolver's order, a whole-map row already holds under ``key`` (``map_graph``'s scheme
    applications: ``scheme``, the scheme's key; statements and applications: ``tags``, their slugs). A
    selection of only that field is then answered from the row, without loading the objects (no DataLoader
    future per row); a row without ``key`` goes through the resolver."""

    def mark(resolve):
        setattr(resolve, IN_ROW, (key, attname))
        return resolve

    return mark


def load_many(info, fetch, pk):
    return loaders(info).many(fetch).load(pk)


def load_one(info, fetch, pk):
    return loaders(info).one(fetch).load(pk)


def list_of(type_path: str, description: str, **kwargs) -> graphene.List:
    return graphene.List(graphene.NonNull(type_path), required=True, description=description, **kwargs)


#: The attribute :func:`compiles_as` sets on a resolver.
COMPILES_AS = "compiles_as"


def compiles_as(kind: str, *arguments: str):
    """Marks a resolver whose value a compiled field (:mod:`.compiled`) writes in SQL: ``("conflict_kind",)``,
    a conflict's kind as ``argmap.selectors.graph`` names it; ``("text_list", attname)``, a jsonb list's items
    as texts. The resolver still answers every execution that is not compiled."""

    def mark(resolve):
        setattr(resolve, COMPILES_AS, (kind, *arguments))
        return resolve

    return mark

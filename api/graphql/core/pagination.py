"""Keyset (cursor) pagination for long lists: no OFFSET, and no COUNT unless ``totalCount`` is asked for.

A cursor is the opaque base64 of the row's ordering values, so the next page
starts strictly after the last row seen, however many rows were added or
removed in between.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence

import graphene
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from graphene import relay
from graphql import FieldNode, FragmentSpreadNode, GraphQLError, InlineFragmentNode

from .rows import rows as plain_rows
from .timestamps import c_timestamps
from .types import compiles_as

#: Most objects one operation's pages may return (enforced in ``limits``, which imports this module).
MAX_COST = 100_000

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class CountableConnection(relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="How many items the whole list has (one COUNT query).")

    @staticmethod
    @compiles_as("total_count")
    def resolve_total_count(root, info):
        return root.queryset.count()


def page_arguments(**extra) -> dict:
    return {
        "first": graphene.Int(
            description=f"Page size: 1 to {MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}; any other value (0, a "
            "negative number) is refused before anything is read. Pages multiply when nested: an operation whose "
            f"pages could return more than {MAX_COST:,} objects in all is refused the same way.",
        ),
        "after": graphene.String(
            description="The `endCursor` of the previous page; any other string is refused (BAD_REQUEST)."
        ),
        **extra,
    }


def connection_field(connection_type, description: str, **extra) -> graphene.Field:
    return graphene.Field(graphene.NonNull(connection_type), description=description, args=page_arguments(**extra))


def encode_cursor(values: Sequence) -> str:
    return base64.urlsafe_b64encode(json.dumps([str(v) for v in values]).encode()).decode()


def _decode_cursor(cursor: str, queryset: QuerySet, ordering: Sequence[str]) -> list:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        if not isinstance(raw, list) or len(raw) != len(ordering):
            raise ValueError
        return [
            queryset.model._meta.get_field(name).to_python(value) for name, value in zip(ordering, raw, strict=True)
        ]
    except (ValueError, TypeError, ValidationError, UnicodeError) as exc:
        raise GraphQLError("`after` is not a cursor this list gave out.") from exc


def _after(values: list, ordering: Sequence[str]) -> Q:
    """Rows strictly after ``values`` in the (ascending) ``ordering``."""
    condition = Q()
    for i, name in enumerate(ordering):
        step = Q(**{f"{name}__gt": values[i]}, **{ordering[j]: values[j] for j in range(i)})
        condition |= step
    return condition


def selected_node_fields(info) -> set[str]:
    """The schema names of the fields a connection's ``edges { node { … } }`` selects (fragments followed)."""

    def fields_of(selection_set, found: set[str], wanted: list[str]) -> None:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if not wanted:
                    found.add(selection.name.value)
                elif selection.name.value == wanted[0]:
                    fields_of(selection.selection_set, found, wanted[1:])
            elif isinstance(selection, InlineFragmentNode):
                fields_of(selection.selection_set, found, wanted)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is not None:
                    fields_of(fragment.selection_set, found, wanted)

    found: set[str] = set()
    for node in info.field_nodes:
        fields_of(node.selection_set, found, ["edges", "node"])
    return found


def page_position(queryset: QuerySet, *, first: int | None, after: str | None, ordering: Sequence[str]) -> tuple:
    """``(page size, the ordering values of the row after which the page starts, or None)``; a size out of
    range or a cursor this list did not give out is a ``GraphQLError``."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise GraphQLError(f"`first` must be between 1 and {MAX_PAGE_SIZE}.")
    return size, (_decode_cursor(after, queryset, ordering) if after else None)


def keyset_page(
    connection_type,
    queryset: QuerySet,
    *,
    ordering: Sequence[str] = ("created_at", "id"),
    first: int | None = None,
    after: str | None = None,
    as_rows: bool = False,
):
    """One page of ``queryset`` in ``ordering`` (non-null columns ending in a unique one), as a connection.

    ``as_rows``: the page's nodes are :class:`~.rows.Row` objects read with ``values()`` (every concrete column),
    not model instances; for node types whose resolvers read columns only (a page of 1,000 statements).
    """
    size, position = page_position(queryset, first=first, after=after, ordering=ordering)
    page = queryset.order_by(*ordering)
    if position is not None:
        page = page.filter(_after(position, ordering))
    if as_rows:
        model = queryset.model
        columns = [field.attname for field in model._meta.concrete_fields]
        with c_timestamps(model):
            rows = plain_rows(model, list(page[: size + 1].values(*columns)))
    else:
        rows = list(page[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    edges = [
        connection_type.Edge(node=row, cursor=encode_cursor([getattr(row, name) for name in ordering])) for row in rows
    ]
    connection = connection_type(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=has_next,
            has_previous_page=bool(after),
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
    connection.queryset = queryset
    return connection

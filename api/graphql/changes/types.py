"""The change feed in GraphQL: ``Map.changes`` (a Relay connection) and the ``mapChanged`` subscription's events."""

from __future__ import annotations

import graphene
from graphene import relay
from graphql_relay import to_global_id

from argmap.models import ChangeAction as ChangeActionChoices
from argmap.selectors import changes as feed

from ..core.context import current_user
from ..core.scalars import JSON


class ChangeAction(graphene.Enum):
    """What a change did to its row."""

    CREATE = ChangeActionChoices.CREATE.value
    UPDATE = ChangeActionChoices.UPDATE.value
    DELETE = ChangeActionChoices.DELETE.value


class FeedChange(graphene.ObjectType):
    """One changed row of a write."""

    entity = graphene.String(required=True, description="statement, schemeapplication, edge, anchor, argumentmap, …")
    entity_id = graphene.String(required=True, description="The row's UUID (not a global id).")
    action = graphene.Field(ChangeAction, required=True)
    before = graphene.Field(JSON, description="The row before (null for a creation), REST's snake_case fields.")
    after = graphene.Field(JSON, description="The row after (null for a deletion).")

    @staticmethod
    def resolve_entity(root, info):
        return root["entity"]

    @staticmethod
    def resolve_entity_id(root, info):
        return root["entity_id"]

    @staticmethod
    def resolve_action(root, info):
        return root["action"]

    @staticmethod
    def resolve_before(root, info):
        return root["before"]

    @staticmethod
    def resolve_after(root, info):
        return root["after"]


class ChangeEvent(graphene.ObjectType):
    """One write (history batch) as you may see it: only its changes you may read, never an empty event."""

    batch = graphene.UUID(required=True, description="The write: REST's POST /changes/{batch}/revert/ undoes it.")
    cursor = graphene.String(required=True, description="Opaque and stable; `changes(after:)` resumes after it.")
    map_id = graphene.ID(description="The map's global id (null for a workspace-level write).")
    actor = graphene.String(required=True, description="Who wrote it (username; empty for the system).")
    at = graphene.DateTime(required=True)
    summary = graphene.String(required=True)
    change_count = graphene.Int(required=True, description="Changes of this write you may see.")
    truncated = graphene.Boolean(required=True, description=f"Only the first {feed.MAX_CHANGES_PER_EVENT} listed.")
    changes = graphene.List(graphene.NonNull(FeedChange), required=True)

    @staticmethod
    def resolve_map_id(root, info):
        return to_global_id("Map", str(root.map_id)) if root.map_id else None

    @staticmethod
    def resolve_actor(root, info):
        return root.actor_username


class ChangeEventConnection(relay.Connection):
    class Meta:
        node = ChangeEvent


def changes_field() -> graphene.Field:
    return graphene.Field(
        graphene.NonNull(ChangeEventConnection),
        description=(
            "Every write to the map in commit order, as you may see it (members: the whole history, an annotator "
            "working blind only their own writes; anyone: a public map's writes since it was last made public). "
            "Resume with `after` = the last cursor seen; cursors are the same as REST's `maps/{id}/changes/`."
        ),
        first=graphene.Int(description=f"Page size: 1 to {feed.MAX_LIMIT}, default {feed.DEFAULT_LIMIT}."),
        after=graphene.String(description="A cursor from an earlier event or page."),
    )


def resolve_changes(argument_map, info, first=None, after=None):
    page = feed.map_changes(
        current_user(info), argument_map, after=feed.decode_cursor(after), limit=feed.check_limit(first)
    )
    edges = [ChangeEventConnection.Edge(node=event, cursor=event.cursor) for event in page.events]
    return ChangeEventConnection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=page.has_more,
            has_previous_page=bool(after),
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=page.cursor,
        ),
    )

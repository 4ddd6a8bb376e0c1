"""The change feed over REST: ``maps/{id}/changes/`` and ``workspaces/{id}/changes/`` (keyset on opaque cursors)."""

from __future__ import annotations

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.errors import InvalidInput, NotFound
from argmap.selectors import changes as feed
from argmap.selectors.access import visible_maps_for, visible_workspaces_for

from ..renderers import FastJSONRenderer
from ..serializers.changes import FeedPage, render_event
from .base import ArgmapView

FEED_PARAMETERS = [
    OpenApiParameter(
        "after",
        OpenApiTypes.STR,
        required=False,
        pattern=f"^{feed.CURSOR_PATTERN.pattern}$",
        description="A cursor from an earlier event or page; omit to start. One that names no event: 404.",
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": feed.MAX_LIMIT},
        required=False,
        description=f"Events per page, 1–{feed.MAX_LIMIT} (default 50).",
    ),
]


class FeedView(ArgmapView, APIView):
    object_etag = False
    renderer_classes = [FastJSONRenderer]

    def page(self, request, read) -> Response:
        after = _after(request.query_params.get("after"))
        limit = _limit(request.query_params.get("limit"))
        page = read(after=after, limit=limit)
        following = None
        if page.has_more:
            following = request.build_absolute_uri(
                f"{request.path}?{urlencode({'after': page.cursor, 'limit': limit})}"
            )
        body = {"results": [render_event(e) for e in page.events], "cursor": page.cursor, "next": following}
        return Response(body, headers={"Vary": "Authorization, Cookie", "Cache-Control": "no-store"})


def _after(cursor: str | None) -> int:
    """A cursor outside the published alphabet is malformed (400); a well-formed one that names no event
    of this feed is 404, as for list cursors."""
    try:
        return feed.decode_cursor(cursor)
    except InvalidInput:
        if cursor and feed.CURSOR_PATTERN.fullmatch(cursor):
            raise NotFound("after: no event of this feed at that cursor.", field="after") from None
        raise


def _limit(text: str | None) -> int:
    if text is None or text == "":
        return feed.DEFAULT_LIMIT
    try:
        return feed.check_limit(int(text))
    except ValueError:
        raise InvalidInput("limit: a whole number.", field="limit") from None


class MapChangesView(FeedView):
    @extend_schema(tags=["history"], operation_id="maps_changes", parameters=FEED_PARAMETERS, responses={200: FeedPage})
    def get(self, request, pk):
        """The map's change feed: every write (history batch) in commit order, as you may see it. Members see the
        map's whole history (an annotator working blind, only their own writes); anyone may read a public map's
        feed from the moment it was last made public. Resume with ``after`` = the last cursor you saw: cursors are
        stable, and no write that commits later is ever placed before one you have seen. The push version of this
        feed is ``GET /api/v1/maps/{id}/events/`` (Server-Sent Events)."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        return self.page(request, lambda **kw: feed.map_changes(request.user, argument_map, **kw))


class WorkspaceChangesView(FeedView):
    @extend_schema(
        tags=["history"], operation_id="workspaces_changes", parameters=FEED_PARAMETERS, responses={200: FeedPage}
    )
    def get(self, request, pk):
        """The workspace's change feed, for its members: every map's events and the workspace's own (documents,
        sources, members), in commit order; ``map`` says where each happened."""
        workspace = self.referenced(visible_workspaces_for(request.user), pk, field="id", noun="workspace")
        return self.page(request, lambda **kw: feed.workspace_changes(request.user, workspace, **kw))

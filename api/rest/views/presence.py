"""``maps/{id}/presence/``: who else has the map open (GET), my heartbeat (PUT), leaving (DELETE)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap import presence
from argmap.selectors.access import visible_maps_for
from argmap.selectors.presence import present_readers
from argmap.services.presence import leave_map, record_presence

from ..serializers.common import StrictInputSerializer
from .base import ArgmapView


class PresentReader(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    username = serializers.CharField()
    node = serializers.CharField(source="node_id", allow_null=True, help_text="The focused node, if you may see it.")
    since = serializers.DateTimeField(help_text="When this reader opened the map (their first heartbeat).")
    seen = serializers.DateTimeField(help_text="Their last heartbeat.")


class PresenceList(serializers.Serializer):
    results = PresentReader(many=True)
    ttl = serializers.IntegerField(help_text="Seconds a heartbeat counts; send one about every ttl/3 seconds.")
    shared = serializers.BooleanField(
        help_text="False when presence is kept per app process (the local-memory cache of the SQLite quick start)."
    )


class Heartbeat(StrictInputSerializer):
    node = serializers.UUIDField(required=False, allow_null=True, help_text="The statement or inference in focus.")


def presence_listing(user, argument_map) -> dict:
    """The presence list as ``user`` reads it: what GET answers and what the change stream pushes."""
    return {
        "results": PresentReader(present_readers(user, argument_map), many=True).data,
        "ttl": presence.ttl(),
        "shared": presence.shared(),
    }


class MapPresenceView(ArgmapView, APIView):
    """Presence is no versioned object: a heartbeat and a leave overwrite nothing anyone read, so no If-Match."""

    object_etag = False
    versioned_writes = False

    def _map(self, request, pk):
        return self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")

    def _listing(self, request, argument_map) -> Response:
        return Response(
            presence_listing(request.user, argument_map),
            headers={"Cache-Control": "no-store", "Vary": "Authorization, Cookie"},
        )

    @extend_schema(tags=["maps"], operation_id="maps_presence_list", responses={200: PresenceList})
    def get(self, request, pk):
        """Who has this map open now (readers whose last heartbeat is younger than ``ttl`` seconds), and on which
        node. Readers of the map only; anyone else gets 404 as for a missing map."""
        return self._listing(request, self._map(request, pk))

    @extend_schema(
        tags=["maps"], operation_id="maps_presence_heartbeat", request=Heartbeat, responses={200: PresenceList}
    )
    def put(self, request, pk):
        """Heartbeat: I have this map open (focused on ``node``). Answers the current list, so one call a tick
        both announces and polls."""
        argument_map = self._map(request, pk)
        if not request.user.is_authenticated:
            raise NotAuthenticated("Sign in to appear as present.")
        data = self.parse(Heartbeat)
        record_presence(actor=request.user, argument_map=argument_map, node_id=data.get("node"))
        return self._listing(request, argument_map)

    @extend_schema(tags=["maps"], operation_id="maps_presence_leave", request=None, responses={200: PresenceList})
    def delete(self, request, pk):
        """I closed the map: drop me from the list at once instead of after ``ttl`` seconds."""
        argument_map = self._map(request, pk)
        if not request.user.is_authenticated:
            raise NotAuthenticated("Sign in first.")
        leave_map(actor=request.user, argument_map=argument_map)
        return self._listing(request, argument_map)

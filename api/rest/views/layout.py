"""``GET/PUT /api/v1/maps/{id}/layout/``: where the map's nodes sit on the annotation canvas."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap import services
from argmap.errors import NotFound
from argmap.selectors.access import Action, visible_maps_for, visible_scheme_applications_for, visible_statements_for
from argmap.selectors.layout import map_layout

from ..serializers.layout import MapLayout, MapLayoutUpdate
from .base import ArgmapView


class MapLayoutView(ArgmapView, APIView):
    object_etag = False

    def layout(self, argument_map) -> Response:
        body = {"map": argument_map.pk, "positions": map_layout(self.request.user, argument_map)}
        return Response(MapLayout(body).data, headers={"Vary": "Authorization, Cookie"})

    @extend_schema(tags=["annotation"], operation_id="maps_layout", responses={200: MapLayout})
    def get(self, request, pk):
        """The stored canvas positions of the map's nodes you may see, one query whatever the map's size.
        Nodes without a position are laid out by the screen's layered layout."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        self.authorize(Action.READ, argument_map)
        return self.layout(argument_map)

    @extend_schema(
        tags=["annotation"], operation_id="maps_layout_update", request=MapLayoutUpdate, responses={200: MapLayout}
    )
    def put(self, request, pk):
        """Place the listed nodes (all or none); others keep their positions. Whoever may add to the map may
        arrange it (owners, editors, annotators). Not reviewed, not in history, no versions: the last
        placement of a node wins. Answers the whole layout."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        self.authorize(Action.CREATE, argument_map)
        data = self.parse(MapLayoutUpdate)
        ids = [row["node"] for row in data["positions"]]
        nodes = {s.pk: s for s in visible_statements_for(request.user).filter(map=argument_map, pk__in=ids)} | {
            a.pk: a for a in visible_scheme_applications_for(request.user).filter(map=argument_map, pk__in=ids)
        }
        missing = [pk for pk in ids if pk not in nodes]
        if missing:
            raise NotFound(f"No node {missing[0]} in this map (or none you may see).", field="positions")
        services.move_nodes(
            actor=request.user,
            argument_map=argument_map,
            positions=[services.NodeMove(nodes[row["node"]], row["x"], row["y"]) for row in data["positions"]],
        )
        return self.layout(argument_map)

"""``GET /api/v1/maps/{id}/deleted/``: the map's recently deleted nodes, newest first, to restore in one click."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView

from argmap.selectors.access import visible_maps_for
from argmap.selectors.deleted import describe_deleted, recently_deleted

from ..pagination import CreatedOrderCursorPagination
from ..serializers.deleted import DeletedNode
from .base import ArgmapView


class NewestChangeFirstPagination(CreatedOrderCursorPagination):
    ordering = ("-id",)


class MapDeletedView(ArgmapView, GenericAPIView):
    object_etag = False
    pagination_class = NewestChangeFirstPagination
    serializer_class = DeletedNode

    @extend_schema(tags=["history"], operation_id="maps_deleted", responses=DeletedNode(many=True))
    def get(self, request, pk):
        """Statements and scheme applications deleted from the map and not restored since, newest first, with
        who deleted them and when. Members see the map's deletions (an annotator working blind, only their
        own); others see none. Restore one by reverting its ``batch`` (``POST /api/v1/changes/{batch}/revert/``):
        owners and editors may restore any, annotators their own (``restorable`` says which)."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        page = self.paginate_queryset(recently_deleted(request.user, argument_map))
        return self.get_paginated_response(DeletedNode(describe_deleted(request.user, page), many=True).data)

from __future__ import annotations

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from argmap import services
from argmap.errors import NotFound
from argmap.models import ArgumentMap, Edge, Visibility
from argmap.rules import scheme_by_key
from argmap.selectors.access import (
    Action,
    visible_documents_for,
    visible_maps_for,
    visible_scheme_applications_for,
    visible_statements_for,
    visible_workspaces_for,
)
from argmap.selectors.graph import conflict_kinds
from argmap.selectors.graph_document import graph_document_after, map_graph_head

from ..concurrency import etag_for, expected_version, if_none_match
from ..filters import Filter, by_updated_since, by_workspace, choice, parse_uuid
from ..renderers import FastJSONRenderer
from ..serializers.maps import ArgumentCreate, AttachDocument, AttackCreate, MapCreate, MapOutput, MapUpdate
from ..serializers.structure import CreatedStructure, EdgeOutput, SchemeApplicationOutput
from .base import CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs
from .graph_docs import GraphSerializer
from .suggestions import INCLUDE_PARAMETER, include_suggestions

MAP_FILTERS = (
    by_workspace(),
    Filter("visibility", "visibility", choice(Visibility.values), "private or public."),
    Filter(
        "document",
        lambda document_id: Exists(
            ArgumentMap.documents.through.objects.filter(argumentmap_id=OuterRef("pk"), document_id=document_id)
        ),
        parse_uuid,
        "Only maps over this document.",
    ),
    Filter("key", "key", str, "Only the map with this key."),
    by_updated_since(),
)


@resource_docs(tag="maps", output=MapOutput, create=MapCreate, update=MapUpdate, filters=MAP_FILTERS, destroy=True)
class MapViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """Argument maps. Public maps are readable by anyone; owners and editors create, change and delete maps."""

    serializer_class = MapOutput
    create_serializer_class = MapCreate
    update_serializer_class = MapUpdate
    filters = MAP_FILTERS
    noun = "map"
    detail_route = "/api/v1/maps/"

    def visible(self):
        return visible_maps_for(self.request.user)

    def with_related(self, queryset):
        return queryset.prefetch_related("documents")

    def perform_create(self, data):
        user = self.request.user
        workspace = self.referenced(
            visible_workspaces_for(user), data.pop("workspace"), field="workspace", noun="workspace"
        )
        self.authorize(Action.MANAGE_MAPS, workspace)
        documents = self.referenced_many(
            visible_documents_for(user), data.pop("documents"), field="documents", noun="document"
        )
        return services.create_map(actor=user, workspace=workspace, documents=documents, **data)

    def authorize_update(self, obj, data):
        self.authorize(Action.MANAGE_MAPS, obj)

    def perform_update(self, obj, data, version):
        return services.update_map(actor=self.request.user, argument_map=obj, expected_version=version, **data)

    def authorize_destroy(self, obj):
        self.authorize(Action.MANAGE_MAPS, obj)

    def perform_destroy(self, obj, version):
        removed = services.delete_map(actor=self.request.user, argument_map=obj, expected_version=version)
        return {"maps": 1, **removed}

    @extend_schema(
        tags=["maps"],
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                str,
                OpenApiParameter.HEADER,
                description="The graph's ETag from an earlier response: 304 when nothing changed since.",
            ),
            INCLUDE_PARAMETER,
        ],
        responses={200: GraphSerializer, 304: OpenApiResponse(description="Not modified since the ETag you sent.")},
    )
    @action(detail=True, methods=["get"], renderer_classes=[FastJSONRenderer])
    def graph(self, request, pk=None):
        """The whole map in one response: statements, scheme applications, edges, anchors, evidence links,
        the sources they cite and the map's documents (without text). A fixed number of SQL queries whatever
        the map's size; ``If-None-Match`` is answered (304) without building it."""
        included = include_suggestions(request, self.get_object)
        head = map_graph_head(map_id=pk, user=request.user, include_suggestions=included)
        if head is None:
            raise NotFound(f"No {self.noun} {pk} (or none you may see).")
        headers = {"ETag": f'"{head.etag}"', "Vary": "Authorization, Cookie"}
        if if_none_match(request, headers["ETag"]):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        return Response(graph_document_after(head, user=request.user), headers=headers)

    @extend_schema(tags=["maps"], request=AttachDocument, responses=MapOutput)
    @action(detail=True, methods=["post"], url_path="documents")
    def attach_document(self, request, pk=None):
        """Let the map's statements anchor into a document of its workspace (If-Match: the map's ETag)."""
        argument_map = self.get_object()
        data = self.parse(AttachDocument)
        self.authorize(Action.MANAGE_MAPS, argument_map)
        version = expected_version(request, argument_map.version)
        document = self.referenced(
            visible_documents_for(request.user), data["document"], field="document", noun="document"
        )
        services.attach_document(
            actor=request.user, argument_map=argument_map, document=document, expected_version=version
        )
        argument_map = self.reload(argument_map)
        return self.object_response(argument_map, self.render(argument_map))

    @extend_schema(tags=["maps"], request=ArgumentCreate, responses={201: CreatedStructure})
    @action(detail=True, methods=["post"])
    def arguments(self, request, pk=None):
        """Premises → inference → conclusion: the inference node and its edges in one transaction."""
        argument_map = self.get_object()
        data = self.parse(ArgumentCreate)
        self.authorize(Action.CREATE, argument_map)
        statements = visible_statements_for(request.user).filter(map=argument_map)
        premises = self.referenced_many(statements, data["premises"], field="premises", noun="statement in this map")
        conclusion = self.referenced(statements, data["conclusion"], field="conclusion", noun="statement in this map")
        inference = services.create_argument(
            actor=request.user,
            premises=premises,
            conclusion=conclusion,
            scheme=scheme_by_key(data["scheme"]),
            note=data["note"],
            key=data["key"],
            confirm_cycle=data["confirm_cycle"],
        )
        return self._structure_response(inference)

    @extend_schema(tags=["maps"], request=AttackCreate, responses={201: CreatedStructure})
    @action(detail=True, methods=["post"])
    def attacks(self, request, pk=None):
        """Attacker → conflict → target. A statement target is rebutted or undermined, an inference undercut."""
        argument_map = self.get_object()
        data = self.parse(AttackCreate)
        self.authorize(Action.CREATE, argument_map)
        statements = visible_statements_for(request.user).filter(map=argument_map)
        applications = visible_scheme_applications_for(request.user).filter(map=argument_map)
        attacker = self.referenced(statements, data["attacker"], field="attacker", noun="statement in this map")
        target = statements.filter(pk=data["target"]).first() or self.referenced(
            applications, data["target"], field="target", noun="statement or scheme application in this map"
        )
        conflict = services.create_attack(
            actor=request.user,
            attacker=attacker,
            target=target,
            scheme=scheme_by_key(data["scheme"]),
            note=data["note"],
            key=data["key"],
        )
        return self._structure_response(conflict)

    def _structure_response(self, application):
        application = (
            visible_scheme_applications_for(self.request.user)
            .select_related("scheme")
            .prefetch_related("tags")
            .get(pk=application.pk)
        )
        context = {
            **self.get_serializer_context(),
            "conflict_kinds": conflict_kinds([application.pk], user=self.request.user),
        }
        edges = Edge.objects.filter(application=application).order_by("created_at", "id")
        body = {
            "scheme_application": SchemeApplicationOutput(application, context=context).data,
            "edges": EdgeOutput(edges, many=True).data,
        }
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": etag_for(application.version)})

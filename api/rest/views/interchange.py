"""``GET /api/v1/maps/{id}/export/?format=…`` and ``POST /api/v1/maps/import/``."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.errors import InvalidInput
from argmap.interchange.exports import EXPORT_FORMATS, PICTURE_VIEWS, export_map
from argmap.interchange.imports import IMPORT_FORMATS, import_map
from argmap.interchange.mining import PROVENANCE_LIST_PATTERN, STATUS_LIST_PATTERN, mining_filter
from argmap.interchange.safety import check_import_size
from argmap.models import Visibility
from argmap.selectors.access import Action, authorize, visible_maps_for, visible_workspaces_for
from argmap.selectors.suggestions import suggestions_asked
from argmap.semantics import SEMANTICS

from ..parsers import UnreadBodyParser
from .base import ArgmapView
from .suggestions import INCLUDE_PARAMETER

EXPORT_MEDIA_TYPES = {fmt: content_type.split(";")[0] for fmt, (content_type, _) in EXPORT_FORMATS.items()}


class IgnoreFormatParameter:
    """``?format=`` names an interchange format here, not one of DRF's renderers."""

    def perform_content_negotiation(self, request, force=False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type


class MapExportView(IgnoreFormatParameter, ArgmapView, APIView):
    object_etag = False

    @extend_schema(
        tags=["interchange"],
        operation_id="maps_export",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(EXPORT_FORMATS), default="aif"),
            INCLUDE_PARAMETER,
            OpenApiParameter(
                "semantics",
                OpenApiTypes.STR,
                enum=list(SEMANTICS),
                required=False,
                description="svg, dot and graphml only: label every node IN / OUT / UNDEC under this semantics.",
            ),
            OpenApiParameter(
                "view",
                OpenApiTypes.STR,
                enum=list(PICTURE_VIEWS),
                required=False,
                default="full",
                description="svg, dot and graphml only: `overview` draws the claims and what directly supports or "
                "attacks them, sections as clusters (for maps over about 50 statements).",
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                required=False,
                pattern=STATUS_LIST_PATTERN,
                description="brat and jsonl only (ignored by the other formats): keep statements and relations of "
                "these review statuses, comma-separated (e.g. `accepted` or `accepted,proposed`; `suggested` asks "
                "for suggestions as include=suggestions does).",
            ),
            OpenApiParameter(
                "provenance",
                OpenApiTypes.STR,
                required=False,
                pattern=PROVENANCE_LIST_PATTERN,
                description="brat and jsonl only (ignored by the other formats): keep what these agents made, "
                "comma-separated: `person`, "
                "`pipeline:<name>` (every version) or `pipeline:<name>@<version>`.",
            ),
        ],
        responses={
            (200, media_type): OpenApiResponse(
                response=OpenApiTypes.OBJECT
                if media_type.endswith("json")
                else OpenApiTypes.BINARY
                if media_type == "application/zip"
                else OpenApiTypes.STR,
                description="The map in the requested format, as an attachment.",
            )
            for media_type in sorted(set(EXPORT_MEDIA_TYPES.values()))
        },
    )
    def get(self, request, pk):
        """The map as AIF JSON (AIFdb's flat form), OVA's wrapped form, Argdown, DOT, GraphML, an SVG picture,
        W3C Web Annotation JSON-LD of its anchors (offsets in Unicode code points), a brat standoff corpus
        (zip of `.txt` + `.ann` per document) or JSON Lines of spans and relations (code-point and UTF-8 byte
        offsets). The two training formats choose their rows with `include`, `status` and `provenance`; each
        span and relation of the JSON Lines carries its `status`, `provenance` and `confidence`."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        self.authorize(Action.READ, argument_map)
        format = request.query_params.get("format", "aif")
        semantics = request.query_params.get("semantics") or None
        if semantics is not None and semantics not in SEMANTICS:
            raise InvalidInput(
                f"semantics must be one of {', '.join(SEMANTICS)} (got {semantics!r}).", field="semantics"
            )
        view = request.query_params.get("view") or "full"
        mining = mining_filter(
            include=request.query_params.get("include"),
            status=request.query_params.get("status"),
            provenance=request.query_params.get("provenance"),
        )
        export = export_map(
            argument_map=argument_map,
            format=format,
            semantics=semantics,
            view=view,
            user=request.user,
            include_suggestions=suggestions_asked(request.user, argument_map, mining.include_suggestions),
            mining=mining,
        )
        content = export.content.encode("utf-8") if isinstance(export.content, str) else export.content
        response = HttpResponse(content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["Vary"] = "Authorization, Cookie"
        return response


class ImportedMapSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    url = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Rows written, per kind.")


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    workspace = serializers.UUIDField(required=False)
    name = serializers.CharField(required=False)
    format = serializers.ChoiceField(choices=IMPORT_FORMATS, required=False)
    visibility = serializers.ChoiceField(choices=Visibility.values, required=False)


class MapImportView(IgnoreFormatParameter, ArgmapView, APIView):
    object_etag = False
    #: The view reads the upload itself; these only let session authentication's CSRF check see the body.
    parser_classes = [parsers.MultiPartParser, UnreadBodyParser]

    @extend_schema(
        tags=["interchange"],
        operation_id="maps_import",
        parameters=[
            OpenApiParameter(
                "workspace", OpenApiTypes.UUID, required=True, description="The workspace the new map goes in."
            ),
            OpenApiParameter("name", OpenApiTypes.STR, required=False),
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(IMPORT_FORMATS),
                required=False,
                description="Guessed when absent: JSON is AIF (OVA's wrapped form is recognised), text is Argdown.",
            ),
            OpenApiParameter("visibility", OpenApiTypes.STR, enum=list(Visibility.values), required=False),
        ],
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": ImportUploadSerializer,
        },
        responses={201: ImportedMapSerializer},
    )
    def post(self, request):
        """A new map from an AIF / OVA / Argdown file, sent as the request body or as the ``file`` field of a
        multipart upload. All or nothing: a refused file (message and ``detail`` point at the offending element)
        leaves the database unchanged. Needs a role that may manage maps (owner or editor)."""
        if not request.user.is_authenticated:
            raise NotAuthenticated("Sign in to import a map.")
        django_request = request._request
        fields = dict(request.query_params.items())
        content_type = (django_request.content_type or "").lower()
        filename = ""
        try:
            if content_type.startswith("multipart/form-data"):
                fields |= {k: v for k, v in django_request.POST.items() if k != "file"}
                upload = django_request.FILES.get("file")
                if upload is None:
                    raise InvalidInput("Send the file in the multipart field 'file'.", field="file")
                check_import_size(upload.size)
                raw, filename = upload.read(), upload.name or ""
            else:
                raw = django_request.body
        except RequestDataTooBig:
            raise InvalidInput("The request body is too large for an import; upload the file instead.") from None
        except MultiPartParserError as exc:
            raise InvalidInput(f"The multipart upload cannot be read: {exc}", field="file") from None
        if not raw:
            raise InvalidInput("The request has no file to import.", field="file")
        workspace = self._workspace(fields.get("workspace"))
        authorize(request.user, Action.MANAGE_MAPS, workspace)
        format = fields.get("format") or None
        if format is not None and format not in IMPORT_FORMATS:
            raise InvalidInput(f"format must be one of {', '.join(IMPORT_FORMATS)} (got {format!r}).", field="format")
        visibility = fields.get("visibility") or Visibility.PRIVATE
        if visibility not in Visibility.values:
            raise InvalidInput(f"visibility must be private or public (got {visibility!r}).", field="visibility")
        argument_map, counts = import_map(
            actor=request.user,
            workspace=workspace,
            raw=raw,
            format=format,
            name=fields.get("name", ""),
            visibility=visibility,
            filename=filename,
        )
        url = request.build_absolute_uri(f"/api/v1/maps/{argument_map.pk}/")
        body = {"id": str(argument_map.pk), "name": argument_map.name, "url": url, "counts": counts}
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": url})

    def _workspace(self, ident):
        if not ident:
            raise InvalidInput("Name the workspace the map goes in (?workspace=<id>).", field="workspace")
        return self.referenced(visible_workspaces_for(self.request.user), ident, field="workspace", noun="workspace")

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap import services
from argmap.errors import NotFound
from argmap.models import Anchor, Illocution, ReviewStatus, Statement, StatementKind, Tag
from argmap.selectors.access import (
    Action,
    authorize_review,
    visible_maps_for,
    visible_participants_for,
    visible_scheme_applications_for,
    visible_statements_for,
)
from argmap.selectors.graph import DIRECTIONS, MAX_NEIGHBOURHOOD_DEPTH, neighbourhood_document
from argmap.selectors.json_rows import tag_slugs_sql
from argmap.selectors.point_reads import PointRead
from argmap.selectors.speakers import SPEAKER_PATTERN, commitment_condition, parse_speaker, speaker_condition

from ..bodies import WrittenDetail
from ..filters import Filter, by_author, by_map, by_updated_since, choice, parse_bool, parse_uuid
from ..renderers import FastJSONRenderer
from ..serializers.statements import ReviewRequest, ReviewResult, StatementCreate, StatementOutput, StatementUpdate
from .annotation import NodeActivityMixin
from .base import ArgmapView, CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs
from .graph_docs import NeighbourhoodSerializer
from .suggestions import INCLUDE_PARAMETER, include_suggestions

REVIEW_FIELDS = {"status", "status_reason"}


def _speaker_parameter(text: str):
    return parse_speaker(text)


_speaker_parameter.pattern = SPEAKER_PATTERN

STATEMENT_FILTERS = (
    by_map(),
    Filter("kind", "kind", choice(StatementKind.values), "claim, premise, rebuttal or evidence."),
    Filter("status", "status", choice(ReviewStatus.values), "draft, proposed, accepted or rejected."),
    Filter("tag", "tags__slug", str, "Only statements with this tag (slug)."),
    Filter(
        "document",
        lambda document_id: Exists(Anchor.objects.filter(statement_id=OuterRef("pk"), document_id=document_id)),
        parse_uuid,
        "Only statements anchored in this document.",
    ),
    Filter(
        "speaker",
        speaker_condition,
        _speaker_parameter,
        "Only statements of this participant (id), or of the document's author (author).",
    ),
    Filter(
        "illocution",
        "illocution",
        choice(Illocution.values),
        "asserting, reporting, conceding, questioning or quoting.",
    ),
    Filter(
        "commitment",
        lambda committed: commitment_condition() if committed else ~commitment_condition(),
        parse_bool,
        "Only statements that commit their speaker (true: not a question) or only questions (false).",
    ),
    Filter("implicit", "implicit", parse_bool, "Reconstructed (true) or stated in the text (false)."),
    Filter("key", "key", str, "Only the statement with this key."),
    by_author(),
    by_updated_since(),
)


def workspace_tags(workspace_id, slugs: list[str]) -> list[Tag]:
    """Tags by slug in one workspace; an unknown slug is a field error."""
    tags = {tag.slug: tag for tag in Tag.objects.filter(workspace_id=workspace_id, slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in tags]
    if unknown:
        raise ValidationError({"tags": [f"No tag {slug!r} in this workspace." for slug in unknown]})
    return [tags[slug] for slug in dict.fromkeys(slugs)]


class ReviewableMixin:
    """PATCH of a node: content fields (authors and editors), or ``status`` alone (the review workflow)."""

    def authorize_update(self, obj, data):
        if REVIEW_FIELDS & set(data):
            if set(data) - REVIEW_FIELDS:
                raise ValidationError(
                    {"status": ["Change the review status on its own, not together with other fields."]}
                )
            if "status" not in data:
                raise ValidationError({"status": ["status_reason goes with a status."]})
            authorize_review(self.request.user, obj, data["status"])
        else:
            self.authorize(Action.EDIT, obj)

    def perform_update(self, obj, data, version):
        if "status" in data:
            return services.set_review_status(
                actor=self.request.user,
                node=obj,
                status=data["status"],
                reason=data.get("status_reason", ""),
                expected_version=version,
            )
        return self.update_content(obj, data, version)


def with_tags(queryset: QuerySet) -> QuerySet:
    """Tag slugs selected with each statement (an array subquery on PostgreSQL): a detail read is one
    query, not two."""
    if connection.vendor != "postgresql":
        return queryset.prefetch_related("tags")
    slugs = Tag.objects.filter(statements=OuterRef("pk")).order_by("slug").values("slug")
    return queryset.annotate(tag_slugs=ArraySubquery(slugs))


@resource_docs(
    tag="statements",
    output=StatementOutput,
    create=StatementCreate,
    update=StatementUpdate,
    filters=STATEMENT_FILTERS,
    destroy=True,
)
class StatementViewSet(NodeActivityMixin, ReviewableMixin, CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """Statements (AIF I-nodes). Annotators create and edit their own, editors all, reviewers accept or reject.

    Deleting a statement deletes its edges, anchors and evidence links, and the
    scheme applications left without a conclusion or any premise; the response
    counts them.
    """

    serializer_class = StatementOutput
    create_serializer_class = StatementCreate
    update_serializer_class = StatementUpdate
    filters = STATEMENT_FILTERS
    noun = "statement"
    detail_route = "/api/v1/statements/"
    schema_tag = "statements"

    point_read = PointRead(Statement, lambda user: with_tags(visible_statements_for(user)))
    written_detail = WrittenDetail(Statement, visible_statements_for, computed={"tags": tag_slugs_sql(Statement)})

    def visible(self):
        return visible_statements_for(self.request.user)

    def with_related(self, queryset):
        return with_tags(queryset)

    def perform_create(self, data):
        user = self.request.user
        argument_map = self.referenced(visible_maps_for(user), data.pop("map"), field="map", noun="map")
        self.authorize(Action.CREATE, argument_map)
        tags = workspace_tags(argument_map.workspace_id, data.pop("tags"))
        self._speaker(data)
        return services.create_statement(actor=user, argument_map=argument_map, tags=tags, **data)

    def update_content(self, obj, data, version):
        if "tags" in data:
            data["tags"] = workspace_tags(obj.workspace_id, data["tags"])
        self._speaker(data)
        return services.update_statement(actor=self.request.user, statement=obj, expected_version=version, **data)

    def _speaker(self, data: dict) -> None:
        if data.get("speaker") is not None:
            data["speaker"] = self.referenced(
                visible_participants_for(self.request.user), data["speaker"], field="speaker", noun="participant"
            )

    def perform_destroy(self, obj, version):
        return services.delete_statement(actor=self.request.user, statement=obj, expected_version=version)

    @extend_schema(
        tags=["statements"],
        parameters=[
            OpenApiParameter(
                "depth",
                {"type": "integer", "minimum": 0, "maximum": MAX_NEIGHBOURHOOD_DEPTH, "default": 1},
                description=f"Scheme applications to pass, 0–{MAX_NEIGHBOURHOOD_DEPTH} (default 1).",
            ),
            OpenApiParameter(
                "direction",
                str,
                enum=list(DIRECTIONS),
                description="up: towards what it supports or attacks; down: towards what supports or attacks it; "
                "both (default).",
            ),
            INCLUDE_PARAMETER,
        ],
        responses=NeighbourhoodSerializer,
    )
    @action(detail=True, methods=["get"], renderer_classes=[FastJSONRenderer])
    def neighbourhood(self, request, pk=None):
        """Everything reachable from the statement through at most ``depth`` scheme applications."""
        raw_depth = request.query_params.get("depth", "1")
        try:
            depth = int(raw_depth)
        except ValueError:
            raise ValidationError({"depth": [f"must be an integer from 0 to {MAX_NEIGHBOURHOOD_DEPTH}."]}) from None
        direction = request.query_params.get("direction", "both")
        included = include_suggestions(
            request, lambda: visible_statements_for(request.user).filter(pk=pk).only("workspace_id").first()
        )
        body = neighbourhood_document(
            statement_id=pk, depth=depth, direction=direction, user=request.user, include_suggestions=included
        )
        if body is None:
            raise NotFound(f"No {self.noun} {pk} (or none you may see).")
        return Response(body)


@extend_schema(tags=["statements"], request=ReviewRequest, responses=ReviewResult)
class ReviewView(ArgmapView, APIView):
    """``POST /reviews/``: one review status for many statements and scheme applications, all or none.

    Each node names the version reviewed; if any is stale nothing changes (412).
    Authors move their own work between draft and proposed; reviewers and owners accept and reject.
    """

    def post(self, request):
        data = self.parse(ReviewRequest)
        user = request.user
        ids = [node["id"] for node in data["nodes"]]
        found = {s.pk: s for s in visible_statements_for(user).filter(pk__in=ids)}
        found |= {a.pk: a for a in visible_scheme_applications_for(user).filter(pk__in=ids)}
        nodes = []
        for index, node in enumerate(data["nodes"]):
            obj = found.get(node["id"])
            if obj is None:
                raise NotFound(
                    f"No statement or scheme application {node['id']} (or none you may see).", field=f"nodes.{index}.id"
                )
            authorize_review(user, obj, data["status"])
            nodes.append((obj, node["version"]))
        reviewed = services.review_nodes(actor=user, nodes=nodes, status=data["status"], reason=data["reason"])
        return Response(
            {"reviewed": [{"id": node.pk, "version": node.version, "status": node.status} for node in reviewed]}
        )

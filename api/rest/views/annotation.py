"""Team annotation over REST: what the annotation screen reads and writes beyond the graph resources.

``GET maps/{id}/annotation/?document=`` (the screen's whole state), ``POST maps/{id}/passages/``
(a statement anchored on selected text), ``comments/``, ``assessments/``, a node's
``discussion/``, ``history/`` and ``critical-questions/``, and ``POST changes/{batch}/revert/``.
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap import services
from argmap.errors import InvalidInput
from argmap.models import CriticalQuestion, Statement
from argmap.selectors import annotation as selectors
from argmap.selectors import changes as feed
from argmap.selectors.access import (
    Action,
    authorize_revert_batch,
    permissions_in,
    visible_anchors_for,
    visible_assessments_for,
    visible_comments_for,
    visible_documents_for,
    visible_maps_for,
    visible_scheme_applications_for,
    visible_statements_for,
)
from argmap.services import annotation as annotation_services

from ..concurrency import etag_for
from ..filters import Filter, by_author, by_map, by_updated_since, parse_uuid
from ..renderers import FastJSONRenderer
from ..serializers.anchors import AnchorOutput
from ..serializers.annotation import (
    AnnotationState,
    AssessmentCreate,
    AssessmentOutput,
    CommentCreate,
    CommentOutput,
    CriticalQuestionAnswerRequest,
    CriticalQuestionState,
    Discussion,
    HistoryEntry,
    PassageCreate,
    PassageCreated,
    RevertResult,
)
from ..serializers.statements import StatementOutput
from .base import ArgmapView, CreateMixin, ResourceViewSet, resource_docs

#: Nodes one partial state read may name.
MAX_STATE_NODES = 200

#: Selector field names → the APIs' (foreign keys without ``_id``, no ``__``); None drops the field.
RENAMES = {
    "created_by__username": "created_by_username",
    "actor__username": "actor_username",
    "assessor__username": "assessor_username",
    "source__title": "source_title",
    "scheme__key": "scheme",
    "scheme__name": "scheme_name",
    "scheme__name_ja": "scheme_name_ja",
    "scheme_id": None,
    "entity_id": "entity_id",
}


def api_row(row: dict) -> dict:
    """A selector row with the APIs' field names."""
    out = {}
    for key, value in row.items():
        if key in RENAMES:
            name = RENAMES[key]
            if name is None:
                continue
        else:
            name = key[:-3] if key.endswith("_id") else key
        out[name] = value
    return out


NODE_FILTERS = (
    by_map(),
    Filter("statement", "statement_id", parse_uuid, "Only rows about this statement."),
    Filter("application", "application_id", parse_uuid, "Only rows about this scheme application."),
)


class NodeReferenceMixin:
    """Resolves a body's ``statement`` / ``application`` to a node the user can see (404 naming the field)."""

    def node(self, data: dict):
        user = self.request.user
        if data.get("statement") is not None:
            return self.referenced(visible_statements_for(user), data["statement"], field="statement", noun="statement")
        return self.referenced(
            visible_scheme_applications_for(user), data["application"], field="application", noun="scheme application"
        )


# ---------------------------------------------------------------- the screen's state and passages


class AnnotationStateView(ArgmapView, APIView):
    object_etag = False
    renderer_classes = [FastJSONRenderer]

    @extend_schema(
        tags=["annotation"],
        operation_id="maps_annotation",
        parameters=[
            OpenApiParameter(
                "document",
                OpenApiTypes.UUID,
                required=False,
                description="The document being annotated: checked to be one of the map's, and echoed.",
            ),
            OpenApiParameter(
                "nodes",
                OpenApiTypes.STR,
                required=False,
                description=(
                    f"Up to {MAX_STATE_NODES} comma-separated statement and scheme application ids: only those nodes, "
                    "their anchors, edges, evidence and cited sources (no schemes) — a refresh after a change."
                ),
            ),
        ],
        responses={200: AnnotationState},
    )
    def get(self, request, pk):
        """Everything an annotation screen shows for a map, as you may see it: statements and scheme
        applications (with comment counts, assessment spreads and critical questions), edges, anchors (into
        every document of the map), evidence links, the workspace's sources, the inference schemes, blind
        annotation, and what your role lets you do. ``document`` names the document being annotated (404 if
        it is not one of the map's). A fixed number of queries whatever the map's size."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        self.authorize(Action.READ, argument_map)
        document = None
        if request.query_params.get("document"):
            document = self.referenced(
                visible_documents_for(request.user).filter(maps=argument_map),
                request.query_params["document"],
                field="document",
                noun="document of this map",
            )
        nodes = _node_ids(request.query_params.get("nodes"))
        cursor = feed.latest_cursor()
        state = selectors.annotation_state(request.user, argument_map, document, nodes=nodes)
        user = request.user if request.user.is_authenticated else None
        body = {
            "map": argument_map.pk,
            "cursor": cursor,
            "document": document.pk if document is not None else None,
            "permissions": {
                **permissions_in(request.user, argument_map.workspace_id),
                "user": user.pk if user else None,
                "username": user.get_username() if user else "",
            },
            "statements": [api_row(row) for row in state["statements"]],
            "scheme_applications": [
                {**api_row(row), "critical_questions": [api_row(q) for q in row["critical_questions"]]}
                for row in state["applications"]
            ],
            "edges": [api_row(row) for row in state["edges"]],
            "anchors": [api_row(row) for row in state["anchors"]],
            "evidence_links": [api_row(row) for row in state["evidence"]],
            "sources": state["sources"],
            "schemes": state["schemes"],
            "independent_annotation": state["independent_annotation"],
        }
        return Response(body, headers={"Vary": "Authorization, Cookie"})


def _node_ids(value: str | None) -> set | None:
    if value is None:
        return None
    parts = [part for part in value.split(",") if part.strip()]
    if len(parts) > MAX_STATE_NODES:
        raise InvalidInput(f"nodes: at most {MAX_STATE_NODES} ids.", field="nodes")
    try:
        return {parse_uuid(part.strip()) for part in parts}
    except ValueError as error:
        raise InvalidInput(f"nodes: {error}", field="nodes") from None


class PassageView(ArgmapView, APIView):
    @extend_schema(
        tags=["annotation"], operation_id="maps_passages_create", request=PassageCreate, responses={201: PassageCreated}
    )
    def post(self, request, pk):
        """Selected text + a kind → a statement (its text defaults to the quote) anchored on exactly those code
        points of the document, both or neither. ``document.text[start:end]`` must equal ``exact``."""
        user = request.user
        argument_map = self.referenced(visible_maps_for(user), pk, field="id", noun="map")
        data = self.parse(PassageCreate)
        self.authorize(Action.CREATE, argument_map)
        document = self.referenced(
            visible_documents_for(user).filter(maps=argument_map),
            data.pop("document"),
            field="document",
            noun="document of this map",
        )
        statement, anchor = annotation_services.annotate_passage(
            actor=user, argument_map=argument_map, document=document, **data
        )
        statement = visible_statements_for(user).prefetch_related("tags").get(pk=statement.pk)
        anchor = visible_anchors_for(user).get(pk=anchor.pk)
        body = {"statement": StatementOutput(statement).data, "anchor": AnchorOutput(anchor).data}
        headers = {
            "ETag": etag_for(statement.version),
            "Location": request.build_absolute_uri(f"/api/v1/statements/{statement.pk}/"),
        }
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)


# ---------------------------------------------------------------- a node's discussion, history and questions


class NodeActivityMixin:
    """``discussion/`` and ``history/`` of a statement or a scheme application."""

    @extend_schema(responses=Discussion)
    @action(detail=True, methods=["get"], object_etag=False)
    def discussion(self, request, pk=None):
        """The node's discussion thread (oldest first), every member's assessment and their spread."""
        node = self.get_object()
        found = selectors.node_discussion(request.user, node)
        return Response(
            {
                "comments": [api_row(row) for row in found["comments"]],
                "assessments": [api_row(row) for row in found["assessments"]],
                "spread": found["spread"],
            }
        )

    @extend_schema(responses=HistoryEntry(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, object_etag=False)
    def history(self, request, pk=None):
        """The node's recorded changes (a statement's include its anchors'), newest first, at most 50; each
        ``batch`` can be undone with ``POST /changes/{batch}/revert/``. Members only: others get an empty list."""
        node = self.get_object()
        return Response([api_row(row) for row in selectors.node_history(request.user, node)])


class CriticalQuestionsMixin:
    """``critical-questions/`` of an inference that applies a scheme."""

    @extend_schema(methods=["GET"], responses=CriticalQuestionState(many=True))
    @extend_schema(methods=["POST"], request=CriticalQuestionAnswerRequest, responses=CriticalQuestionState)
    @action(
        detail=True, methods=["get", "post"], url_path="critical-questions", pagination_class=None, object_etag=False
    )
    def critical_questions(self, request, pk=None):
        """GET: the critical questions of the inference's scheme, each with whether it is answered and by which
        statement (empty for nodes without a scheme). POST: mark one answered (optionally by a statement of
        the map) or open again."""
        application = self.get_object()
        if request.method == "POST":
            data = self.parse(CriticalQuestionAnswerRequest)
            self.authorize(Action.CREATE, application.map)
            question = self.referenced(
                CriticalQuestion.objects.all(), data["question"], field="question", noun="critical question"
            )
            answer = None
            if data["answer"] is not None:
                answer = self.referenced(
                    visible_statements_for(request.user).filter(map_id=application.map_id),
                    data["answer"],
                    field="answer",
                    noun="statement in this map",
                )
            annotation_services.answer_critical_question(
                actor=request.user,
                application=application,
                question=question,
                answered=data["answered"],
                answer=answer,
                note=data["note"],
            )
        row = {"id": application.pk, "type": application.type, "scheme_id": application.scheme_id}
        questions = [api_row(q) for q in selectors.critical_questions([row]).get(application.pk, [])]
        if request.method == "POST":
            (answered,) = [q for q in questions if q["id"] == question.pk]
            return Response(answered)
        return Response(questions)


# ---------------------------------------------------------------- comments and assessments

COMMENT_FILTERS = (*NODE_FILTERS, by_author(), by_updated_since())
ASSESSMENT_FILTERS = (
    *NODE_FILTERS,
    Filter(
        "assessor",
        lambda value: Q(assessor_id=int(value)) if value.isdigit() else Q(assessor__username=value),
        str,
        "Made by this user (id or username).",
    ),
    by_updated_since(),
)


@resource_docs(tag="discussion", output=CommentOutput, create=CommentCreate, filters=COMMENT_FILTERS)
class CommentViewSet(NodeReferenceMixin, CreateMixin, ResourceViewSet):
    """Messages in the discussion thread of a statement or a scheme application. Every member may post
    (viewers too); comments are read wherever their node is."""

    serializer_class = CommentOutput
    create_serializer_class = CommentCreate
    filters = COMMENT_FILTERS
    noun = "comment"
    detail_route = "/api/v1/comments/"
    http_method_names = ("get", "post", "head", "options")

    def visible(self):
        return visible_comments_for(self.request.user)

    def perform_create(self, data):
        node = self.node(data)
        self.authorize(Action.DISCUSS, node)
        return annotation_services.add_comment(actor=self.request.user, node=node, body=data["body"])


@resource_docs(tag="discussion", output=AssessmentOutput, filters=ASSESSMENT_FILTERS)
class AssessmentViewSet(NodeReferenceMixin, ResourceViewSet):
    """Each member's own judgement of a statement or an inference: agree / disagree / unsure and a strength 1–5."""

    serializer_class = AssessmentOutput
    filters = ASSESSMENT_FILTERS
    noun = "assessment"
    detail_route = "/api/v1/assessments/"
    http_method_names = ("get", "post", "head", "options")

    def visible(self):
        return visible_assessments_for(self.request.user)

    @extend_schema(
        tags=["discussion"], request=AssessmentCreate, responses={200: AssessmentOutput, 201: AssessmentOutput}
    )
    def create(self, request, *args, **kwargs):
        """Record your assessment of a node (201), or change the one you made (200): one per member and node."""
        data = self.parse(AssessmentCreate)
        node = self.node(data)
        self.authorize(Action.DISCUSS, node)
        field = "statement" if isinstance(node, Statement) else "application"
        existed = visible_assessments_for(request.user).filter(assessor=request.user, **{field: node}).exists()
        row = annotation_services.assess(
            actor=request.user, node=node, agreement=data["agreement"], strength=data["strength"]
        )
        row = self.reload(row)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return self.object_response(row, self.render(row), status_code=code)


# ---------------------------------------------------------------- history


class ChangeRevertView(ArgmapView, APIView):
    object_etag = False

    @extend_schema(
        tags=["history"],
        operation_id="changes_revert",
        request=None,
        responses={200: RevertResult},
    )
    def post(self, request, batch):
        """Undo one recorded write (every change of its batch), as a new write. Owners and editors may undo any
        write of their workspace, annotators only their own. Refused (412) when a row it touched has changed
        since, so a revert never discards later work."""
        authorize_revert_batch(request.user, batch)
        new_batch = services.revert_batch(actor=request.user, batch=batch)
        return Response({"reverted": batch, "batch": new_batch})

from __future__ import annotations

from argmap import services
from argmap.models import EdgeRole, ReviewStatus, SchemeType
from argmap.rules import scheme_by_key
from argmap.selectors.access import (
    Action,
    visible_edges_for,
    visible_maps_for,
    visible_scheme_applications_for,
    visible_statements_for,
)
from argmap.selectors.graph import conflict_kinds

from ..filters import Filter, by_author, by_map, by_updated_since, choice, parse_uuid
from ..serializers.structure import (
    EdgeCreate,
    EdgeOutput,
    SchemeApplicationCreate,
    SchemeApplicationOutput,
    SchemeApplicationUpdate,
)
from .annotation import CriticalQuestionsMixin, NodeActivityMixin
from .base import CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs
from .statements import ReviewableMixin

APPLICATION_FILTERS = (
    by_map(),
    Filter("type", "type", choice(SchemeType.values), "inference, conflict, rephrase or preference."),
    Filter("status", "status", choice(ReviewStatus.values), "draft, proposed, accepted or rejected."),
    Filter("scheme", "scheme__key", str, "Only applications of this argumentation scheme (key)."),
    Filter("tag", "tags__slug", str, "Only scheme applications with this tag (slug)."),
    Filter("key", "key", str, "Only the scheme application with this key."),
    by_author(),
    by_updated_since(),
)
EDGE_FILTERS = (
    by_map(),
    Filter("application", "application_id", parse_uuid, "Only edges of this scheme application."),
    Filter("statement", "statement_id", parse_uuid, "Only edges that touch this statement."),
    Filter("role", "role", choice(EdgeRole.values), "antecedent or consequent."),
    by_author(),
    by_updated_since(),
)


@resource_docs(
    tag="scheme applications",
    output=SchemeApplicationOutput,
    create=SchemeApplicationCreate,
    update=SchemeApplicationUpdate,
    filters=APPLICATION_FILTERS,
    destroy=True,
)
class SchemeApplicationViewSet(
    NodeActivityMixin, CriticalQuestionsMixin, ReviewableMixin, CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet
):
    """Scheme applications (AIF S-nodes): inferences, conflicts, rephrases and preferences.

    ``POST /maps/{id}/arguments/`` and ``/attacks/`` create one with its edges
    in one request; ``POST`` here creates a bare node to join with ``/edges/``.
    Deleting one deletes its edges and the conflicts that only attacked it.
    """

    serializer_class = SchemeApplicationOutput
    create_serializer_class = SchemeApplicationCreate
    update_serializer_class = SchemeApplicationUpdate
    filters = APPLICATION_FILTERS
    noun = "scheme application"
    detail_route = "/api/v1/scheme-applications/"
    schema_tag = "scheme applications"

    def visible(self):
        return visible_scheme_applications_for(self.request.user)

    def with_related(self, queryset):
        return queryset.select_related("scheme").prefetch_related("tags")

    def render_many(self, rows):
        context = {
            **self.get_serializer_context(),
            "conflict_kinds": conflict_kinds([r.pk for r in rows], user=self.request.user),
        }
        return SchemeApplicationOutput(rows, many=True, context=context).data

    def render(self, obj):
        context = {**self.get_serializer_context(), "conflict_kinds": conflict_kinds([obj.pk], user=self.request.user)}
        return SchemeApplicationOutput(obj, context=context).data

    def perform_create(self, data):
        user = self.request.user
        argument_map = self.referenced(visible_maps_for(user), data.pop("map"), field="map", noun="map")
        self.authorize(Action.CREATE, argument_map)
        data["scheme"] = scheme_by_key(data["scheme"])
        return services.create_scheme_application(actor=user, argument_map=argument_map, **data)

    def update_content(self, obj, data, version):
        if "scheme" in data:
            data["scheme"] = scheme_by_key(data["scheme"])
        return services.update_scheme_application(
            actor=self.request.user, application=obj, expected_version=version, **data
        )

    def perform_destroy(self, obj, version):
        return services.delete_scheme_application(actor=self.request.user, application=obj, expected_version=version)


@resource_docs(tag="edges", output=EdgeOutput, create=EdgeCreate, filters=EDGE_FILTERS, destroy=True)
class EdgeViewSet(CreateMixin, DestroyMixin, ResourceViewSet):
    """AIF edges: each joins a scheme application to one statement or to another scheme application.

    Edges are created and deleted, never changed. Adding or removing one edits
    its scheme application, so it takes the right to edit that node.
    """

    serializer_class = EdgeOutput
    create_serializer_class = EdgeCreate
    filters = EDGE_FILTERS
    noun = "edge"
    detail_route = "/api/v1/edges/"

    def visible(self):
        return visible_edges_for(self.request.user)

    def perform_create(self, data):
        user = self.request.user
        applications = visible_scheme_applications_for(user)
        application = self.referenced(applications, data["application"], field="application", noun="scheme application")
        self.authorize(Action.EDIT, application)
        statement = other = None
        if data["statement"] is not None:
            statement = self.referenced(
                visible_statements_for(user), data["statement"], field="statement", noun="statement"
            )
        if data["other_application"] is not None:
            other = self.referenced(
                applications, data["other_application"], field="other_application", noun="scheme application"
            )
        return services.create_edge(
            actor=user,
            application=application,
            role=data["role"],
            statement=statement,
            other_application=other,
            confirm_cycle=data["confirm_cycle"],
        )

    def authorize_destroy(self, obj):
        self.authorize(Action.EDIT, obj.application)

    def perform_destroy(self, obj, version):
        services.delete_edge(actor=self.request.user, edge=obj, expected_version=version)
        return {"edges": 1}

from __future__ import annotations

from django.db.models import Q

from argmap import services
from argmap.models import Scheme
from argmap.selectors.access import Action, visible_tags_for, visible_workspaces_for

from ..filters import Filter, by_updated_since, by_workspace, choice
from ..serializers.schemes import SchemeOutput, TagCreate, TagOutput, TagUpdate
from .base import CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs

SCHEME_FILTERS = (
    Filter("applies_to", "applies_to", choice(["inference", "conflict"]), "inference or conflict."),
    Filter(
        "name",
        lambda value: Q(key__icontains=value) | Q(name__icontains=value) | Q(name_ja__icontains=value),
        str,
        "Only schemes whose key, English or Japanese name contains this (a type-ahead: 専門家, expert).",
    ),
)
TAG_FILTERS = (by_workspace(), Filter("slug", "slug", str, "Only tags with this slug."), by_updated_since())


@resource_docs(tag="schemes", output=SchemeOutput, filters=SCHEME_FILTERS)
class SchemeViewSet(ResourceViewSet):
    """Walton's argumentation schemes with their critical questions: a public, read-only catalogue.

    Addressed by key (``/schemes/expert_opinion/``); scheme applications name their scheme by key too.
    """

    serializer_class = SchemeOutput
    filters = SCHEME_FILTERS
    noun = "scheme"
    lookup_field = "key"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def visible(self):
        return Scheme.objects.all()

    def with_related(self, queryset):
        return queryset.prefetch_related("critical_questions")


@resource_docs(tag="tags", output=TagOutput, create=TagCreate, update=TagUpdate, filters=TAG_FILTERS, destroy=True)
class TagViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """A workspace's labels for statements and scheme applications."""

    serializer_class = TagOutput
    create_serializer_class = TagCreate
    update_serializer_class = TagUpdate
    filters = TAG_FILTERS
    noun = "tag"
    detail_route = "/api/v1/tags/"

    def visible(self):
        return visible_tags_for(self.request.user)

    def perform_create(self, data):
        user = self.request.user
        workspace = self.referenced(
            visible_workspaces_for(user), data.pop("workspace"), field="workspace", noun="workspace"
        )
        self.authorize(Action.CREATE, workspace)
        return services.create_tag(actor=user, workspace=workspace, **data)

    def perform_update(self, obj, data, version):
        return services.update_tag(actor=self.request.user, tag=obj, expected_version=version, **data)

    def perform_destroy(self, obj, version):
        services.delete_tag(actor=self.request.user, tag=obj, expected_version=version)
        return {"tags": 1}

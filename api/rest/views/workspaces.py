from __future__ import annotations

from rest_framework.exceptions import NotAuthenticated

from argmap import services
from argmap.errors import InvalidInput
from argmap.models import Workspace
from argmap.selectors.access import Action, visible_memberships_for, visible_workspaces_for
from argmap.selectors.accounts import accounts_named

from ..filters import Filter, by_updated_since
from ..serializers.workspaces import (
    MembershipCreate,
    MembershipOutput,
    MembershipUpdate,
    WorkspaceCreate,
    WorkspaceOutput,
    WorkspaceUpdate,
)
from .base import CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs

WORKSPACE_FILTERS = (Filter("slug", "slug", str, "Only the workspace with this slug."), by_updated_since())


@resource_docs(
    tag="workspaces", output=WorkspaceOutput, create=WorkspaceCreate, update=WorkspaceUpdate, filters=WORKSPACE_FILTERS
)
class WorkspaceViewSet(CreateMixin, UpdateMixin, ResourceViewSet):
    """Teams. Any signed-in user may create one and becomes its owner; the owner manages it and its members."""

    serializer_class = WorkspaceOutput
    create_serializer_class = WorkspaceCreate
    update_serializer_class = WorkspaceUpdate
    filters = WORKSPACE_FILTERS
    noun = "workspace"
    detail_route = "/api/v1/workspaces/"

    def visible(self):
        return visible_workspaces_for(self.request.user)

    def perform_create(self, data):
        if not self.request.user.is_authenticated:
            raise NotAuthenticated("Sign in to create a workspace.")
        return services.create_workspace(actor=self.request.user, **data)

    def authorize_update(self, obj, data):
        self.authorize(Action.MANAGE_MEMBERS, obj)

    def perform_update(self, obj, data, version):
        return services.update_workspace(actor=self.request.user, workspace=obj, expected_version=version, **data)


@resource_docs(
    tag="workspaces", output=MembershipOutput, create=MembershipCreate, update=MembershipUpdate, destroy=True
)
class MembershipViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """``/workspaces/{workspace}/members/``: listed to members; the owner adds, re-roles and removes them."""

    serializer_class = MembershipOutput
    create_serializer_class = MembershipCreate
    update_serializer_class = MembershipUpdate
    noun = "membership"

    def workspace(self) -> Workspace:
        if not hasattr(self, "_workspace"):
            self._workspace = self.referenced(
                visible_workspaces_for(self.request.user),
                self.kwargs["workspace_pk"],
                field="workspace",
                noun="workspace",
            )
        return self._workspace

    def visible(self):
        return visible_memberships_for(self.request.user).filter(workspace=self.workspace())

    def with_related(self, queryset):
        return queryset.select_related("user")

    def reverse_detail(self, obj):
        return self.request.build_absolute_uri(f"/api/v1/workspaces/{obj.workspace_id}/members/{obj.pk}/")

    def perform_create(self, data):
        workspace = self.workspace()
        self.authorize(Action.MANAGE_MEMBERS, workspace)
        user = _user(data["user"])
        return services.add_member(actor=self.request.user, workspace=workspace, user=user, role=data["role"])

    def authorize_update(self, obj, data):
        self.authorize(Action.MANAGE_MEMBERS, self.workspace())

    def perform_update(self, obj, data, version):
        return services.change_member_role(
            actor=self.request.user, membership=obj, role=data.get("role", obj.role), expected_version=version
        )

    def authorize_destroy(self, obj):
        self.authorize(Action.MANAGE_MEMBERS, self.workspace())

    def perform_destroy(self, obj, version):
        services.remove_member(actor=self.request.user, membership=obj, expected_version=version)
        return {"memberships": 1}


def _user(identifier: str):
    user = accounts_named(identifier, by_id=True).first()
    if user is None:
        raise InvalidInput(f"No active user {identifier!r}: name a person by their exact username.", field="user")
    return user

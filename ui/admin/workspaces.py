"""Workspaces and their members."""

from __future__ import annotations

from django.contrib import admin

from argmap import services
from argmap.models import Membership, Workspace
from argmap.selectors.access import Action, is_superuser

from .base import DomainAdmin, DomainInline, only, scoped_filters


class MembershipInline(DomainInline):
    model = Membership
    parent_action = Action.MANAGE_MEMBERS
    create_action = Action.MANAGE_MEMBERS
    fields = ("user", "role")
    autocomplete_fields = ("user",)

    def create(self, request, parent, form):
        return services.add_member(
            actor=request.user, workspace=parent, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
        )

    def update(self, request, stored, changes, version):
        only(changes, "role")
        return services.change_member_role(
            actor=request.user, membership=stored, role=changes["role"], expected_version=version
        )

    def delete(self, request, stored, version):
        services.remove_member(actor=request.user, membership=stored, expected_version=version)


@admin.register(Workspace)
class WorkspaceAdmin(DomainAdmin):
    edit_action = Action.MANAGE_MEMBERS
    create_action = Action.MANAGE_MEMBERS
    fields = ("name", "slug", "description")
    list_display = ("name", "slug", "updated_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]

    def has_add_permission(self, request):
        return is_superuser(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def create(self, request, form):
        data = form.cleaned_data
        return services.create_workspace(
            actor=request.user, slug=data["slug"], name=data["name"], description=data["description"]
        )

    def update(self, request, stored, changes, version):
        return services.update_workspace(actor=request.user, workspace=stored, expected_version=version, **changes)


@admin.register(Membership)
class MembershipAdmin(DomainAdmin):
    edit_action = Action.MANAGE_MEMBERS
    create_action = Action.MANAGE_MEMBERS
    fields = ("workspace", "user", "role")
    set_on_creation = ("workspace", "user")
    list_display = ("user", "workspace", "role")
    list_filter = ("role", *scoped_filters("workspace"))
    search_fields = ("user__username", "workspace__name")
    autocomplete_fields = ("user",)

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.MANAGE_MEMBERS, data["workspace"])
        return services.add_member(
            actor=request.user, workspace=data["workspace"], user=data["user"], role=data["role"]
        )

    def update(self, request, stored, changes, version):
        return services.change_member_role(
            actor=request.user, membership=stored, role=changes["role"], expected_version=version
        )

    def delete(self, request, stored, version):
        services.remove_member(actor=request.user, membership=stored, expected_version=version)

"""Workspaces and their members."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model

from argmap import services
from argmap.models import Membership, Workspace
from argmap.selectors.access import Action, is_superuser
from argmap.selectors.accounts import accounts_named

from .base import DomainAdmin, DomainInline, _any_role_may, only, scoped_filters


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


Account = get_user_model()
if admin.site.is_registered(Account):
    admin.site.unregister(Account)


@admin.register(Account)
class AccountAdmin(auth_admin.UserAdmin):
    """Accounts are managed by superusers; a workspace owner only picks the person to add.

    For an owner the member picker answers an exact username and nothing else
    (the REST door takes an exact username or id), so no fragment lists accounts."""

    def _is_member_picker(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        return bool(match and match.url_name == "autocomplete" and _any_role_may(request.user, Action.MANAGE_MEMBERS))

    def has_module_permission(self, request):
        return is_superuser(request.user)

    def has_view_permission(self, request, obj=None):
        if is_superuser(request.user):
            return super().has_view_permission(request, obj)
        return obj is None and self._is_member_picker(request)

    def get_search_results(self, request, queryset, search_term):
        if is_superuser(request.user):
            return super().get_search_results(request, queryset, search_term)
        return queryset & accounts_named(search_term), False

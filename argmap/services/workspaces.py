from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model

from argmap.errors import RuleViolation
from argmap.models import Membership, Role, Workspace

from ._common import apply_update, require_choice, require_text, save_new
from .history import lock_current, recorded_write


def create_workspace(
    *, actor: AbstractBaseUser | None, slug: str, name: str, description: str = "", workspace_id: object = None
) -> Workspace:
    """A new workspace; its creator (if any) becomes its owner."""
    with recorded_write(actor=actor, summary=f"create workspace {slug}") as log:
        workspace = Workspace(
            slug=require_text(slug, field="slug"), name=require_text(name, field="name"), description=description
        )
        if workspace_id is not None:
            workspace.id = workspace_id
        save_new(log, workspace, actor)
        if actor is not None and getattr(actor, "pk", None):
            save_new(log, Membership(workspace=workspace, user=actor, role=Role.OWNER), actor)
    return workspace


def update_workspace(
    *, actor: AbstractBaseUser | None, workspace: Workspace, expected_version: int | None, **changes: object
) -> Workspace:
    with recorded_write(actor=actor, summary=f"update workspace {workspace.slug}") as log:
        return apply_update(
            log,
            Workspace,
            workspace.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed={"name", "description", "slug"},
        )


def add_member(*, actor: AbstractBaseUser | None, workspace: Workspace, user: Model, role: str) -> Membership:
    require_choice(role, Role, field="role")
    if Membership.objects.filter(workspace=workspace, user=user).exists():
        raise RuleViolation(f"{user} is already a member of {workspace}.", rule="one_membership_per_user")
    with recorded_write(actor=actor, summary=f"add {user} to {workspace.slug}") as log:
        membership = Membership(workspace=workspace, user=user, role=role)
        save_new(log, membership, actor)
    return membership


def change_member_role(
    *, actor: AbstractBaseUser | None, membership: Membership, role: str, expected_version: int | None
) -> Membership:
    require_choice(role, Role, field="role")
    with recorded_write(actor=actor, summary=f"change role of {membership.user_id}") as log:
        if membership.role == Role.OWNER and role != Role.OWNER:
            _keep_an_owner(membership)
        return apply_update(
            log,
            Membership,
            membership.pk,
            actor=actor,
            expected_version=expected_version,
            changes={"role": role},
            allowed={"role"},
        )


def remove_member(*, actor: AbstractBaseUser | None, membership: Membership, expected_version: int | None) -> None:
    """Take a user out of a workspace; the last owner cannot be removed."""
    with recorded_write(actor=actor, summary=f"remove member {membership.user_id}") as log:
        current = lock_current(Membership, membership.pk, expected_version)
        if current.role == Role.OWNER:
            _keep_an_owner(current)
        log.deleted(current)
        current.delete()


def _keep_an_owner(membership: Membership) -> None:
    owners = Membership.objects.select_for_update().filter(workspace_id=membership.workspace_id, role=Role.OWNER)
    if not owners.exclude(pk=membership.pk).exists():
        raise RuleViolation("A workspace must keep at least one owner.", rule="workspace_keeps_an_owner")

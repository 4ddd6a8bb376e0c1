"""Who sees what and who may do what: the one place these rules live.

Reads: a public map (and what is in it) is readable by anyone; everything else
only by members of its workspace. A non-member is told "not found", never
"forbidden", so private ids cannot be probed. Writes go by workspace role.
Django superusers act as owners everywhere (they run the admin).
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from argmap.errors import NotFound, PermissionDenied
from argmap.models import (
    Anchor,
    ArgumentMap,
    Document,
    Edge,
    EvidenceLink,
    Membership,
    ReviewStatus,
    Role,
    SchemeApplication,
    Source,
    Statement,
    Tag,
    Visibility,
    Workspace,
)


class Action(StrEnum):
    READ = "read"
    CREATE = "create"  # add nodes, edges, anchors, evidence to a workspace's maps
    EDIT = "edit"  # change or delete an existing object
    PROPOSE = "propose"  # move own work between draft and proposed
    REVIEW = "review"  # accept or reject
    MANAGE_MAPS = "manage_maps"
    MANAGE_MEMBERS = "manage_members"


ALLOWED = {
    Action.READ: set(Role.values),
    Action.CREATE: {Role.OWNER, Role.EDITOR, Role.ANNOTATOR},
    Action.EDIT: {Role.OWNER, Role.EDITOR, Role.ANNOTATOR},
    Action.PROPOSE: {Role.OWNER, Role.EDITOR, Role.ANNOTATOR},
    Action.REVIEW: {Role.OWNER, Role.REVIEWER},
    Action.MANAGE_MAPS: {Role.OWNER, Role.EDITOR},
    Action.MANAGE_MEMBERS: {Role.OWNER},
}
#: Roles that may edit or propose only what they created themselves.
OWN_WORK_ONLY = {Role.ANNOTATOR}


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_superuser(user) -> bool:
    return _authenticated(user) and bool(getattr(user, "is_superuser", False))


def roles_of(user) -> dict:
    """``{workspace_id: role}`` for the user, cached on the user object for the request."""
    if not _authenticated(user):
        return {}
    cached = getattr(user, "_argmap_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))
        user._argmap_roles = cached
    return cached


def role_in(user, workspace_id) -> str | None:
    if is_superuser(user):
        return Role.OWNER
    return roles_of(user).get(workspace_id)


def member_workspace_ids(user) -> list:
    return list(roles_of(user))


def visible_maps_for(user) -> QuerySet[ArgumentMap]:
    maps = ArgumentMap.objects.all()
    if is_superuser(user):
        return maps
    return maps.filter(Q(visibility=Visibility.PUBLIC) | Q(workspace_id__in=member_workspace_ids(user)))


def visible_workspaces_for(user) -> QuerySet[Workspace]:
    workspaces = Workspace.objects.all()
    if is_superuser(user):
        return workspaces
    public = ArgumentMap.objects.filter(workspace_id=OuterRef("pk"), visibility=Visibility.PUBLIC)
    return workspaces.filter(Q(pk__in=member_workspace_ids(user)) | Exists(public))


def _in_visible_maps(queryset: QuerySet, user, map_field: str = "map") -> QuerySet:
    if is_superuser(user):
        return queryset
    return queryset.filter(
        Q(**{f"{map_field}__visibility": Visibility.PUBLIC}) | Q(workspace_id__in=member_workspace_ids(user))
    )


def visible_statements_for(user) -> QuerySet[Statement]:
    return _in_visible_maps(Statement.objects.all(), user)


def visible_scheme_applications_for(user) -> QuerySet[SchemeApplication]:
    return _in_visible_maps(SchemeApplication.objects.all(), user)


def visible_edges_for(user) -> QuerySet[Edge]:
    return _in_visible_maps(Edge.objects.all(), user)


def visible_anchors_for(user) -> QuerySet[Anchor]:
    return _in_visible_maps(Anchor.objects.all(), user)


def visible_evidence_links_for(user) -> QuerySet[EvidenceLink]:
    return _in_visible_maps(EvidenceLink.objects.all(), user)


def _public_or_member(queryset: QuerySet, user, public_path: str) -> QuerySet:
    if is_superuser(user):
        return queryset
    return queryset.filter(
        Q(workspace_id__in=member_workspace_ids(user))
        | Q(pk__in=queryset.model.objects.filter(**{public_path: Visibility.PUBLIC}).values("pk"))
    )


def visible_documents_for(user) -> QuerySet[Document]:
    """Documents of the user's workspaces, and documents that a public map is built on."""
    return _public_or_member(Document.objects.all(), user, "maps__visibility")


def visible_sources_for(user) -> QuerySet[Source]:
    """Sources of the user's workspaces, and sources cited in a public map."""
    return _public_or_member(Source.objects.all(), user, "evidence_links__map__visibility")


def visible_tags_for(user) -> QuerySet[Tag]:
    return _public_or_member(Tag.objects.all(), user, "statements__map__visibility")


def visible_memberships_for(user) -> QuerySet[Membership]:
    """Members are listed to members only."""
    if is_superuser(user):
        return Membership.objects.all()
    return Membership.objects.filter(workspace_id__in=member_workspace_ids(user))


def can_read(user, obj) -> bool:
    workspace_id = _workspace_id_of(obj)
    if role_in(user, workspace_id) is not None:
        return True
    argument_map = _map_of(obj)
    if argument_map is not None:
        return argument_map.visibility == Visibility.PUBLIC
    if isinstance(obj, (Document, Source, Tag, Workspace)):
        model_filter = {
            Document: visible_documents_for,
            Source: visible_sources_for,
            Tag: visible_tags_for,
            Workspace: visible_workspaces_for,
        }[type(obj)]
        return model_filter(user).filter(pk=obj.pk).exists()
    return False


def authorize(user, action: Action, obj) -> None:
    """Raise :class:`NotFound` if ``obj`` is invisible to ``user``, :class:`PermissionDenied` if not allowed.

    ``obj`` is the object acted upon; for CREATE and MANAGE_* it is the
    container (a map or a workspace).
    """
    if not can_read(user, obj):
        raise NotFound("Not found.")
    if action == Action.READ:
        return
    role = role_in(user, _workspace_id_of(obj))
    if role is None or role not in ALLOWED[action]:
        raise PermissionDenied(_refusal(action, role))
    if action in (Action.EDIT, Action.PROPOSE) and role in OWN_WORK_ONLY and not _created_by(obj, user):
        raise PermissionDenied("Annotators can change only what they created themselves.")


def authorize_review(user, node: Statement | SchemeApplication, status: str) -> None:
    """Authors move their work between draft and proposed; reviewers accept and reject."""
    if status in (ReviewStatus.ACCEPTED, ReviewStatus.REJECTED):
        authorize(user, Action.REVIEW, node)
    else:
        authorize(user, Action.PROPOSE, node)


def _refusal(action: Action, role: str | None) -> str:
    who = f"A {role}" if role else "Someone who is not a member"
    return f"{who} may not {action.value.replace('_', ' ')} here."


def _created_by(obj, user) -> bool:
    return getattr(obj, "created_by_id", None) == user.pk


def _workspace_id_of(obj):
    if isinstance(obj, Workspace):
        return obj.pk
    return obj.workspace_id


def _map_of(obj) -> ArgumentMap | None:
    if isinstance(obj, ArgumentMap):
        return obj
    if hasattr(obj, "map_id") and obj.map_id:
        return obj.map
    return None

"""Who sees what and who may do what: the one place these rules live.

Reads: a public map (and what is in it) is readable by anyone; everything else
only by members of its workspace. A non-member is told "not found", never
"forbidden", so private ids cannot be probed. Writes go by workspace role.
Django superusers act as owners everywhere (they run the admin).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, Func, JSONField, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from argmap.errors import NotFound, PermissionDenied
from argmap.models import (
    Anchor,
    ArgumentMap,
    Assessment,
    Change,
    Comment,
    CriticalQuestion,
    CriticalQuestionAnswer,
    Document,
    Edge,
    EvidenceLink,
    FeedEntry,
    IndependentAnnotation,
    Membership,
    Participant,
    Pipeline,
    ReviewStatus,
    Role,
    Scheme,
    SchemeApplication,
    Source,
    Statement,
    SuggestionDecision,
    Tag,
    Visibility,
    Webhook,
    WebhookDelivery,
    Workspace,
)

#: A position no entry reaches: a public map with no recorded publication shows no history.
FEED_NEVER = 2**63 - 1


@dataclass(frozen=True)
class FeedScope:
    """The changes a reader may see in one feed, and the first position they may see."""

    changes: QuerySet
    since: int


class Action(StrEnum):
    READ = "read"
    CREATE = "create"  # add nodes, edges, anchors, evidence to a workspace's maps
    EDIT = "edit"  # change or delete an existing object
    PROPOSE = "propose"  # move own work between draft and proposed
    REVIEW = "review"  # accept or reject
    MANAGE_MAPS = "manage_maps"
    MANAGE_MEMBERS = "manage_members"
    DISCUSS = "discuss"  # comment on nodes and record one's own assessment of them
    MANAGE_WEBHOOKS = "manage_webhooks"  # register webhooks and read their delivery log
    SUGGEST = "suggest"  # write a pipeline's batch of suggested nodes (machine agents only)
    TAKE_UP = "take_up"  # accept or dismiss suggestions: an annotator's one-key gesture
    SEE_SUGGESTIONS = "see_suggestions"  # read pending suggestions and what became of them: members only


#: The people of a workspace: every role but the pipelines' service accounts.
PEOPLE = set(Role.values) - {Role.PIPELINE}

ALLOWED = {
    Action.READ: set(Role.values),
    Action.CREATE: {Role.OWNER, Role.EDITOR, Role.ANNOTATOR},
    Action.EDIT: {Role.OWNER, Role.EDITOR, Role.ANNOTATOR},
    Action.PROPOSE: {Role.OWNER, Role.EDITOR, Role.ANNOTATOR},
    Action.REVIEW: {Role.OWNER, Role.REVIEWER},
    Action.MANAGE_MAPS: {Role.OWNER, Role.EDITOR},
    Action.MANAGE_MEMBERS: {Role.OWNER},
    Action.DISCUSS: PEOPLE,
    Action.MANAGE_WEBHOOKS: {Role.OWNER},
    Action.SUGGEST: {Role.PIPELINE},
    Action.TAKE_UP: {Role.OWNER, Role.EDITOR, Role.ANNOTATOR},
    Action.SEE_SUGGESTIONS: set(Role.values),
}
#: Roles that may edit or propose only what they created themselves.
OWN_WORK_ONLY = {Role.ANNOTATOR}


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_superuser(user) -> bool:
    return _authenticated(user) and bool(getattr(user, "is_superuser", False))


#: Bumped whenever this process saves or deletes a membership: roles remembered on a user object
#: before that (e.g. read with the token, then the request created a workspace) are read again.
_membership_writes = [0]


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="argmap-access-membership-writes")
def _memberships_changed(**kwargs) -> None:
    _membership_writes[0] += 1


def roles_of(user) -> dict:
    """``{workspace_id: role}`` for the user, cached on the user object for the request (until this
    process writes a membership)."""
    if not _authenticated(user):
        return {}
    cached = getattr(user, "_argmap_roles", None)
    if cached is None or getattr(user, "_argmap_roles_at", None) != _membership_writes[0]:
        cached = dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))
        _remember(user, cached)
    return cached


def _remember(user, roles: dict) -> None:
    user._argmap_roles = roles
    user._argmap_roles_at = _membership_writes[0]


def roles_expression(user_ref: str = "user_id") -> Subquery:
    """The memberships :func:`roles_of` reads, as one ``jsonb`` ``{workspace_id: role}`` (null: none) to
    select in the same query as the user: an API token's request reads token, user and roles in one
    round trip (:func:`adopt_roles`), always fresh, so a removed member loses access at once."""
    return Subquery(
        Membership.objects.filter(user_id=OuterRef(user_ref))
        .order_by()
        .values("user_id")
        .annotate(roles=_RolesObject(Cast("workspace_id", TextField()), "role", output_field=JSONField()))
        .values("roles")
    )


class _RolesObject(Func):
    """``{key: value}`` aggregated over rows: PostgreSQL's ``jsonb_object_agg``, SQLite's ``json_group_object``
    (the quick start's database), which stores UUIDs as 32 hex digits — :func:`adopt_roles` reads both."""

    function = "jsonb_object_agg"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="json_group_object", **extra_context)


def adopt_roles(user, roles: dict | None) -> None:
    """Keep for this request the roles read by :func:`roles_expression` beside the user."""
    _remember(user, {uuid.UUID(workspace_id): role for workspace_id, role in (roles or {}).items()})


def reader_shape(user) -> tuple:
    """All that the ``visible_*_for`` readers of this module read of a reader, besides who they are and which
    workspaces they belong to: signed in or not, superuser or not, and their roles in order. Readers of one
    shape get the same SQL from each reader, :func:`reader_parameters` being its only user-bound values, so a
    read may compile that SQL once per shape (:mod:`argmap.selectors.reader_sql`)."""
    if not _authenticated(user):
        return ("anonymous",)
    if is_superuser(user):
        return ("superuser",)
    return ("member", *(role for _, role in _roles_in_order(user)))


def reader_parameters(user) -> tuple:
    """A reader's id and workspaces, in the order :func:`reader_shape` lists their roles (none unless a member)."""
    if reader_shape(user)[0] != "member":
        return ()
    return (user.pk, *(workspace_id for workspace_id, _ in _roles_in_order(user)))


def _roles_in_order(user) -> list:
    """``(workspace id, role)`` by role, then workspace: one shape per set of roles, whatever order they were read in."""
    return sorted(roles_of(user).items(), key=lambda item: (item[1], str(item[0])))


def stand_in_reader(shape: tuple, parameters: tuple):
    """A reader of ``shape`` whose :func:`reader_parameters` are ``parameters`` (placeholders to compile with)."""
    from django.contrib.auth import get_user_model

    if shape[0] == "anonymous":
        return None
    if shape[0] == "superuser":
        return get_user_model()(pk=0, is_superuser=True)
    user_id, *workspace_ids = parameters
    stand_in = get_user_model()(pk=user_id, is_superuser=False)
    _remember(stand_in, dict(zip(workspace_ids, shape[1:], strict=True)))
    return stand_in


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


def _in_visible_maps(queryset: QuerySet, user, map_field: str = "map", *, node_paths: tuple = ()) -> QuerySet:
    """Rows of the user's workspaces' maps, and of public maps those not on a pending suggestion (``node_paths``
    as :func:`suggestion_filter`): a pipeline's guesses are the team's working material, never published."""
    if is_superuser(user):
        return queryset
    public = Q(**{f"{map_field}__visibility": Visibility.PUBLIC})
    if node_paths:
        public &= suggestion_filter(queryset.model, *node_paths)
    return queryset.filter(public | Q(workspace_id__in=member_workspace_ids(user)))


def suggestion_filter(model: type, *node_paths: str) -> Q:
    """The rows of ``model`` none of whose nodes (``""`` for the row itself, ``"statement__"``, …; a nullable path may
    be empty) is a pending suggestion.

    A far node is tested against the (small) set of pending suggestions, not joined: PostgreSQL hashes that set
    once, so a whole-graph read pays no join per row for a rule that almost never removes anything."""
    condition = Q()
    for path in node_paths:
        if not path:
            condition &= ~Q(status=ReviewStatus.SUGGESTED)
            continue
        field = model._meta.get_field(path[:-2])
        pending = field.related_model.objects.filter(status=ReviewStatus.SUGGESTED).values("pk")
        condition &= Q(**{f"{field.attname}__isnull": True}) | ~Q(**{f"{field.attname}__in": pending})
    return condition


def _team_rows(queryset: QuerySet, user, *node_paths: str) -> QuerySet:
    """Graph rows ``user`` may see: in a visible map, published (:func:`_in_visible_maps`) unless theirs, and
    through blind annotation (:func:`blind_annotation_filter`); ``node_paths`` lead to the nodes the row is on."""
    return _blind(_in_visible_maps(queryset, user, node_paths=node_paths), user, *node_paths)


def blind_annotator_map_ids(user) -> QuerySet | None:
    """Maps ``user`` annotates blind (as an annotator, during an active independent
    annotation), as a subquery; ``None`` when there are none, so other users pay nothing."""
    if is_superuser(user):
        return None
    workspace_ids = [ws for ws, role in roles_of(user).items() if role == Role.ANNOTATOR]
    if not workspace_ids:
        return None
    return IndependentAnnotation.objects.filter(active=True, workspace_id__in=workspace_ids).values("map_id")


def blind_annotation_filter(user, *node_paths: str) -> Q | None:
    """Blind independent annotation: in such a map an annotator sees only nodes they
    created and nodes a reviewer accepted, never another annotator's draft, proposed or
    rejected work. ``node_paths`` lead from the row to each node it depends on ("" for
    the row itself, "statement__", …; a nullable path may be empty). ``None``: no filter."""
    blind_maps = blind_annotator_map_ids(user)
    if blind_maps is None:
        return None
    seen = Q()
    for path in node_paths:
        own_or_accepted = Q(**{f"{path}created_by": user}) | Q(**{f"{path}status": ReviewStatus.ACCEPTED})
        if path:
            own_or_accepted |= Q(**{f"{path[:-2]}__isnull": True})
        seen &= own_or_accepted
    return ~Q(map_id__in=blind_maps) | seen


def _blind(queryset: QuerySet, user, *node_paths: str) -> QuerySet:
    condition = blind_annotation_filter(user, *node_paths)
    return queryset if condition is None else queryset.filter(condition)


def visible_statements_for(user) -> QuerySet[Statement]:
    return _team_rows(Statement.objects.all(), user, "")


def visible_scheme_applications_for(user) -> QuerySet[SchemeApplication]:
    return _team_rows(SchemeApplication.objects.all(), user, "")


def visible_edges_for(user) -> QuerySet[Edge]:
    return _team_rows(Edge.objects.all(), user, "application__", "statement__", "other_application__")


def visible_anchors_for(user) -> QuerySet[Anchor]:
    return _team_rows(Anchor.objects.all(), user, "statement__")


def visible_evidence_links_for(user) -> QuerySet[EvidenceLink]:
    return _team_rows(EvidenceLink.objects.all(), user, "statement__")


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


def visible_participants_for(user) -> QuerySet[Participant]:
    """Participants of the user's workspaces, and those who speak in a public map."""
    return _public_or_member(Participant.objects.all(), user, "statements__map__visibility")


def visible_pipelines_for(user) -> QuerySet[Pipeline]:
    """Pipelines (and what they suggested) are the business of their workspace's members."""
    if is_superuser(user):
        return Pipeline.objects.all()
    return Pipeline.objects.filter(workspace_id__in=member_workspace_ids(user))


def visible_suggestion_decisions_for(user) -> QuerySet[SuggestionDecision]:
    if is_superuser(user):
        return SuggestionDecision.objects.all()
    return SuggestionDecision.objects.filter(workspace_id__in=member_workspace_ids(user))


def visible_memberships_for(user) -> QuerySet[Membership]:
    """Members are listed to members only."""
    if is_superuser(user):
        return Membership.objects.all()
    return Membership.objects.filter(workspace_id__in=member_workspace_ids(user))


def visible_schemes_for(user) -> QuerySet[Scheme]:
    """Argumentation schemes (and their critical questions) are reference data: everyone reads them."""
    return Scheme.objects.all()


def visible_comments_for(user) -> QuerySet[Comment]:
    return _team_rows(Comment.objects.all(), user, "statement__", "application__")


def visible_assessments_for(user) -> QuerySet[Assessment]:
    return _team_rows(Assessment.objects.all(), user, "statement__", "application__")


def visible_critical_question_answers_for(user) -> QuerySet[CriticalQuestionAnswer]:
    return _team_rows(CriticalQuestionAnswer.objects.all(), user, "application__", "answer__")


def visible_independent_annotations_for(user) -> QuerySet[IndependentAnnotation]:
    return _in_visible_maps(IndependentAnnotation.objects.all(), user)


def visible_changes_for(user) -> QuerySet[Change]:
    """Recorded history: members read their workspaces' history. An annotator who
    works blind somewhere in a workspace reads only their own changes there, since
    a change's before/after would show another annotator's hidden work."""
    changes = Change.objects.all()
    if is_superuser(user):
        return changes
    roles = roles_of(user)
    blind_maps = blind_annotator_map_ids(user)
    if blind_maps is None:
        return changes.filter(workspace_id__in=list(roles))
    blind_workspaces = set(
        IndependentAnnotation.objects.filter(map_id__in=blind_maps).values_list("workspace_id", flat=True)
    )
    open_workspaces = [ws for ws in roles if ws not in blind_workspaces]
    return changes.filter(
        Q(workspace_id__in=open_workspaces) | Q(workspace_id__in=list(blind_workspaces), actor_id=user.pk)
    )


def feed_scope_for(user, *, argument_map: ArgumentMap | None = None, workspace: Workspace | None = None) -> FeedScope:
    """What of a map's (or a workspace's) change feed ``user`` may read.

    Members read it through :func:`visible_changes_for` (so an annotator working
    blind reads only their own writes there). Anyone may read a public map's feed,
    but only from the moment it was last made public: what was written while it
    was private stays private. A workspace's feed is for its members. Raises
    :class:`NotFound` when the reader may not read the feed at all.
    """
    if argument_map is not None:
        workspace_id, where = argument_map.workspace_id, {"map_id": argument_map.pk}
    else:
        workspace_id, where = workspace.pk, {"workspace_id": workspace.pk}
    if role_in(user, workspace_id) is not None:
        return FeedScope(changes=visible_changes_for(user).filter(**where), since=0)
    if argument_map is None or argument_map.visibility != Visibility.PUBLIC:
        raise NotFound("Not found.")
    made_public = (
        Change.objects.filter(entity="argumentmap", entity_id=str(argument_map.pk), after__visibility=Visibility.PUBLIC)
        .exclude(before__visibility=Visibility.PUBLIC)
        .order_by("-id")
        .values("batch")[:1]
    )
    since = (
        FeedEntry.objects.filter(map_id=argument_map.pk, batch__in=made_public)
        .values_list("position", flat=True)
        .first()
    )
    return FeedScope(changes=Change.objects.filter(**where), since=since if since is not None else FEED_NEVER)


def visible_webhooks_for(user) -> QuerySet[Webhook]:
    """Webhooks, their URLs and delivery logs are for the owners of their workspace only; to anyone else a
    webhook does not exist."""
    webhooks = Webhook.objects.all()
    if is_superuser(user):
        return webhooks
    managed = [ws for ws, role in roles_of(user).items() if role in ALLOWED[Action.MANAGE_WEBHOOKS]]
    return webhooks.filter(workspace_id__in=managed)


def visible_webhook_deliveries_for(user) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(webhook__in=visible_webhooks_for(user))


def visible_rows_for(user, model: type) -> QuerySet:
    """The rows of ``model`` that ``user`` may read: the reader above for that model."""
    readers = {
        Workspace: visible_workspaces_for,
        Membership: visible_memberships_for,
        Document: visible_documents_for,
        ArgumentMap: visible_maps_for,
        Statement: visible_statements_for,
        SchemeApplication: visible_scheme_applications_for,
        Edge: visible_edges_for,
        Anchor: visible_anchors_for,
        Source: visible_sources_for,
        EvidenceLink: visible_evidence_links_for,
        Tag: visible_tags_for,
        Participant: visible_participants_for,
        Scheme: visible_schemes_for,
        CriticalQuestion: lambda _user: CriticalQuestion.objects.all(),
        Comment: visible_comments_for,
        Assessment: visible_assessments_for,
        CriticalQuestionAnswer: visible_critical_question_answers_for,
        IndependentAnnotation: visible_independent_annotations_for,
        Change: visible_changes_for,
        Webhook: visible_webhooks_for,
        WebhookDelivery: visible_webhook_deliveries_for,
        Pipeline: visible_pipelines_for,
        SuggestionDecision: visible_suggestion_decisions_for,
    }
    try:
        reader = readers[model]
    except KeyError:
        raise LookupError(f"No visibility rule for {model.__name__}.") from None
    return reader(user)


def can_read(user, obj) -> bool:
    workspace_id = _workspace_id_of(obj)
    if role_in(user, workspace_id) is not None:
        return not _hidden_by_blind_annotation(user, obj)
    argument_map = _map_of(obj)
    if argument_map is not None:
        return argument_map.visibility == Visibility.PUBLIC
    if isinstance(obj, (Document, Source, Tag, Participant, Workspace)):
        model_filter = {
            Participant: visible_participants_for,
            Document: visible_documents_for,
            Source: visible_sources_for,
            Tag: visible_tags_for,
            Workspace: visible_workspaces_for,
        }[type(obj)]
        return model_filter(user).filter(pk=obj.pk).exists()
    return False


def _hidden_by_blind_annotation(user, obj) -> bool:
    readers = {
        Statement: visible_statements_for,
        SchemeApplication: visible_scheme_applications_for,
        Edge: visible_edges_for,
        Anchor: visible_anchors_for,
        EvidenceLink: visible_evidence_links_for,
    }
    reader = readers.get(type(obj))
    if reader is None or blind_annotator_map_ids(user) is None:
        return False
    return not reader(user).filter(pk=obj.pk).exists()


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


#: The one answer for a change batch that does not exist or is outside every workspace of the user, so a
#: batch id cannot be probed.
UNKNOWN_CHANGE = "No such change."


def authorize_pipeline_writer(user, pipeline) -> None:
    """A pipeline version writes only with the service account it was registered for."""
    if pipeline.account_id != getattr(user, "pk", None):
        raise PermissionDenied("This pipeline version is registered to another account; register a new version.")


def is_pipeline_account(user, workspace_id) -> bool:
    """Whether ``user`` is a pipeline's service account in the workspace (and no person)."""
    return not is_superuser(user) and roles_of(user).get(workspace_id) == Role.PIPELINE


def may_review_in(user, workspace_id) -> bool:
    """Whether ``user`` may accept and reject nodes in the workspace (what an import may keep)."""
    return role_in(user, workspace_id) in ALLOWED[Action.REVIEW]


def authorize_revert(user, *, workspace_id, actor_id) -> None:
    """Undoing a recorded batch: owners and editors may undo any batch of their
    workspace; those who may edit only their own work, only batches they wrote."""
    role = role_in(user, workspace_id)
    if role is None:
        raise NotFound(UNKNOWN_CHANGE)
    if role in ALLOWED[Action.MANAGE_MAPS]:
        return
    if role in ALLOWED[Action.EDIT] and actor_id is not None and actor_id == user.pk:
        return
    raise PermissionDenied(
        f"A {role} may undo only their own changes." if role in ALLOWED[Action.EDIT] else _refusal(Action.EDIT, role)
    )


def authorize_revert_batch(user, batch) -> None:
    """:func:`authorize_revert` for the batch with this id (404 when there is none)."""
    first = Change.objects.filter(batch=batch).values("workspace_id", "actor_id").first()
    if first is None:
        raise NotFound(UNKNOWN_CHANGE)
    authorize_revert(user, workspace_id=first["workspace_id"], actor_id=first["actor_id"])


def permissions_in(user, workspace_id) -> dict:
    """What the user's role lets them do in a workspace, for a screen that shows or hides its controls.

    Only a hint for the page: every write is still authorised by :func:`authorize` when it arrives."""
    role = role_in(user, workspace_id)
    return {
        "role": role,
        "create": role in ALLOWED[Action.CREATE],
        "review": role in ALLOWED[Action.REVIEW],
        "discuss": role in ALLOWED[Action.DISCUSS],
        "manage": role in ALLOWED[Action.MANAGE_MAPS],
        "own_work_only": role in OWN_WORK_ONLY,
    }


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


def may_revert(user, *, workspace_id, actor_id) -> bool:
    """Whether :func:`authorize_revert` would let ``user`` undo a batch (for a screen's Restore button)."""
    try:
        authorize_revert(user, workspace_id=workspace_id, actor_id=actor_id)
    except (NotFound, PermissionDenied):
        return False
    return True

"""A map's recently deleted statements and scheme applications, from history, for "restore in one click".

A deletion is a ``Change`` with action ``delete``; restoring it is reverting its
batch (:func:`argmap.services.revert_batch`), which recreates the row with the
edges, anchors and evidence that went with it. Rows come through
:func:`~argmap.selectors.access.visible_changes_for`, so an annotator working
blind lists only their own deletions, and a reader who is not a member lists
nothing. A deletion whose row was created again since (restored, or a later
revert) is no longer listed.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from argmap.models import ArgumentMap, Change, ChangeAction, Scheme

from .access import may_revert, visible_changes_for

#: History's names of the nodes a map lists as deleted (``Change.entity``), and how the API calls them.
DELETED_NODES = {"statement": "statement", "schemeapplication": "scheme_application"}


def recently_deleted(user, argument_map: ArgumentMap) -> QuerySet[Change]:
    """The map's deletions of statements and scheme applications that ``user`` may see, newest first."""
    created_again = Change.objects.filter(
        entity=OuterRef("entity"), entity_id=OuterRef("entity_id"), action=ChangeAction.CREATE, id__gt=OuterRef("id")
    )
    return (
        visible_changes_for(user)
        .filter(map_id=argument_map.pk, action=ChangeAction.DELETE, entity__in=list(DELETED_NODES))
        .exclude(Exists(created_again))
        .select_related("actor")
        .order_by("-id")
    )


def describe_deleted(user, changes: list[Change]) -> list[dict]:
    """One row per deletion: what it was (kind and text, or type and scheme), who deleted it, when, and
    whether ``user`` may restore it. Costs one query for the schemes' names, whatever the number of rows."""
    scheme_ids = {c.before.get("scheme_id") for c in changes if c.entity == "schemeapplication" and c.before}
    names = dict(Scheme.objects.filter(pk__in=scheme_ids - {None}).values_list("pk", "name")) if scheme_ids else {}
    names = {str(pk): name for pk, name in names.items()}
    rows = []
    for change in changes:
        before = change.before or {}
        if change.entity == "statement":
            kind, text = before.get("kind", ""), before.get("text", "")
        else:
            kind = before.get("type", "")
            scheme = names.get(str(before.get("scheme_id")), "")
            text = " — ".join(part for part in (scheme, before.get("note", "")) if part)
        rows.append(
            {
                "id": change.pk,
                "batch": change.batch,
                "entity": DELETED_NODES[change.entity],
                "entity_id": change.entity_id,
                "kind": kind,
                "text": text,
                "deleted_by": change.actor.get_username() if change.actor else "",
                "deleted_at": change.at,
                "restorable": may_revert(user, workspace_id=change.workspace_id, actor_id=change.actor_id),
            }
        )
    return rows

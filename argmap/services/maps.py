from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from argmap.errors import RuleViolation
from argmap.models import ArgumentMap, Document, Visibility, Workspace
from argmap.rules import bump_version

from ._common import apply_update, require_choice, require_text, save_new
from .history import lock_current, recorded_write, snapshot
from .statements import delete_graph_nodes


def create_map(
    *,
    actor: AbstractBaseUser | None,
    workspace: Workspace,
    name: str,
    description: str = "",
    visibility: str = Visibility.PRIVATE,
    documents: list[Document] | tuple[Document, ...] = (),
    key: str = "",
    map_id: object = None,
) -> ArgumentMap:
    require_choice(visibility, Visibility, field="visibility")
    with recorded_write(actor=actor, summary=f"create map {name[:60]}") as log:
        argument_map = ArgumentMap(
            workspace=workspace,
            name=require_text(name, field="name"),
            description=description,
            visibility=visibility,
            key=key,
        )
        if map_id is not None:
            argument_map.id = map_id
        save_new(log, argument_map, actor)
        for document in documents:
            _check_same_workspace(argument_map, document)
        argument_map.documents.set(documents)
    return argument_map


def update_map(
    *, actor: AbstractBaseUser | None, argument_map: ArgumentMap, expected_version: int | None, **changes: object
) -> ArgumentMap:
    if "visibility" in changes:
        require_choice(str(changes["visibility"]), Visibility, field="visibility")
    with recorded_write(actor=actor, summary=f"update map {argument_map.pk}") as log:
        return apply_update(
            log,
            ArgumentMap,
            argument_map.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed={"name", "description", "visibility", "key"},
        )


def attach_document(
    *, actor: AbstractBaseUser | None, argument_map: ArgumentMap, document: Document, expected_version: int | None
) -> ArgumentMap:
    """Let a map's statements anchor into ``document``."""
    _check_same_workspace(argument_map, document)
    with recorded_write(actor=actor, summary=f"attach document {document.pk} to map {argument_map.pk}") as log:
        current = lock_current(ArgumentMap, argument_map.pk, expected_version)
        before = snapshot(current, documents=sorted(str(pk) for pk in current.documents.values_list("pk", flat=True)))
        current.documents.add(document)
        bump_version(current)
        current.save(update_fields=["version", "updated_at"])
        log.updated(current, before, documents=sorted(str(pk) for pk in current.documents.values_list("pk", flat=True)))
        return current


def delete_map(
    *, actor: AbstractBaseUser | None, argument_map: ArgumentMap, expected_version: int | None
) -> dict[str, int]:
    """Delete a map with everything in it, each row recorded in history."""
    with recorded_write(actor=actor, summary=f"delete map {argument_map.pk}") as log:
        current = lock_current(ArgumentMap, argument_map.pk, expected_version)
        report = delete_graph_nodes(
            log,
            statement_ids=set(current.statements.values_list("pk", flat=True)),
            application_ids=set(current.scheme_applications.values_list("pk", flat=True)),
        )
        log.deleted(current)
        current.delete()
    return report


def _check_same_workspace(argument_map: ArgumentMap, document: Document) -> None:
    if document.workspace_id != argument_map.workspace_id:
        raise RuleViolation(
            "A map can only use documents of its own workspace.", rule="same_workspace", field="documents"
        )

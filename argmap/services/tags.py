from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from argmap.models import Tag, Workspace

from ._common import apply_update, require_text, save_new
from .history import lock_current, recorded_write


def create_tag(
    *,
    actor: AbstractBaseUser | None,
    workspace: Workspace,
    slug: str,
    label: str = "",
    colour: str = "",
    tag_id: object = None,
) -> Tag:
    with recorded_write(actor=actor, summary=f"create tag {slug}") as log:
        tag = Tag(workspace=workspace, slug=require_text(slug, field="slug"), label=label, colour=colour)
        if tag_id is not None:
            tag.id = tag_id
        save_new(log, tag, actor)
    return tag


def update_tag(*, actor: AbstractBaseUser | None, tag: Tag, expected_version: int | None, **changes: object) -> Tag:
    with recorded_write(actor=actor, summary=f"update tag {tag.slug}") as log:
        return apply_update(
            log,
            Tag,
            tag.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed={"slug", "label", "colour"},
        )


def delete_tag(*, actor: AbstractBaseUser | None, tag: Tag, expected_version: int | None) -> None:
    with recorded_write(actor=actor, summary=f"delete tag {tag.slug}") as log:
        current = lock_current(Tag, tag.pk, expected_version)
        log.deleted(current)
        current.delete()

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from argmap.errors import RuleViolation
from argmap.models import EvidenceLink, Participant, Source, Statement, Workspace

from ._common import apply_update, require_text, save_new
from .history import lock_current, recorded_write

SOURCE_FIELDS = {
    "key",
    "title",
    "authors",
    "container",
    "publisher",
    "published",
    "url",
    "accessed_on",
    "footnote",
    "locator",
    "citation",
}


def create_source(
    *, actor: AbstractBaseUser | None, workspace: Workspace, title: str, source_id: object = None, **fields: object
) -> Source:
    unknown = set(fields) - SOURCE_FIELDS
    if unknown:
        raise RuleViolation(f"Unknown source fields: {', '.join(sorted(unknown))}.", rule="invalid")
    with recorded_write(actor=actor, summary=f"create source {title[:60]}") as log:
        source = Source(workspace=workspace, title=require_text(title, field="title"), **fields)
        if source_id is not None:
            source.id = source_id
        save_new(log, source, actor)
    return source


def update_source(
    *, actor: AbstractBaseUser | None, source: Source, expected_version: int | None, **changes: object
) -> Source:
    with recorded_write(actor=actor, summary=f"update source {source.pk}") as log:
        return apply_update(
            log,
            Source,
            source.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed=SOURCE_FIELDS,
        )


def cite_new_source(
    *,
    actor: AbstractBaseUser | None,
    statement: Statement,
    source_fields: dict,
    locator: str = "",
    quote: str = "",
    footnote: int | None = None,
) -> EvidenceLink:
    """Describe a new source and cite it from ``statement``: one action, one history batch."""
    with recorded_write(actor=actor, summary="cite a new source"):
        source = create_source(actor=actor, workspace=statement.workspace, **source_fields)
        return create_evidence_link(
            actor=actor, statement=statement, source=source, locator=locator, quote=quote, footnote=footnote
        )


def delete_source(*, actor: AbstractBaseUser | None, source: Source, expected_version: int | None) -> int:
    """Delete a source and the evidence links that cite it; returns how many links went."""
    with recorded_write(actor=actor, summary=f"delete source {source.pk}") as log:
        current = lock_current(Source, source.pk, expected_version)
        links = list(EvidenceLink.objects.filter(source=current))
        for link in links:
            log.deleted(link)
        EvidenceLink.objects.filter(source=current).delete()
        for participant in Participant.objects.select_for_update().filter(source=current):
            apply_update(
                log,
                Participant,
                participant.pk,
                actor=actor,
                expected_version=participant.version,
                changes={"source": None},
                allowed={"source"},
            )
        log.deleted(current)
        current.delete()
    return len(links)


def create_evidence_link(
    *,
    actor: AbstractBaseUser | None,
    statement: Statement,
    source: Source,
    locator: str = "",
    quote: str = "",
    footnote: int | None = None,
    link_id: object = None,
) -> EvidenceLink:
    """``statement`` relies on ``source`` (at ``locator``)."""
    if source.workspace_id != statement.workspace_id:
        raise RuleViolation(
            "A statement can only cite a source of its own workspace.", rule="same_workspace", field="source"
        )
    with recorded_write(actor=actor, summary="create evidence link") as log:
        link = EvidenceLink(
            workspace_id=statement.workspace_id,
            map_id=statement.map_id,
            statement=statement,
            source=source,
            locator=locator,
            quote=quote,
            footnote=footnote if footnote is not None else source.footnote,
        )
        if link_id is not None:
            link.id = link_id
        save_new(log, link, actor)
    return link


def update_evidence_link(
    *, actor: AbstractBaseUser | None, link: EvidenceLink, expected_version: int | None, **changes: object
) -> EvidenceLink:
    with recorded_write(actor=actor, summary=f"update evidence link {link.pk}") as log:
        return apply_update(
            log,
            EvidenceLink,
            link.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed={"locator", "quote", "footnote"},
        )


def delete_evidence_link(*, actor: AbstractBaseUser | None, link: EvidenceLink, expected_version: int | None) -> None:
    with recorded_write(actor=actor, summary=f"delete evidence link {link.pk}") as log:
        current = lock_current(EvidenceLink, link.pk, expected_version)
        log.deleted(current)
        current.delete()

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser

from argmap.models import Anchor, AnchorStatus, Document, Workspace
from argmap.rules import bump_version
from argmap.text import context_around, normalise_document_text, relocate_quote, text_sha256

from ._common import apply_update, require_text, save_new
from .history import lock_current, recorded_write, snapshot, stamp

DOCUMENT_METADATA = {
    "title",
    "title_en",
    "authors",
    "affiliation",
    "publisher",
    "series",
    "published_on",
    "url",
    "language",
    "key",
}


def create_document(
    *,
    actor: AbstractBaseUser | None,
    workspace: Workspace,
    title: str,
    text: str,
    language: str = "und",
    key: str = "",
    title_en: str = "",
    authors: list[str] | None = None,
    affiliation: str = "",
    publisher: str = "",
    series: str = "",
    published_on: dt.date | None = None,
    url: str = "",
    document_id: object = None,
) -> Document:
    """Store a document; its text is normalised here, once (NFC, LF)."""
    normalised = normalise_document_text(require_text(text, field="text"))
    with recorded_write(actor=actor, summary=f"create document {title[:60]}") as log:
        document = Document(
            workspace=workspace,
            key=key,
            title=require_text(title, field="title"),
            title_en=title_en,
            authors=list(authors or []),
            affiliation=affiliation,
            publisher=publisher,
            series=series,
            published_on=published_on,
            url=url,
            language=language,
            text=normalised,
            sha256=text_sha256(normalised),
        )
        if document_id is not None:
            document.id = document_id
        save_new(log, document, actor)
    return document


def update_document_metadata(
    *, actor: AbstractBaseUser | None, document: Document, expected_version: int | None, **changes: object
) -> Document:
    """Metadata only: the text changes through :func:`revise_document_text`, which re-anchors."""
    with recorded_write(actor=actor, summary=f"update document {document.pk}") as log:
        return apply_update(
            log,
            Document,
            document.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed=DOCUMENT_METADATA,
        )


def revise_document_text(
    *, actor: AbstractBaseUser | None, document: Document, expected_version: int | None, text: str
) -> dict[str, int]:
    """Replace a document's text and re-find every anchor from its quote.

    An anchor whose quote is found once (or once with the best-fitting context)
    moves there; one that is not found is flagged ``orphaned``, one found in
    several equally good places ``ambiguous`` — never silently moved.
    """
    normalised = normalise_document_text(require_text(text, field="text"))
    counts = {"anchored": 0, "orphaned": 0, "ambiguous": 0}
    with recorded_write(actor=actor, summary=f"revise text of document {document.pk}") as log:
        current = lock_current(Document, document.pk, expected_version)
        before = snapshot(current)
        current.text = normalised
        current.sha256 = text_sha256(normalised)
        bump_version(current)
        stamp(current, actor)
        current.save()
        log.updated(current, before)
        for anchor in Anchor.objects.select_for_update().filter(document=current).order_by("id"):
            anchor_before = snapshot(anchor)
            starts = relocate_quote(normalised, anchor.exact, anchor.prefix, anchor.suffix)
            if len(starts) == 1:
                anchor.start, anchor.end = starts[0], starts[0] + len(anchor.exact)
                anchor.prefix, anchor.suffix = context_around(normalised, anchor.start, anchor.end)
                anchor.status = AnchorStatus.ANCHORED
            else:
                anchor.status = AnchorStatus.ORPHANED if not starts else AnchorStatus.AMBIGUOUS
            counts[anchor.status] += 1
            if snapshot(anchor) != anchor_before:
                bump_version(anchor)
                stamp(anchor, actor)
                anchor.save()
                log.updated(anchor, anchor_before)
    document.refresh_from_db()
    return counts

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from argmap.errors import InvalidInput, RuleViolation
from argmap.models import Anchor, AnchorStatus, Document, Statement
from argmap.text import context_around, occurrences

from ._common import apply_update, reopen_review, save_new
from .history import lock_current, recorded_write


def locate_anchor(
    *,
    document: Document,
    exact: str,
    start: int | None = None,
    end: int | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> tuple[int, int, str, str]:
    """Check (or find) a TextQuote/TextPosition selector pair in ``document.text``.

    With offsets, ``text[start:end]`` must equal ``exact``. Without them the
    quote must occur exactly once (or once after the given prefix/suffix).
    Offsets count code points. Missing prefix/suffix are taken from the text.
    """
    text = document.text
    if not isinstance(exact, str) or not exact:
        raise InvalidInput("exact must be a non-empty quote of the document text.", field="exact")
    if start is None or end is None:
        if start is not None or end is not None:
            raise InvalidInput("Give both start and end, or neither.", field="start")
        starts = [
            s
            for s in occurrences(text, exact)
            if (not prefix or text[:s].endswith(prefix)) and (not suffix or text[s + len(exact) :].startswith(suffix))
        ]
        if not starts:
            raise InvalidInput("The quote does not occur in the document.", field="exact", rule="anchor_matches_text")
        if len(starts) > 1:
            raise InvalidInput(
                f"The quote occurs {len(starts)} times; give start and end (code points) to choose one.",
                field="exact",
                rule="anchor_unambiguous",
            )
        start, end = starts[0], starts[0] + len(exact)
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise InvalidInput("start and end must be integers (code points).", field="start")
    if not 0 <= start < end <= len(text):
        raise InvalidInput(
            f"Offsets {start}–{end} are outside the document (0–{len(text)} code points) or select nothing.",
            field="start",
            rule="anchor_within_text",
        )
    if text[start:end] != exact:
        raise InvalidInput(
            f"The document's text at {start}–{end} is {text[start:end]!r}, not the quoted text.",
            field="exact",
            rule="anchor_matches_text",
        )
    default_prefix, default_suffix = context_around(text, start, end)
    return start, end, default_prefix if prefix is None else prefix, default_suffix if suffix is None else suffix


def create_anchor(
    *,
    actor: AbstractBaseUser | None,
    statement: Statement,
    document: Document,
    exact: str,
    start: int | None = None,
    end: int | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
    anchor_id: object = None,
) -> Anchor:
    if document.workspace_id != statement.workspace_id:
        raise RuleViolation(
            "A statement can only anchor into a document of its workspace.", rule="same_workspace", field="document"
        )
    if not statement.map.documents.filter(pk=document.pk).exists():
        raise RuleViolation(
            "Attach the document to the map before anchoring into it.", rule="anchor_document_in_map", field="document"
        )
    start, end, prefix, suffix = locate_anchor(
        document=document, exact=exact, start=start, end=end, prefix=prefix, suffix=suffix
    )
    with recorded_write(actor=actor, summary="create anchor") as log:
        anchor = Anchor(
            workspace_id=statement.workspace_id,
            map_id=statement.map_id,
            statement=statement,
            document=document,
            exact=exact,
            prefix=prefix[-64:],
            suffix=suffix[:64],
            start=start,
            end=end,
            status=AnchorStatus.ANCHORED,
        )
        if anchor_id is not None:
            anchor.id = anchor_id
        save_new(log, anchor, actor)
        reopen_review(log, Statement, statement.pk, actor=actor)
    return anchor


def move_anchor(
    *,
    actor: AbstractBaseUser | None,
    anchor: Anchor,
    expected_version: int | None,
    exact: str,
    start: int | None = None,
    end: int | None = None,
) -> Anchor:
    """Point an anchor at another passage (also how a curator resolves an orphaned one)."""
    start, end, prefix, suffix = locate_anchor(document=anchor.document, exact=exact, start=start, end=end)
    with recorded_write(actor=actor, summary=f"move anchor {anchor.pk}") as log:
        moved = apply_update(
            log,
            Anchor,
            anchor.pk,
            actor=actor,
            expected_version=expected_version,
            changes={
                "exact": exact,
                "start": start,
                "end": end,
                "prefix": prefix[-64:],
                "suffix": suffix[:64],
                "status": AnchorStatus.ANCHORED,
            },
            allowed={"exact", "start", "end", "prefix", "suffix", "status"},
        )
        if (moved.start, moved.end) != (anchor.start, anchor.end):
            reopen_review(log, Statement, moved.statement_id, actor=actor)
        return moved


def delete_anchor(*, actor: AbstractBaseUser | None, anchor: Anchor, expected_version: int | None) -> None:
    with recorded_write(actor=actor, summary=f"delete anchor {anchor.pk}") as log:
        current = lock_current(Anchor, anchor.pk, expected_version)
        log.deleted(current)
        current.delete()
        reopen_review(log, Statement, current.statement_id, actor=actor)

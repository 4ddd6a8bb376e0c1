"""Review integrity: what a node's *content* is, and what editing or importing it does to its review.

A reviewer's acceptance is a judgement about particular content. Changing that content afterwards
(the statement's wording, kind, gloss, speaker or illocution, the passage it is anchored to, an S-node's scheme or the
nodes it joins) sends the node back to ``proposed`` with the reason :data:`EDITED_AFTER_REVIEW`,
so the review queue shows it again; tags, keys and notes organise the map and leave review alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from argmap.errors import InvalidInput
from argmap.models import ReviewStatus

EDITED_AFTER_REVIEW = "edited after review"

#: Statuses a content change invalidates: an acceptance, or a proposal a reviewer may be reading.
REVIEWED_STATUSES = frozenset({ReviewStatus.ACCEPTED, ReviewStatus.PROPOSED})

#: Fields that are a node's content, per model name; anchors and edges are content of the node they
#: belong to (its statement, its scheme application) and reopen it through :func:`reopened_review`.
CONTENT_FIELDS: Mapping[str, frozenset[str]] = {
    "statement": frozenset({"text", "kind", "gloss", "implicit", "speaker", "illocution"}),
    "schemeapplication": frozenset({"scheme"}),
}


def changes_content(model_name: str, current: Mapping[str, object], changes: Mapping[str, object]) -> bool:
    """Whether ``changes`` alter a content field of a node whose fields are ``current``."""
    return any(name in changes and changes[name] != current.get(name) for name in CONTENT_FIELDS.get(model_name, ()))


def reopened_review(status: str) -> dict[str, str] | None:
    """The status change a content edit makes to a node in ``status``, or ``None`` (drafts, rejections)."""
    if status in REVIEWED_STATUSES:
        return {"status": ReviewStatus.PROPOSED, "status_reason": EDITED_AFTER_REVIEW}
    return None


def imported_status(status: str, *, may_review: bool) -> str:
    """The status an imported node gets: the file's own only when the importer may review there
    (and never ``suggested``, which only a pipeline's batch gives)."""
    return status if may_review and status != ReviewStatus.SUGGESTED else ReviewStatus.DRAFT


def check_settable_status(status: str, *, field: str = "status") -> None:
    """``suggested`` is given only by a pipeline's batch (:mod:`argmap.services.suggestions`), and left only
    by accepting or dismissing: no person sets it, and no review step returns a node to it."""
    if status == ReviewStatus.SUGGESTED:
        raise InvalidInput(
            "Only a pipeline's batch of suggestions creates suggested nodes; accept or dismiss them instead.",
            field=field,
            rule="suggested_by_pipelines_only",
        )

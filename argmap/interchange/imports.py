"""One entry point for every import format: ``import_map(workspace=…, raw=…)``.

The route is one way: a door (REST, the admin, a command) → this module, which
parses the file (:mod:`.aif`, :mod:`.argdown`) → :mod:`argmap.services`, which
write the new map and everything in it in one transaction through
:func:`argmap.services.import_graph`, so a refused file leaves the database
exactly as it was. The parsers never import the services, and the services
never import this package. A refusal about a payload row is re-aimed at the
element of the file it came from.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from argmap.errors import DomainError, InvalidInput
from argmap.models import ArgumentMap, Visibility, Workspace
from argmap.selectors.access import may_review_in
from argmap.selectors.speakers import participants_matching
from argmap.services import create_map, import_graph
from argmap.services.bulk import Progress

from .aif import ParsedImport, parse_aif
from .argdown import parse_argdown
from .safety import located

IMPORT_FORMATS = ("aif", "ova", "argdown")


def detect_format(raw: bytes | str, filename: str = "") -> str:
    """``argdown`` for ``.argdown``/``.ad`` files or text that does not open a JSON object or array; else ``aif``
    (OVA is detected inside). ``[Title]: …`` opens an Argdown statement, not a JSON array."""
    if filename.lower().endswith((".argdown", ".ad")):
        return "argdown"
    head = raw[:64] if isinstance(raw, str) else raw[:64].decode("utf-8", "ignore")
    head = head.lstrip("\ufeff \t\r\n")
    return "aif" if head.startswith("{") or re.match(r"\[\s*[\[{\]\"]", head) else "argdown"


def parse_import(raw: bytes | str | dict, format: str) -> ParsedImport:
    """The parsed payload of ``raw`` in ``format``, every row knowing where in the file it came from."""
    if format in ("aif", "ova"):
        return parse_aif(raw)
    if format == "argdown":
        return parse_argdown(raw)
    raise InvalidInput(
        f"Unknown import format {format!r}: use one of {', '.join(IMPORT_FORMATS)}.", field="format", rule="invalid"
    )


def import_map(
    *,
    actor: AbstractBaseUser | None,
    workspace: Workspace,
    raw: bytes | str | dict,
    format: str | None = None,
    name: str = "",
    visibility: str = Visibility.PRIVATE,
    filename: str = "",
    progress: Progress | None = None,
) -> tuple[ArgumentMap, dict]:
    """A new map in ``workspace`` holding the file's graph; returns the map and the row counts written.

    Review statuses in the file are kept only when ``actor`` may review in ``workspace`` (or the
    import is an operator's command without an actor); anyone else's import arrives as ``draft``.
    """
    format = format or (detect_format(raw, filename) if not isinstance(raw, dict) else "aif")
    parsed = parse_import(raw, format)
    _known_participants(parsed, workspace)
    title = name or parsed.name or filename or f"Imported {format.upper()} map"
    try:
        with transaction.atomic():
            argument_map = create_map(actor=actor, workspace=workspace, name=title[:300], visibility=visibility)
            counts = import_graph(
                actor=actor,
                argument_map=argument_map,
                payload=parsed.payload,
                may_review=actor is None or may_review_in(actor, workspace.pk),
                progress=progress,
            )
    except DomainError as error:
        raise _pointing_into_the_file(error, parsed) from None
    return argument_map, counts


def _known_participants(parsed: ParsedImport, workspace: Workspace) -> None:
    """Speak through the workspace's participants where the file names them (by the argmap id an export wrote,
    else by exact name), so re-importing an export, or a second file with the same voices, creates no duplicates."""
    if not parsed.participant_matches:
        return
    known = participants_matching(
        workspace=workspace,
        ids=[ident for ident, _name in parsed.participant_matches.values() if ident],
        names=[name for _ident, name in parsed.participant_matches.values()],
    )
    replaced = {}
    for payload_id, (ident, name) in parsed.participant_matches.items():
        found = known["ids"].get(str(ident)) if ident else None
        found = found or known["names"].get(name)
        if found is not None:
            replaced[payload_id] = found
    if not replaced:
        return
    kept = [
        (row, origin)
        for row, origin in zip(parsed.payload.participants, parsed.origins.get("participants", []), strict=True)
        if row["id"] not in replaced
    ]
    parsed.payload.participants = [row for row, _ in kept]
    parsed.origins["participants"] = [origin for _, origin in kept]
    for row in parsed.payload.statements:
        if row.get("speaker") in replaced:
            row["speaker"] = replaced[row["speaker"]]


def _pointing_into_the_file(error: DomainError, parsed: ParsedImport) -> DomainError:
    """Re-aim an error about a payload row at the element of the file it came from."""
    origin = parsed.locate(error.detail.get("element"), error.detail.get("index"))
    if origin is None:
        return error
    element, index, ident = origin
    return located(error, element=element, index=index, ident=ident)

"""Importing a map from an interchange file (AIF, OVA, Argdown): parse, then one bulk write.

The new map and everything in it are written in one transaction through
:func:`argmap.services.bulk.import_graph`, so a refused file leaves the
database exactly as it was.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from argmap.errors import DomainError, InvalidInput
from argmap.models import ArgumentMap, Visibility, Workspace

from .bulk import Progress, import_graph
from .maps import create_map

IMPORT_FORMATS = ("aif", "ova", "argdown")


def detect_format(raw: bytes | str, filename: str = "") -> str:
    """``argdown`` for ``.argdown``/``.ad`` files or text not starting with ``{``; else ``aif`` (OVA is detected inside)."""
    if filename.lower().endswith((".argdown", ".ad")):
        return "argdown"
    head = raw[:64].lstrip() if isinstance(raw, str) else raw[:64].lstrip().decode("utf-8", "ignore")
    return "aif" if head.startswith(("{", "[", "\ufeff{")) else "argdown"


def parse_import(raw: bytes | str | dict, format: str):
    """The :class:`argmap.interchange.aif.ParsedImport` for ``raw`` in ``format``."""
    if format in ("aif", "ova"):
        from argmap.interchange.aif import parse_aif

        return parse_aif(raw)
    if format == "argdown":
        from argmap.interchange.argdown import parse_argdown

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
    """A new map in ``workspace`` holding the file's graph; returns the map and the row counts written."""
    format = format or (detect_format(raw, filename) if not isinstance(raw, dict) else "aif")
    parsed = parse_import(raw, format)
    title = name or parsed.name or filename or f"Imported {format.upper()} map"
    try:
        with transaction.atomic():
            argument_map = create_map(actor=actor, workspace=workspace, name=title[:300], visibility=visibility)
            counts = import_graph(actor=actor, argument_map=argument_map, payload=parsed.payload, progress=progress)
    except DomainError as error:
        raise _pointing_into_the_file(error, parsed) from None
    return argument_map, counts


def _pointing_into_the_file(error: DomainError, parsed) -> DomainError:
    """Re-aim an error about a payload row at the element of the file it came from."""
    origin = parsed.locate(error.detail.get("element"), error.detail.get("index"))
    if origin is None:
        return error
    element, index, ident = origin
    reason = error.message.split(": ", 1)[-1]
    where = f"{element}[{index}]" + (f" ({ident})" if ident is not None else "")
    return type(error)(
        f"{where}: {reason}",
        rule=error.rule,
        field=error.field,
        detail={"element": element, "index": index, "id": None if ident is None else str(ident)},
    )

"""Argumentation schemes: finding one by key, and which scheme applications it fits."""

from __future__ import annotations

from collections.abc import Mapping

from argmap.errors import InvalidInput, RuleViolation
from argmap.models import Scheme


def scheme_catalogue() -> dict[str, Scheme]:
    """Every scheme by key: one query, for looking many up (a bulk import)."""
    return {scheme.key: scheme for scheme in Scheme.objects.all()}


def scheme_by_key(
    key: object, *, field: str = "scheme", catalogue: Mapping[str, Scheme] | None = None
) -> Scheme | None:
    """The scheme named ``key``; ``None`` for no key. Schemes are reference data every caller may read.

    ``catalogue`` (from :func:`scheme_catalogue`) saves the query. An unknown key is refused as invalid input.
    """
    if key is None or key == "":
        return None
    scheme = None
    if isinstance(key, str):
        scheme = catalogue.get(key) if catalogue is not None else Scheme.objects.filter(key=key).first()
    if scheme is None:
        raise InvalidInput(
            f"There is no argumentation scheme {key!r}; the scheme list (REST /api/v1/schemes/, GraphQL"
            " `schemes`) names them.",
            field=field,
        )
    return scheme


def check_scheme_applies(scheme: Scheme | None, kind: str, *, field: str = "scheme") -> None:
    """A scheme fits only the type of scheme application it was written for (``applies_to``)."""
    if scheme is not None and scheme.applies_to != kind:
        raise RuleViolation(
            f"Scheme {scheme.key!r} applies to {scheme.applies_to} nodes, not {kind}.",
            rule="scheme_matches_type",
            field=field,
        )

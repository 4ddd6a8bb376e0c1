"""Finding the person to add to a workspace.

A workspace owner names a person exactly (username, or numeric id on the API);
no door lists or completes other people's accounts from a fragment, so an owner
cannot enumerate everyone registered on the instance."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet


def accounts_named(identifier: str, *, by_id: bool = False) -> QuerySet:
    """Active accounts whose username is exactly ``identifier`` (or, with ``by_id``, whose id it is)."""
    identifier = (identifier or "").strip()
    users = get_user_model().objects.filter(is_active=True)
    if not identifier:
        return users.none()
    condition = Q(username=identifier)
    if by_id and identifier.isdigit():
        condition |= Q(pk=int(identifier))
    return users.filter(condition)

"""What the operator's commands share: naming a map on the command line."""

import uuid

from django.core.management.base import CommandError
from django.db.models import Q

from argmap.models import ArgumentMap


def map_named(reference: str) -> ArgumentMap:
    """The map whose id or key is ``reference``; a :class:`CommandError` naming it when there is none.

    Commands run as the operator, so no visibility rule applies: every map can be named.
    """
    try:
        by_id_or_key = Q(pk=uuid.UUID(reference)) | Q(key=reference)
    except ValueError:
        by_id_or_key = Q(key=reference)
    argument_map = ArgumentMap.objects.filter(by_id_or_key).first()
    if argument_map is None:
        raise CommandError(f"No map with id or key {reference!r}.")
    return argument_map

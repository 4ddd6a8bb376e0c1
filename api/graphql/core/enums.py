"""GraphQL enums made from the models' choices, so the API and the database name values alike."""

from __future__ import annotations

from enum import Enum as PyEnum

import graphene
from django.db.models import TextChoices

from argmap import models


def enum_of(choices: type[TextChoices], description: str) -> type[graphene.Enum]:
    return graphene.Enum(choices.__name__, [(member.name, member.value) for member in choices], description=description)


StatementKind = enum_of(models.StatementKind, "The role an annotator gives a statement in the document.")
ReviewStatus = enum_of(models.ReviewStatus, "Where a node is in review: draft → proposed → accepted / rejected.")
SchemeType = enum_of(
    models.SchemeType,
    "The kind of scheme application (AIF S-node): inference RA, conflict CA, rephrase MA, preference PA.",
)
EdgeRole = enum_of(models.EdgeRole, "antecedent: into the scheme application; consequent: out of it.")
AnchorStatus = enum_of(
    models.AnchorStatus, "Whether an anchor's quote was found again after the document's text changed."
)
Visibility = enum_of(models.Visibility, "Who may read a map: private maps are seen by their workspace's members only.")
Role = enum_of(models.Role, "A member's role in a workspace.")
ParticipantKind = enum_of(models.ParticipantKind, "What a participant is: a person, an organisation or a collective.")
Illocution = enum_of(
    models.Illocution,
    "How a statement enters the text (AIF YA): asserted, reported, conceded, questioned or quoted by its speaker.",
)


class ConflictKind(graphene.Enum):
    """What a conflict attacks: a conclusion (rebut), a premise (undermine) or an inference (undercut)."""

    REBUT = "rebut"
    UNDERMINE = "undermine"
    UNDERCUT = "undercut"


class NeighbourhoodDirection(graphene.Enum):
    """Which way to walk from a statement: with the argument's flow (UP: towards what it supports or
    attacks), against it (DOWN: towards what supports or attacks it), or BOTH."""

    UP = "up"
    DOWN = "down"
    BOTH = "both"


class ChoiceField(graphene.Field):
    """An enum field over a model's choices column.

    A row read from the database holds the plain string, one just created by a
    service the ``TextChoices`` member, which graphene cannot serialise: both
    are reduced to the string value.
    """

    #: The attribute naming the resolver this field wraps (read by ``core.execution`` to read the column inline).
    PARENT_RESOLVER = "choice_of"

    def wrap_resolve(self, parent_resolver):
        resolve = super().wrap_resolve(parent_resolver)

        def resolver(root, info, **arguments):
            value = resolve(root, info, **arguments)
            return value.value if isinstance(value, PyEnum) else value

        setattr(resolver, self.PARENT_RESOLVER, resolve)
        return resolver

from __future__ import annotations

import graphene

from argmap import models
from argmap.models import SchemeType as SchemeTypeChoices
from argmap.selectors import access, relations

from ..core.enums import ChoiceField, ConflictKind, ReviewStatus, SchemeType
from ..core.node import Node
from ..core.pagination import CountableConnection
from ..core.types import AuthoredNodeType, compiles_as, in_row, list_of, load_fk, load_many, load_one
from ..statement.types import Statement
from ..suggestion.types import ProvenanceFields

#: A row no graph read named a conflict kind for.
_UNREAD = object()


class SchemeApplication(ProvenanceFields, AuthoredNodeType):
    """An application of a scheme (AIF S-node): an inference, conflict, rephrase or preference."""

    class Meta:
        model = models.SchemeApplication
        interfaces = (Node,)
        fields = ("id", "key", "note", "status_reason", "version", "created_at", "updated_at")

    type = ChoiceField(SchemeType, required=True)
    status = ChoiceField(ReviewStatus, required=True)
    scheme = graphene.Field(
        "api.graphql.scheme.types.Scheme", description="The argumentation scheme applied, if named."
    )
    map = graphene.Field("api.graphql.map.types.Map", required=True)
    tags = list_of("api.graphql.tag.types.Tag", "By slug.")
    premises = list_of(Statement, "The statements on the antecedent edges (a conflict's attackers).")
    conclusion = graphene.Field(
        Statement, description="The statement on the consequent edge; null when the consequent is a scheme application."
    )
    target_application = graphene.Field(
        "api.graphql.scheme_application.types.SchemeApplication",
        description="The scheme application on the consequent edge: the inference an undercut attacks.",
    )
    conflict_kind = graphene.Field(
        ConflictKind,
        description="For conflicts: rebut, undermine or undercut; null when you may not see what it attacks.",
    )
    edges = list_of("api.graphql.edge.types.Edge", "Antecedent and consequent edges.")
    attacked_by = list_of("api.graphql.scheme_application.types.Attack", "Undercuts of this scheme application.")

    @classmethod
    def visible_for(cls, user):
        return access.visible_scheme_applications_for(user)

    @staticmethod
    @in_row("scheme", "key")
    def resolve_scheme(root, info):
        return load_fk(info, models.Scheme, root.scheme_id)

    @staticmethod
    def resolve_map(root, info):
        return load_fk(info, models.ArgumentMap, root.map_id)

    @staticmethod
    @in_row("tags", "slug")
    def resolve_tags(root, info):
        return load_many(info, relations.tags_of_applications, root.pk)

    @staticmethod
    def resolve_premises(root, info):
        return load_many(info, relations.premises_of, root.pk)

    @staticmethod
    def resolve_conclusion(root, info):
        return load_one(info, relations.conclusions_of, root.pk)

    @staticmethod
    def resolve_target_application(root, info):
        return load_one(info, relations.target_applications_of, root.pk)

    @staticmethod
    @compiles_as("conflict_kind")
    def resolve_conflict_kind(root, info):
        if root.type != SchemeTypeChoices.CONFLICT:
            return None
        # A graph or neighbourhood read named the kind from the rows it shows (None: the reader sees no target).
        known = getattr(root, "known_conflict_kind", _UNREAD)
        if known is not _UNREAD:
            return known
        return load_one(info, relations.conflict_kinds_of, root.pk)

    @staticmethod
    def resolve_edges(root, info):
        return load_many(info, relations.edges_of_applications, root.pk)

    @staticmethod
    def resolve_attacked_by(root, info):
        return load_many(info, relations.attacks_on_applications, root.pk)


class SchemeApplicationConnection(CountableConnection):
    class Meta:
        node = SchemeApplication


class ArgumentNode(graphene.Union):
    """A node of the argument graph: a statement (I-node) or a scheme application (S-node)."""

    class Meta:
        types = (Statement, SchemeApplication)


class Attack(graphene.ObjectType):
    """One attacker → conflict (CA) → target step."""

    conflict = graphene.Field(SchemeApplication, required=True)
    attacker = graphene.Field(Statement, required=True)
    target = graphene.Field(ArgumentNode, required=True, description="A statement, or the inference an undercut hits.")
    kind = graphene.Field(ConflictKind, required=True)

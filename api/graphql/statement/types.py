from __future__ import annotations

import functools

import graphene

from argmap import models
from argmap.models import EdgeRole
from argmap.selectors import access, relations
from argmap.selectors.statement_page_json import statement_page_json

from ..core.compiled import CompiledValue
from ..core.context import current_user, loaders
from ..core.enums import ChoiceField, Illocution, NeighbourhoodDirection, ReviewStatus, StatementKind
from ..core.node import Node
from ..core.pagination import CountableConnection, keyset_page, page_position, selected_node_fields
from ..core.rows import as_rows, with_rows
from ..core.types import AuthoredNodeType, compiles_as, in_row, list_of, load_fk, load_many
from ..evaluation.types import StatementEvaluationFields
from ..suggestion.types import ProvenanceFields


class Statement(StatementEvaluationFields, ProvenanceFields, AuthoredNodeType):
    """A proposition (AIF I-node)."""

    class Meta:
        model = models.Statement
        interfaces = (Node,)
        fields = ("id", "key", "text", "gloss", "status_reason", "implicit", "version", "created_at", "updated_at")

    kind = ChoiceField(StatementKind, required=True)
    status = ChoiceField(ReviewStatus, required=True)
    map = graphene.Field("api.graphql.map.types.Map", required=True)
    speaker = graphene.Field(
        "api.graphql.participant.types.Participant", description="Who is committed to it; null: the document's author."
    )
    illocution = ChoiceField(Illocution, required=True)
    tags = list_of("api.graphql.tag.types.Tag", "By slug.")
    anchors = list_of("api.graphql.anchor.types.Anchor", "Where the statement sits in the map's documents.")
    evidence = list_of("api.graphql.evidence.types.EvidenceLink", "The sources the statement cites.")
    edges = list_of("api.graphql.edge.types.Edge", "Every edge that joins the statement to a scheme application.")
    supports = list_of(
        "api.graphql.statement.types.Statement", "The conclusions this statement is a premise for (through inferences)."
    )
    supported_by = list_of(
        "api.graphql.statement.types.Statement", "The premises of the inferences that conclude this statement."
    )
    attacks = list_of(
        "api.graphql.scheme_application.types.Attack", "What this statement attacks, through its conflicts."
    )
    attacked_by = list_of(
        "api.graphql.scheme_application.types.Attack",
        "The attacks on this statement (rebuttals and underminers); undercuts are on the inference.",
    )
    neighbourhood = graphene.Field(
        "api.graphql.statement.neighbourhood.Neighbourhood",
        depth=graphene.Int(default_value=1, description="How many scheme applications away, 0 to 10."),
        direction=graphene.Argument(NeighbourhoodDirection, default_value=NeighbourhoodDirection.BOTH.value),
        include_suggestions=graphene.Boolean(
            default_value=False, description="Pipelines' pending suggestions too (members only; ignored for others)."
        ),
        description="Everything within `depth` scheme applications of this statement.",
    )

    @classmethod
    def visible_for(cls, user):
        return access.visible_statements_for(user)

    @staticmethod
    def resolve_map(root, info):
        return load_fk(info, models.ArgumentMap, root.map_id)

    @staticmethod
    def resolve_speaker(root, info):
        return load_fk(info, models.Participant, root.speaker_id)

    @staticmethod
    @in_row("tags", "slug")
    def resolve_tags(root, info):
        return load_many(info, relations.tags_of_statements, root.pk)

    @staticmethod
    @compiles_as("anchors")
    def resolve_anchors(root, info):
        return load_many(info, as_rows(models.Anchor, relations.anchors_of), root.pk)

    @staticmethod
    def resolve_evidence(root, info):
        return load_many(info, relations.evidence_of, root.pk)

    @staticmethod
    def resolve_edges(root, info):
        return load_many(info, relations.edges_of_statements, root.pk)

    @staticmethod
    @compiles_as("across", EdgeRole.ANTECEDENT, EdgeRole.CONSEQUENT)
    def resolve_supports(root, info):
        return load_many(info, as_rows(models.Statement, relations.supports_of), root.pk)

    @staticmethod
    @compiles_as("across", EdgeRole.CONSEQUENT, EdgeRole.ANTECEDENT)
    def resolve_supported_by(root, info):
        return load_many(info, as_rows(models.Statement, relations.supported_by_of), root.pk)

    @staticmethod
    def resolve_attacks(root, info):
        return load_many(info, relations.attacks_by, root.pk)

    @staticmethod
    @compiles_as("attacks_on")
    def resolve_attacked_by(root, info):
        return load_many(info, _attacks_on_statements(), root.pk)

    @staticmethod
    def resolve_neighbourhood(root, info, depth=1, direction="both", include_suggestions=False):
        from .neighbourhood import neighbourhood_of

        return neighbourhood_of(
            info,
            root,
            depth=depth,
            direction=getattr(direction, "value", direction),
            include_suggestions=include_suggestions,
        )


def page_relations() -> dict:
    """The list fields of a page of statements whose batches :func:`prime_page` runs when the page is read."""
    return {
        "supports": as_rows(models.Statement, relations.supports_of),
        "supportedBy": as_rows(models.Statement, relations.supported_by_of),
        "attackedBy": _attacks_on_statements(),
        "anchors": as_rows(models.Anchor, relations.anchors_of),
    }


def prime_page(info, connection) -> None:
    """Loads, for a page of statements, the relations its nodes ask for, one batch each, before the nodes are
    completed: each node's field then finds its list done (no DataLoader future per node and field)."""
    keys = [edge.node.pk for edge in connection.edges]
    if not keys:
        return
    selected = selected_node_fields(info)
    for name, fetch in page_relations().items():
        if name in selected:
            loaders(info).prime_many(fetch, keys)


class StatementPage(CompiledValue):
    """``Map.statements``' value: written by PostgreSQL when its selection compiles (:mod:`..core.compiled`),
    else a keyset page of rows with its relations primed (:func:`prime_page`), read when first asked for.
    The page's size and cursor are checked when it is resolved, either way."""

    shape = "statement page"
    ORDERING = ("created_at", "id")

    def __init__(self, info, argument_map, *, first=None, after=None, kind=None, status=None):
        self.info = info
        self.argument_map = argument_map
        self.kind = None if kind is None else kind.value
        self.status = None if status is None else status.value
        self.first, self.after = first, after
        statements = access.visible_statements_for(current_user(info)).filter(map_id=argument_map.pk)
        if self.kind is not None:
            statements = statements.filter(kind=self.kind)
        if self.status is not None:
            statements = statements.filter(status=self.status)
        self.queryset = statements
        self.size, self.position = page_position(statements, first=first, after=after, ordering=self.ORDERING)

    def compiled_json(self, members: tuple) -> bytes:
        return statement_page_json(
            map_id=self.argument_map.pk,
            user=current_user(self.info),
            members=members,
            first=self.size,
            after=None if self.position is None else tuple(self.position),
            kind=self.kind,
            status=self.status,
        )

    @functools.cached_property
    def _page(self):
        page = keyset_page(StatementConnection, self.queryset, first=self.first, after=self.after, as_rows=True)
        prime_page(self.info, page)
        return page

    def __getattr__(self, name: str):
        """The connection's fields, for field-by-field execution."""
        if name in ("edges", "page_info"):
            return getattr(self._page, name)
        raise AttributeError(name)


def _attacks_on_statements():
    return with_rows(
        relations.attacks_on_statements,
        conflict=models.SchemeApplication,
        attacker=models.Statement,
        target=models.Statement,
    )


class StatementConnection(CountableConnection):
    class Meta:
        node = Statement

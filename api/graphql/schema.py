"""The GraphQL schema: queries and mutations gathered from each entity's package.

Regenerate the committed SDL after a change with
``DEBUG=1 .venv/bin/python manage.py graphql_schema --out schema.graphql``.
"""

from __future__ import annotations

import graphene

from .anchor.mutations.create_anchor import CreateAnchor
from .anchor.mutations.delete_anchor import DeleteAnchor
from .anchor.mutations.move_anchor import MoveAnchor
from .anchor.types import Anchor
from .changes.subscriptions import ChangeSubscriptions
from .core.queries import NodeQueries
from .document.types import Document
from .edge.types import Edge
from .evidence.mutations.create_evidence_link import CreateEvidenceLink
from .evidence.mutations.create_source import CreateSource
from .evidence.mutations.delete_evidence_link import DeleteEvidenceLink
from .evidence.mutations.update_evidence_link import UpdateEvidenceLink
from .evidence.types import EvidenceLink, Source
from .map.queries import MapQueries
from .map.types import Map
from .participant.mutations.create_participant import CreateParticipant
from .participant.mutations.update_participant import UpdateParticipant
from .participant.types import Participant
from .scheme.queries import SchemeQueries
from .scheme.types import CriticalQuestion, Scheme
from .scheme_application.mutations.create_argument import CreateArgument
from .scheme_application.mutations.create_attack import CreateAttack
from .scheme_application.mutations.delete_scheme_application import DeleteSchemeApplication
from .scheme_application.mutations.update_scheme_application import UpdateSchemeApplication
from .scheme_application.types import SchemeApplication
from .search.queries import SearchQueries
from .statement.mutations.create_statement import CreateStatement
from .statement.mutations.delete_statement import DeleteStatement
from .statement.mutations.set_review_status import SetReviewStatus
from .statement.mutations.update_statement import UpdateStatement
from .statement.types import Statement
from .suggestion.mutations import AcceptSuggestions, DismissSuggestions, SuggestAnnotations
from .tag.types import Tag
from .user.queries import UserQueries
from .workspace.queries import WorkspaceQueries
from .workspace.types import Workspace


class Query(NodeQueries, UserQueries, WorkspaceQueries, MapQueries, SchemeQueries, SearchQueries, graphene.ObjectType):
    pass


class Mutation(graphene.ObjectType):
    create_statement = CreateStatement.Field()
    update_statement = UpdateStatement.Field()
    delete_statement = DeleteStatement.Field()
    set_review_status = SetReviewStatus.Field()
    create_argument = CreateArgument.Field()
    create_attack = CreateAttack.Field()
    update_scheme_application = UpdateSchemeApplication.Field()
    delete_scheme_application = DeleteSchemeApplication.Field()
    create_anchor = CreateAnchor.Field()
    move_anchor = MoveAnchor.Field()
    delete_anchor = DeleteAnchor.Field()
    create_source = CreateSource.Field()
    create_evidence_link = CreateEvidenceLink.Field()
    update_evidence_link = UpdateEvidenceLink.Field()
    delete_evidence_link = DeleteEvidenceLink.Field()
    create_participant = CreateParticipant.Field()
    update_participant = UpdateParticipant.Field()
    suggest_annotations = SuggestAnnotations.Field()
    accept_suggestions = AcceptSuggestions.Field()
    dismiss_suggestions = DismissSuggestions.Field()


class Subscription(ChangeSubscriptions, graphene.ObjectType):
    pass


schema = graphene.Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[
        Workspace,
        Document,
        Map,
        Statement,
        SchemeApplication,
        Edge,
        Anchor,
        Source,
        EvidenceLink,
        Scheme,
        CriticalQuestion,
        Tag,
        Participant,
    ],
)

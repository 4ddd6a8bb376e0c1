import json

import pytest
from django.test import Client

from argmap import services
from argmap.models import Role
from tests.factories import UserFactory, make_document, make_map, make_statement, make_workspace


class GraphQLClient:
    """POSTs GraphQL to /graphql/ as a user (or anonymously), the way a third-party client would."""

    def __init__(self, user=None):
        self.client = Client()
        if user is not None:
            # Log in as the stored row: UserFactory sets a password it never saves, so the in-memory
            # instance's session hash would not match the one the request computes.
            self.client.force_login(type(user).objects.get(pk=user.pk))

    def post(self, query: str, variables: dict | None = None, **extra):
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.client.post("/graphql/", json.dumps(body), content_type="application/json", **extra)

    def __call__(self, query: str, variables: dict | None = None, **extra) -> dict:
        response = self.post(query, variables, **extra)
        payload = response.json()
        payload["status"] = response.status_code
        return payload


@pytest.fixture
def as_user():
    return GraphQLClient


@pytest.fixture
def anonymous():
    return GraphQLClient()


@pytest.fixture
def gql_owner(owner):
    return GraphQLClient(owner)


@pytest.fixture
def team(db):
    """A private workspace with one member of each role, a document, and a private and a public map."""
    owner = UserFactory(username="team-owner")
    people = {role: UserFactory(username=f"team-{role}") for role in ("editor", "annotator", "reviewer", "viewer")}
    workspace = make_workspace(owner=owner, slug="jiia", **{role: [user] for role, user in people.items()})
    document = make_document(workspace, text="北朝鮮は核弾頭を50発保有すると推計される。抑止は不安定になる。")
    private = make_map(workspace, documents=[document], name="Private map")
    public = make_map(workspace, documents=[document], name="Public map", visibility="public")
    return {
        "owner": owner,
        **people,
        "outsider": UserFactory(username="outsider"),
        "workspace": workspace,
        "document": document,
        "private": private,
        "public": public,
    }


def small_argument(argument_map, actor=None):
    """claim ← inference ← premise, attacked by a rebuttal; with an anchor on the premise."""
    claim = make_statement(argument_map, "抑止は不安定になる。", kind="claim", actor=actor)
    premise = make_statement(argument_map, "北朝鮮は核弾頭を50発保有すると推計される。", actor=actor)
    rebuttal = make_statement(argument_map, "推計には幅がある。", kind="rebuttal", actor=actor)
    inference = services.create_argument(actor=actor, premises=[premise], conclusion=claim)
    conflict = services.create_attack(actor=actor, attacker=rebuttal, target=premise)
    document = argument_map.documents.first()
    anchor = services.create_anchor(actor=actor, statement=premise, document=document, exact="核弾頭を50発")
    return {
        "claim": claim,
        "premise": premise,
        "rebuttal": rebuttal,
        "inference": inference,
        "conflict": conflict,
        "anchor": anchor,
    }


__all__ = ["Role"]

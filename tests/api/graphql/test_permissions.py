"""The same visibility and role rules as REST: private objects are invisible to non-members, everywhere."""

import uuid

import pytest
from graphql_relay import to_global_id

from tests.api.graphql.conftest import GraphQLClient, small_argument

NODE = "query ($id: ID!) { node(id: $id) { id __typename } }"


@pytest.fixture
def private_graph(team):
    return small_argument(team["private"], actor=team["owner"])


def private_ids(team, graph) -> dict:
    return {
        "Map": team["private"].pk,
        "Statement": graph["premise"].pk,
        "SchemeApplication": graph["inference"].pk,
        "Edge": graph["inference"].edges.first().pk,
        "Anchor": graph["anchor"].pk,
    }


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_ids_resolve_to_null_exactly_like_missing_ones(team, private_graph, who):
    client = GraphQLClient(None if who == "anonymous" else team["outsider"])
    for type_name, pk in private_ids(team, private_graph).items():
        private = client(NODE, {"id": to_global_id(type_name, pk)})
        missing = client(NODE, {"id": to_global_id(type_name, uuid.uuid4())})
        assert private == missing == {"data": {"node": None}, "status": 200}, type_name


def test_malformed_ids_resolve_to_null_too(team, anonymous):
    for bad in ("", "garbage", to_global_id("Map", "not-a-uuid"), to_global_id("Nope", uuid.uuid4())):
        assert anonymous(NODE, {"id": bad})["data"] == {"node": None}


@pytest.mark.parametrize("role", ["owner", "editor", "annotator", "reviewer", "viewer"])
def test_members_of_every_role_read_private_objects(team, private_graph, role):
    client = GraphQLClient(team[role])
    for type_name, pk in private_ids(team, private_graph).items():
        result = client(NODE, {"id": to_global_id(type_name, pk)})
        assert result["data"]["node"]["__typename"] == type_name


def test_nodes_batch_hides_private_ones(team, private_graph):
    public = small_argument(team["public"], actor=team["owner"])
    ids = [to_global_id("Statement", private_graph["claim"].pk), to_global_id("Statement", public["claim"].pk)]
    result = GraphQLClient(team["outsider"])("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert result["data"]["nodes"] == [None, {"id": ids[1]}]


@pytest.mark.parametrize(("who", "sees_private"), [("anonymous", False), ("outsider", False), ("viewer", True)])
def test_lists_never_include_private_objects(team, private_graph, who, sees_private):
    small_argument(team["public"], actor=team["owner"])
    client = GraphQLClient(None if who == "anonymous" else team[who])
    maps = client("{ maps { edges { node { name } } } }")["data"]["maps"]["edges"]
    assert {m["node"]["name"] for m in maps} == ({"Private map", "Public map"} if sees_private else {"Public map"})
    workspace = client(
        "query ($id: ID!) { node(id: $id) { ... on Workspace { maps { totalCount } members { role } } } }",
        {"id": to_global_id("Workspace", team["workspace"].pk)},
    )["data"]["node"]
    assert workspace["maps"]["totalCount"] == (2 if sees_private else 1)
    assert len(workspace["members"]) == (5 if sees_private else 0)
    hits = client('{ search(q: "核弾頭") { type node { ... on Statement { map { name } } } } }')["data"]["search"]
    maps_hit = {h["node"]["map"]["name"] for h in hits if h["type"] == "STATEMENT"}
    assert maps_hit == ({"Private map", "Public map"} if sees_private else {"Public map"})


def test_a_public_maps_workspace_is_readable_but_its_members_are_not_listed(team, anonymous):
    result = anonymous(
        "query ($id: ID!) { map(id: $id) { workspace { name members { role } } } }",
        {"id": to_global_id("Map", team["public"].pk)},
    )
    assert result["data"]["map"]["workspace"] == {"name": "JIIA", "members": []}


CREATE = """
mutation ($map: ID!) {
  createStatement(mapId: $map, kind: CLAIM, text: "新しい主張。") { statement { id } errors { code } }
}
"""


@pytest.mark.parametrize(
    ("who", "on_private", "on_public"),
    [
        ("owner", None, None),
        ("editor", None, None),
        ("annotator", None, None),
        ("reviewer", "PERMISSION", "PERMISSION"),
        ("viewer", "PERMISSION", "PERMISSION"),
        ("outsider", "NOT_FOUND", "PERMISSION"),
        ("anonymous", "NOT_FOUND", "PERMISSION"),
    ],
)
def test_who_may_add_statements(team, who, on_private, on_public):
    client = GraphQLClient(None if who == "anonymous" else team[who])
    for argument_map, expected in ((team["private"], on_private), (team["public"], on_public)):
        before = argument_map.statements.count()
        payload = client(CREATE, {"map": to_global_id("Map", argument_map.pk)})["data"]["createStatement"]
        if expected is None:
            assert payload["errors"] == [] and payload["statement"]["id"]
            assert argument_map.statements.count() == before + 1
        else:
            assert payload == {"statement": None, "errors": [{"code": expected}]}
            assert argument_map.statements.count() == before


def test_annotators_change_only_their_own_statements(team, private_graph):
    own = GraphQLClient(team["annotator"])(CREATE, {"map": to_global_id("Map", team["private"].pk)})
    own_id = own["data"]["createStatement"]["statement"]["id"]
    update = 'mutation ($id: ID!) { updateStatement(id: $id, expectedVersion: 1, text: "改") { errors { code } } }'
    client = GraphQLClient(team["annotator"])
    assert client(update, {"id": own_id})["data"]["updateStatement"]["errors"] == []
    theirs = to_global_id("Statement", private_graph["claim"].pk)
    assert client(update, {"id": theirs})["data"]["updateStatement"]["errors"] == [{"code": "PERMISSION"}]


REVIEW = """
mutation ($id: ID!, $status: ReviewStatus!, $v: Int!) {
  setReviewStatus(id: $id, status: $status, expectedVersion: $v, reason: "checked") {
    node { ... on Statement { status } } errors { code }
  }
}
"""


@pytest.mark.parametrize(
    ("who", "expected"), [("reviewer", None), ("owner", None), ("editor", "PERMISSION"), ("annotator", "PERMISSION")]
)
def test_only_reviewers_and_owners_accept(team, private_graph, who, expected):
    statement = private_graph["claim"]
    variables = {"id": to_global_id("Statement", statement.pk), "status": "ACCEPTED", "v": statement.version}
    payload = GraphQLClient(team[who])(REVIEW, variables)["data"]["setReviewStatus"]
    statement.refresh_from_db()
    if expected is None:
        assert payload == {"node": {"status": "ACCEPTED"}, "errors": []}
        assert statement.status == "accepted"
    else:
        assert payload == {"node": None, "errors": [{"code": expected}]}
        assert statement.status == "draft"


def test_mutations_on_private_objects_by_outsiders_are_not_found(team, private_graph):
    client = GraphQLClient(team["outsider"])
    statement = to_global_id("Statement", private_graph["claim"].pk)
    delete = "mutation ($id: ID!) { deleteStatement(id: $id, expectedVersion: 1) { deletedId errors { code field } } }"
    assert client(delete, {"id": statement})["data"]["deleteStatement"] == {
        "deletedId": None,
        "errors": [{"code": "NOT_FOUND", "field": "id"}],
    }
    assert client(delete, {"id": to_global_id("Statement", uuid.uuid4())})["data"]["deleteStatement"] == {
        "deletedId": None,
        "errors": [{"code": "NOT_FOUND", "field": "id"}],
    }

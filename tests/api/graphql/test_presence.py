"""``Map.presence``: REST's heartbeats, read in GraphQL with global node ids and the same visibility."""

from graphql_relay import to_global_id

from argmap import services
from argmap.services.annotation import start_independent_annotation
from argmap.services.presence import record_presence
from tests.factories import UserFactory, make_statement

from .conftest import GraphQLClient

QUERY = "query($id: ID!) { map(id: $id) { presence { username node since seen } } }"


def test_present_readers_and_their_nodes_as_global_ids(gql_owner, owner, argument_map):
    claim = make_statement(argument_map, "Claim.", kind="claim", actor=owner)
    record_presence(actor=owner, argument_map=argument_map, node_id=claim.pk)
    body = gql_owner(QUERY, {"id": to_global_id("Map", str(argument_map.pk))})
    assert not body.get("errors"), body
    (reader,) = body["data"]["map"]["presence"]
    assert reader["username"] == "owner" and reader["node"] == to_global_id("Statement", str(claim.pk))


def test_a_blind_annotator_sees_the_reader_but_not_the_hidden_node(owner, argument_map):
    first, second = UserFactory(username="first"), UserFactory(username="second")
    for user in (first, second):
        services.add_member(actor=owner, workspace=argument_map.workspace, user=user, role="annotator")
    start_independent_annotation(actor=owner, argument_map=argument_map)
    draft = make_statement(argument_map, "Hidden draft.", actor=first)
    record_presence(actor=first, argument_map=argument_map, node_id=draft.pk)
    body = GraphQLClient(second)(QUERY, {"id": to_global_id("Map", str(argument_map.pk))})
    assert body["data"]["map"]["presence"][0] | {"since": None, "seen": None} == {
        "username": "first",
        "node": None,
        "since": None,
        "seen": None,
    }

"""``Map.changes``: the change feed as a Relay connection, with the same cursors as REST."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.factories import UserFactory, make_statement

QUERY = """query($id: ID!, $first: Int, $after: String) { map(id: $id) { changes(first: $first, after: $after) {
  edges { cursor node { batch cursor mapId actor summary changeCount truncated
    changes { entity entityId action before after } } }
  pageInfo { hasNextPage endCursor } } } }"""


def _changes(client, argument_map, **variables):
    body = client(QUERY, {"id": to_global_id("Map", str(argument_map.pk)), **variables})
    assert not body.get("errors"), body
    return body["data"]["map"]["changes"]


def test_pages_in_commit_order_with_rest_cursors(gql_owner, owner, argument_map):
    for n in range(4):
        make_statement(argument_map, f"Claim {n}.", actor=owner)
    seen, after = [], None
    while True:
        page = _changes(gql_owner, argument_map, first=2, after=after)
        seen += [edge["node"] for edge in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    statements = [c["after"]["text"] for e in seen for c in e["changes"] if c["entity"] == "statement"]
    assert statements == [f"Claim {n}." for n in range(4)]
    last = seen[-1]
    assert last["actor"] == "owner" and last["changes"][0]["action"] == "CREATE"
    assert last["mapId"] == to_global_id("Map", str(argument_map.pk))
    assert _changes(gql_owner, argument_map, after=after)["edges"] == []


def test_query_count_is_flat(gql_owner, owner, argument_map):
    make_statement(argument_map, "One.", actor=owner)
    with CaptureQueriesContext(connection) as few:
        _changes(gql_owner, argument_map, first=200)
    for n in range(20):
        make_statement(argument_map, f"More {n}.", actor=owner)
    with CaptureQueriesContext(connection) as many:
        assert len(_changes(gql_owner, argument_map, first=200)["edges"]) >= 21
    assert len(many) == len(few)


def test_a_bad_cursor_or_page_size_is_a_validation_error(gql_owner, argument_map):
    for variables in ({"after": "nope"}, {"first": 500}):
        body = gql_owner(QUERY, {"id": to_global_id("Map", str(argument_map.pk)), **variables})
        assert body["errors"][0]["extensions"]["code"] == "VALIDATION"


def test_a_stranger_sees_no_private_map_and_so_no_feed(as_user, argument_map):
    body = as_user(UserFactory(username="stranger"))(QUERY, {"id": to_global_id("Map", str(argument_map.pk))})
    assert body["data"]["map"] is None

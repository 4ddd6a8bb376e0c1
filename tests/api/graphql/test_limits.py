"""Every abuse limit answers with a clear GraphQL error before any SQL runs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from api.graphql.core import limits
from tests.api.graphql.conftest import GraphQLClient

DEEP = "{ maps { edges { node { statements { edges { node { supports { supports { supports { supports { supports { supports { supports { id } } } } } } } } } } } } } }"
COSTLY = "{ maps(first: 1000) { edges { node { statements(first: 1000) { edges { node { id } } } } } } }"
MANY_ALIASES = "{ " + " ".join(f"a{n}: viewer {{ username }}" for n in range(limits.MAX_ALIASES + 1)) + " }"
MANY_OPERATIONS = " ".join(f"query Q{n} {{ viewer {{ username }} }}" for n in range(limits.MAX_OPERATIONS + 1))
LONG_LIST = "{ nodes(ids: [" + ", ".join(f'"{n}"' for n in range(limits.MAX_LIST_ITEMS + 1)) + "]) { id } }"
BIG_PAGE = "{ maps(first: 1001) { edges { node { id } } } }"
NO_PAGE = "{ maps(first: 0) { edges { node { id } } } }"


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (DEEP, None, "levels deep; the limit is 12"),
        (COSTLY, None, "could return"),
        (MANY_ALIASES, None, f"at most {limits.MAX_ALIASES} aliases"),
        (MANY_OPERATIONS, None, f"at most {limits.MAX_OPERATIONS} operations"),
        (LONG_LIST, None, f"at most {limits.MAX_LIST_ITEMS} items"),
        (
            "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            {"ids": [str(n) for n in range(limits.MAX_LIST_ITEMS + 1)]},
            "a variable has 101",
        ),
        (BIG_PAGE, None, "`first` must be between 1 and 1000"),
        (NO_PAGE, None, "`first` must be between 1 and 1000"),
        ("query ($n: Int) { maps(first: $n) { edges { node { id } } } }", {"n": 5000}, "`first` ($n) must be"),
        ("{ viewer { username } }" + " " * limits.MAX_QUERY_LENGTH, None, "characters long"),
    ],
    ids=[
        "depth",
        "cost",
        "aliases",
        "operations",
        "list-literal",
        "list-variable",
        "page",
        "page-zero",
        "page-var",
        "size",
    ],
)
def test_limits_refuse_before_any_sql(db, query, variables, message):
    client = GraphQLClient()
    with CaptureQueriesContext(connection) as captured:
        result = client(query, variables)
    assert result["status"] == 400
    assert "data" not in result or result["data"] is None
    assert any(message in error["message"] for error in result["errors"]), result["errors"]
    assert captured.captured_queries == []


def test_an_authenticated_refusal_reads_only_the_session(owner):
    client = GraphQLClient(owner)
    with CaptureQueriesContext(connection) as captured:
        result = client(COSTLY)
    assert result["status"] == 400
    assert not [q for q in captured.captured_queries if "argmap_" in q["sql"]]


def test_variables_count_by_their_value_and_a_small_page_passes(public_map_with_statements):
    client = GraphQLClient()
    query = "query ($n: Int) { maps(first: $n) { edges { node { statements(first: $n) { edges { node { id } } } } } } }"
    assert "errors" in client(query, {"n": 1000})
    ok = client(query, {"n": 10})
    assert "errors" not in ok, ok


@pytest.mark.parametrize(
    "query",
    [
        "fragment A on Query { ...A } { ...A }",
        "{ ...Missing }",
        "fragment A on Map { name } { maps { edges { node { ...A ...A } } } }",
        "{ map(id: 1) { nothing } }",
        "query { __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }",
    ],
    ids=["fragment-cycle", "unknown-fragment", "fragment-twice", "unknown-field", "introspection"],
)
def test_malformed_and_introspection_queries_never_500(db, query):
    response = GraphQLClient().post(query)
    assert response.status_code in (200, 400)
    response.json()


def test_a_fragment_bomb_is_refused(db):
    fragments = ["fragment F0 on Map { name }"]
    for n in range(1, 16):
        fragments.append(f"fragment F{n} on Map {{ ...F{n - 1} ...F{n - 1} }}")
    query = " ".join(fragments) + " { maps { edges { node { ...F15 } } } }"
    result = GraphQLClient()(query)
    assert result["status"] == 400
    assert any("too complex" in e["message"] for e in result["errors"]), result["errors"]


def test_a_graph_walk_per_statement_is_costed_as_the_queries_it_runs(db):
    walks = "{ maps(first: 1) { edges { node { statements(first: 1000) { edges { node {"
    walks += " neighbourhood(depth: 10) { depth } } } } } } } }"
    result = GraphQLClient()(walks)
    assert any("could return" in e["message"] for e in result["errors"]), result
    assert "errors" not in GraphQLClient()(walks.replace("first: 1000", "first: 10"))


def test_the_cost_counts_the_default_page_size_when_first_is_omitted(db):
    nested = (
        "{ maps { edges { node { statements { edges { node { supports { supports { supports { id } } } } } } } } } }"
    )
    result = GraphQLClient()(nested)
    assert any("could return" in e["message"] for e in result["errors"]), result


@pytest.fixture
def public_map_with_statements(workspace):
    from tests.factories import make_map, make_statement

    argument_map = make_map(workspace, visibility="public")
    make_statement(argument_map)
    return to_global_id("Map", argument_map.pk)

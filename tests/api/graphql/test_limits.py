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
        (5, None, "query must be a string"),
        ("{ viewer { username } }", [1], "variables must be a JSON object"),
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
        "query-not-text",
        "variables-not-object",
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


def _fill(head: str, unit: str, tail: str, limit: int = limits.MAX_QUERY_LENGTH) -> str:
    return head + unit * ((limit - len(head) - len(tail)) // len(unit)) + tail


def _fragment_fan(limit: int = limits.MAX_QUERY_LENGTH) -> str:
    """Distinct one-field fragments all spread in one selection: the overlap rule compares every pair."""
    definitions, spreads, n = [], [], 0
    while len(" ".join(definitions)) + len(" ".join(spreads)) + 40 < limit:
        definitions.append(f"fragment F{n} on Scheme {{ key }}")
        spreads.append(f"...F{n}")
        n += 1
    return " ".join(definitions[:-1]) + " { schemes { " + " ".join(spreads[:-1]) + " } }"


def _nested_repeats(limit: int = limits.MAX_QUERY_LENGTH) -> str:
    inner = "criticalQuestions { key } " * 8
    return _fill("{ schemes { ", f"key {inner}", "} }", limit)


#: The worst 20,000-character anonymous documents found: each held a worker for seconds before the budget.
HOSTILE = {
    "repeated-field": _fill("{ schemes { ", "key ", "} }"),
    "repeated-short-field": _fill("{ viewer { ", "id ", "} }"),
    "repeated-object": _fill("{ schemes { ", "criticalQuestions { key } ", "} }"),
    "nested-repeats": _nested_repeats(),
    "fragment-fan": _fragment_fan(),
    "spread-repeated": "fragment F on Scheme { key name } " + _fill("{ schemes { ", "...F ", "} }", 19_960),
    "inline-fragments": _fill("{ schemes { ", "... on Scheme { key } ", "} }"),
    "aliases-and-repeats": _fill(
        "{ " + " ".join(f"a{n}: schemes {{ key }}" for n in range(30)) + " schemes { ", "key ", "} }"
    ),
    "fragment-bomb": " ".join(
        ["fragment F0 on Scheme { key name }"]
        + [f"fragment F{n} on Scheme {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, 40)]
    )
    + " { schemes { ...F39 } }",
    "repeats-under-token-cap": "{ schemes { "
    + "criticalQuestions { key key key key key key key key key key } " * 10
    + "} }",
    "fragment-fan-under-token-cap": " ".join(f"fragment F{n} on Scheme {{ key }}" for n in range(11))
    + " { schemes { "
    + " ".join(f"...F{n}" for n in range(11))
    + " } }",
    "ten-each-under-budget": _fill(
        "{ schemes { ", "criticalQuestions { key key key key key key key key key key } ", "} }"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_document_selecting_too_much_is_refused_quickly(db, name):
    import time

    query = HOSTILE[name]
    assert len(query) <= limits.MAX_QUERY_LENGTH
    client = GraphQLClient()
    client(query)  # warm up
    started = time.perf_counter()
    result = client(query)
    elapsed = time.perf_counter() - started
    assert result["status"] == 400
    assert result.get("data") is None
    assert any(e.get("extensions", {}).get("code") == limits.LIMIT_CODE for e in result["errors"]), result["errors"]
    assert elapsed < 1.0, f"{name}: {elapsed:.3f} s"


def test_the_slowest_document_under_the_token_cap_is_answered_quickly(db):
    """Distinct unknown fields pass the budget and cost graphql-core a suggestion each (measured 45 ms)."""
    import time

    query = "{ schemes { " + " ".join(f"k{n}" for n in range(limits.MAX_TOKENS - 10)) + " } }"
    client = GraphQLClient()
    client(query)
    started = time.perf_counter()
    result = client(query)
    assert time.perf_counter() - started < 1.0
    assert result["status"] == 400


def test_the_refusal_names_the_repeated_field(db):
    result = GraphQLClient()("{ schemes { " + "key " * (limits.MAX_REPEATS + 1) + "} }")
    assert result["status"] == 400
    (error,) = result["errors"]
    assert "'key' 11 times" in error["message"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"


@pytest.mark.parametrize("name", ["whole-map", "whole-graph", "bench-graph", "introspection"])
def test_large_honest_queries_still_pass(public_map_with_statements, name):
    from graphql import get_introspection_query

    from bench.cases import GRAPH_QUERY
    from tests.api.graphql.test_query_counts import WHOLE_GRAPH, WHOLE_MAP

    query = {
        "whole-map": WHOLE_MAP,
        "whole-graph": WHOLE_GRAPH,
        "bench-graph": GRAPH_QUERY,
        "introspection": get_introspection_query(
            descriptions=True, specified_by_url=True, directive_is_repeatable=True, input_value_deprecation=True
        ),
    }[name]
    result = GraphQLClient()(query, {"id": public_map_with_statements, "first": 100})
    assert "errors" not in result, result["errors"][:3]

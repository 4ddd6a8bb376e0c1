"""A query string that passed the document's rules once is not validated by them again; the rules that read
the variables (limits, text hygiene) still run on every request, and a failing document fails every time."""

import pytest

from api.graphql.core import limits
from tests.api.graphql.conftest import GraphQLClient
from tests.factories import make_map, make_statement

PAGE = "query ($n: Int) { maps(first: $n) { edges { node { statements(first: $n) { edges { node { text } } } } } } }"


@pytest.fixture(autouse=True)
def forget_documents():
    for cache in (limits._passes_document_rules, limits._variables_decide, limits._within_token_limit):
        cache.cache_clear()
    yield
    for cache in (limits._passes_document_rules, limits._variables_decide, limits._within_token_limit):
        cache.cache_clear()


NODE = "query ($id: ID!) { node(id: $id) { ... on Statement { id text } } }"


@pytest.fixture
def public_statement(workspace, owner):
    return make_statement(make_map(workspace, visibility="public"), text="a public statement", actor=owner)


def test_the_document_rules_run_once_per_query_string(public_statement):
    client = GraphQLClient()
    for _ in range(3):
        result = client(PAGE, {"n": 5})
        assert "errors" not in result, result
    assert result["data"]["maps"]["edges"][0]["node"]["statements"]["edges"][0]["node"]["text"] == "a public statement"
    info = limits._passes_document_rules.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_a_remembered_document_is_still_limited_by_its_variables(public_statement):
    client = GraphQLClient()
    assert "errors" not in client(PAGE, {"n": 5})
    refused = client(PAGE, {"n": 1000})
    assert refused["status"] == 400
    assert "the limit is" in refused["errors"][0]["message"]


def test_a_document_with_errors_reports_them_on_every_request(db):
    client = GraphQLClient()
    first, again = client("{ maps { nothing } }"), client("{ maps { nothing } }")
    assert first["status"] == again["status"] == 400
    assert first["errors"] == again["errors"]
    assert "nothing" in first["errors"][0]["message"]


def test_a_document_whose_limits_read_no_variable_is_not_validated_again(public_statement, monkeypatch):
    """``node(id:)`` takes no page size from a variable: once it passed, a request with clean variables runs
    no validation at all (no visitor over the document) and the token count is not lexed again."""
    from graphql_relay import to_global_id

    from api.graphql import views

    validated = []
    real_validate = views.validate
    monkeypatch.setattr(
        views, "validate", lambda *args, **kwargs: validated.append(1) or real_validate(*args, **kwargs)
    )
    client = GraphQLClient()
    variables = {"id": to_global_id("Statement", str(public_statement.pk))}
    for _ in range(3):
        assert client(NODE, variables)["data"]["node"]["text"] == "a public statement"
    assert validated == []
    assert limits._within_token_limit.cache_info().misses == 1
    assert limits._variables_decide.cache_info().misses == 1


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"id": "U3RhdGVtZW50\x00"}, "$id"),
        ({"id": "x", "extra": list(range(limits.MAX_LIST_ITEMS + 1))}, "a variable has"),
    ],
)
def test_variables_that_fail_their_own_checks_are_refused_as_before(public_statement, variables, expected):
    client = GraphQLClient()
    assert client(NODE, {"id": "U3RhdGVtZW50OjA="})["status"] == 200  # the document passed and is remembered
    refused = client(NODE, variables)
    assert refused["status"] == 400, refused
    assert expected in refused["errors"][0]["message"]

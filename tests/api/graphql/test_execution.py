"""The inline execution (``core.execution.RowExecutionContext``, the whole map read as typed rows) answers exactly
what graphql-core's standard execution over model instances answered: same data, same nulls, same errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id
from graphql_sync_dataloaders import DeferredExecutionContext

from api.graphql.core import rows as core_rows
from api.graphql.map import graph as map_graph_module
from api.graphql.views import ArgmapGraphQLView
from argmap import services
from argmap.selectors import graph as graph_selectors
from tests.api.graphql.builders import build_map
from tests.api.graphql.conftest import GraphQLClient
from tests.factories import make_participant, make_statement

TYPED_GRAPH = """
query ($id: ID!, $withText: Boolean!) {
  map(id: $id) {
    __typename name visibility
    graph {
      statements {
        __typename id key kind text @include(if: $withText) gloss status statusReason implicit version
        createdAt updatedAt illocution speaker { id } createdBy { username }
        tags { slug } anchors { exact } supports { id } attackedBy { kind attacker { id } }
        label
      }
      schemeApplications {
        id key type note status statusReason version createdAt updatedAt conflictKind scheme { key }
        tags { slug } premises { id } conclusion { id }
      }
      edges { ...EdgeFields application { id } statement { id } otherApplication { id } }
      anchors { id exact prefix suffix start end status version createdAt updatedAt statement { id } document { id } }
      evidenceLinks { id footnote locator quote version createdAt updatedAt statement { id } source { id } }
      sources { id key title authors container publisher published url accessedOn footnote locator citation version }
      again: statements { ident: id kind }
    }
  }
}
fragment EdgeFields on Edge { id role version createdAt updatedAt }
"""

VISUALISER = """
query ($id: ID!) { map(id: $id) { statements(first: 1000) { edges { cursor node {
  id key text kind status supports { id } attackedBy { kind attacker { id } } anchors { start end exact document { id } }
} } } } }
"""


def standard_execution(monkeypatch):
    """The execution before: graphql-core's per-field execution over unsaved model instances."""
    monkeypatch.setattr(ArgmapGraphQLView, "execution_context_class", DeferredExecutionContext)
    monkeypatch.setattr(map_graph_module, "rows", core_rows.instances)


@pytest.fixture
def seeded(workspace, owner):
    """A 30-statement map (anchors, evidence, inferences, conflicts) plus an undercut, a tagged claim and a
    reported premise with a speaker."""
    argument_map = build_map(workspace, 30)
    claim, premise = (argument_map.statements.get(text__startswith=f"命題{n}：") for n in (0, 1))
    inference = argument_map.scheme_applications.filter(type="inference").order_by("created_at").first()
    undercutter = make_statement(argument_map, "推計には幅がある。", kind="rebuttal", actor=owner)
    services.create_attack(actor=owner, attacker=undercutter, target=inference)
    tag = services.create_tag(actor=owner, workspace=workspace, slug="nuclear")
    services.update_statement(actor=owner, statement=claim, expected_version=claim.version, tags=[tag])
    services.update_statement(
        actor=owner,
        statement=premise,
        expected_version=premise.version,
        illocution="reporting",
        speaker=make_participant(workspace),
    )
    return argument_map


@pytest.fixture
def field_by_field(settings):
    """Compiled fields off (``core.compiled``): the selection is executed over ``map_graph``'s rows, which the
    test corrupts or spies on."""
    settings.ARGMAP_GRAPHQL_COMPILED = False


def both_ways(monkeypatch, owner, query, variables):
    fast = GraphQLClient(owner)(query, variables)
    with monkeypatch.context() as patch:
        standard_execution(patch)
        standard = GraphQLClient(owner)(query, variables)
    return fast, standard


@pytest.mark.parametrize("with_text", [True, False])
def test_typed_whole_map_equals_standard_execution(monkeypatch, seeded, owner, with_text):
    variables = {"id": to_global_id("Map", seeded.pk), "withText": with_text}
    fast, standard = both_ways(monkeypatch, owner, TYPED_GRAPH, variables)
    assert "errors" not in fast, fast["errors"][:3]
    assert fast == standard
    statements = fast["data"]["map"]["graph"]["statements"]
    assert len(statements) == seeded.statements.count()
    assert ("text" in statements[0]) is with_text
    assert list(statements[0])[:3] == ["__typename", "id", "key"]


def test_visualiser_page_equals_standard_execution(monkeypatch, seeded, owner):
    fast, standard = both_ways(monkeypatch, owner, VISUALISER, {"id": to_global_id("Map", seeded.pk)})
    assert "errors" not in fast
    assert fast == standard
    assert len(fast["data"]["map"]["statements"]["edges"]) == seeded.statements.count()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("text", None),  # null for a non-null String: the error empties the nearest nullable parent
        ("kind", "not-a-kind"),  # an enum value graphene cannot serialise
        ("version", "seven"),  # an Int that is not one
        ("gloss", 12),  # a String serialised from an int: no error, "12"
    ],
)
def test_broken_rows_give_the_same_errors_and_nulls(monkeypatch, field_by_field, seeded, owner, column, value):
    read = graph_selectors.map_graph

    def corrupted(**kwargs):
        found = read(**kwargs)
        found["statements"][3][column] = value
        return found

    monkeypatch.setattr(graph_selectors, "map_graph", corrupted)
    query = "query ($id: ID!) { map(id: $id) { name graph { statements { id kind text gloss version } } } }"
    fast, standard = both_ways(monkeypatch, owner, query, {"id": to_global_id("Map", seeded.pk)})
    assert fast == standard
    if value in (None, "not-a-kind", "seven"):
        assert fast["data"]["map"] is None
        assert fast["errors"][0]["path"] == ["map", "graph", "statements", 3, column]
    else:
        assert fast["data"]["map"]["graph"]["statements"][3]["gloss"] == "12"


def test_inline_execution_sends_no_more_queries(monkeypatch, seeded, owner):
    variables = {"id": to_global_id("Map", seeded.pk), "withText": True}
    with CaptureQueriesContext(connection) as fast:
        GraphQLClient(owner)(TYPED_GRAPH, variables)
    with monkeypatch.context() as patch:
        standard_execution(patch)
        with CaptureQueriesContext(connection) as standard:
            GraphQLClient(owner)(TYPED_GRAPH, variables)
    assert len(fast) <= len(standard)


def test_leaves_and_id_only_references_are_not_executed_one_by_one(monkeypatch, seeded, owner):
    """The point of the inline path: ``execute_field`` runs for the fields that need a resolver, not per leaf."""
    calls = {"n": 0}
    execute_field = DeferredExecutionContext.execute_field

    def counted(self, *args):
        calls["n"] += 1
        return execute_field(self, *args)

    monkeypatch.setattr(DeferredExecutionContext, "execute_field", counted)
    variables = {"id": to_global_id("Map", seeded.pk), "withText": True}
    executed = {}
    for name in ("fast", "standard"):
        calls["n"] = 0
        with monkeypatch.context() as patch:
            if name == "standard":
                standard_execution(patch)
            GraphQLClient(owner)(TYPED_GRAPH, variables)
        executed[name] = calls["n"]
    assert executed["fast"] * 4 < executed["standard"], executed


def test_the_whole_map_read_puts_djangos_timestamp_loader_back(monkeypatch, field_by_field, seeded, owner):
    """``map.graph`` parses timestamps with psycopg's C loader while it reads, then Django's loader is back."""
    from psycopg.pq import Format

    from api.graphql.core.timestamps import c_timestamps

    connection.ensure_connection()
    adapters = connection.connection.adapters
    oid = adapters.types["timestamptz"].oid
    django_loader = adapters.get_loader(oid, Format.TEXT)
    seen = []
    read = graph_selectors.map_graph

    def spying(**kwargs):
        seen.append(connection.connection.adapters.get_loader(oid, Format.TEXT))
        return read(**kwargs)

    monkeypatch.setattr(graph_selectors, "map_graph", spying)
    result = GraphQLClient(owner)(
        "query ($id: ID!) { map(id: $id) { graph { statements { createdAt } } } }",
        {"id": to_global_id("Map", seeded.pk)},
    )
    assert seen and seen[0] is not django_loader
    assert adapters.get_loader(oid, Format.TEXT) is django_loader
    first = seeded.statements.order_by("created_at", "id").first()
    assert result["data"]["map"]["graph"]["statements"][0]["createdAt"] == first.created_at.isoformat()
    with pytest.raises(RuntimeError), c_timestamps(type(first)):
        raise RuntimeError
    assert adapters.get_loader(oid, Format.TEXT) is django_loader


PAGE_WITH_FRAGMENTS = """
query ($id: ID!) { map(id: $id) { statements(first: 20) { edges { node { id ...Neighbours } } } } }
fragment Neighbours on Statement {
  supports { id } ... on Statement { attackedBy { kind attacker { id } target { ... on Statement { id } } } }
  supportedBy { key } anchors { start exact }
}
"""


def test_a_primed_page_answers_as_the_loaders_did(monkeypatch, seeded, owner):
    """The page's relations are loaded with the page (fields found through fragments too); the answer is the
    one the per-node DataLoaders gave, in the same number of queries."""
    from api.graphql.core.loaders import Loaders
    from api.graphql.statement import types as statement_types

    variables = {"id": to_global_id("Map", seeded.pk)}
    primed = []
    prime_many = Loaders.prime_many
    monkeypatch.setattr(
        Loaders, "prime_many", lambda self, fetch, keys: primed.append(fetch.__name__) or prime_many(self, fetch, keys)
    )
    with CaptureQueriesContext(connection) as fast_queries:
        fast = GraphQLClient(owner)(PAGE_WITH_FRAGMENTS, variables)
    monkeypatch.setattr(statement_types, "prime_page", lambda info, page: None)
    with CaptureQueriesContext(connection) as loader_queries:
        by_loaders = GraphQLClient(owner)(PAGE_WITH_FRAGMENTS, variables)
    assert sorted(primed) == [
        "anchors_of_as_anchor_rows",
        "attacks_on_statements_with_rows",
        "supported_by_of_as_statement_rows",
        "supports_of_as_statement_rows",
    ]
    assert "errors" not in fast
    assert fast == by_loaders
    assert len(fast_queries) == len(loader_queries)
    nodes = [edge["node"] for edge in fast["data"]["map"]["statements"]["edges"]]
    assert any(node["supports"] for node in nodes) and any(node["attackedBy"] for node in nodes)

"""A conflict's kind (rebut, undermine, undercut) is named from what its reader sees, through every door, so it never
hints at a node the reader may not see: a target hidden from them leaves the kind null, and an inference hidden
from them does not turn an undermine into a rebut."""

import pytest
from graphql_relay import to_global_id
from rest_framework.test import APIClient

from argmap import services
from argmap.models import SchemeApplication, Statement
from argmap.selectors.graph import conflict_kinds
from tests.api.graphql.conftest import GraphQLClient
from tests.argmap.selectors.test_graph import debate  # noqa: F401 — the fixture
from tests.argmap.selectors.test_graph_document import blind  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(argument_map, debate, blind):  # noqa: F811
    """Blind annotation: the reviewer accepted ``u`` undercutting the owner's draft inference ``inf1``, and ``r``
    undermining ``p1``; alice drafted an inference concluding ``p1``. Bob sees neither draft."""
    Statement.objects.filter(pk__in=[debate["u"].pk, debate["r"].pk, debate["p1"].pk]).update(status="accepted")
    SchemeApplication.objects.filter(pk__in=[debate["undercut"].pk, debate["undermine"].pk]).update(status="accepted")
    services.create_argument(actor=blind["alice"], premises=[blind["premise"]], conclusion=debate["p1"])
    return {
        "undercut": debate["undercut"],
        "undermine": debate["undermine"],
        "u": debate["u"],
        "p1": debate["p1"],
        **blind,
    }


#: What each reader should be told: bob sees neither inf1 nor alice's inference; alice sees her inference.
EXPECTED = {
    "bob": {"undercut": None, "undermine": "undermine"},
    "alice": {"undercut": None, "undermine": "rebut"},
    "owner": {"undercut": "undercut", "undermine": "rebut"},
}


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("reader", EXPECTED)
def test_the_selector_names_kinds_from_the_readers_rows(hidden, reader):
    ids = {name: hidden[name].pk for name in ("undercut", "undermine")}
    kinds = conflict_kinds(ids.values(), user=fresh(hidden[reader]))
    assert {name: kinds.get(pk) for name, pk in ids.items()} == EXPECTED[reader]


@pytest.mark.parametrize("reader", EXPECTED)
def test_rest_detail_graph_and_neighbourhood_agree(hidden, argument_map, reader):
    client = APIClient()
    client.force_authenticate(fresh(hidden[reader]))
    detail = {
        name: client.get(f"/api/v1/scheme-applications/{hidden[name].pk}/").json()["conflict_kind"]
        for name in ("undercut", "undermine")
    }
    graph = {
        row["id"]: row["conflict_kind"]
        for row in client.get(f"/api/v1/maps/{argument_map.pk}/graph/").json()["scheme_applications"]
    }
    around = client.get(f"/api/v1/statements/{hidden['u'].pk}/neighbourhood/?depth=2&direction=both").json()
    near = {row["id"]: row["conflict_kind"] for row in around["scheme_applications"]}
    assert detail == EXPECTED[reader]
    for name, kind in EXPECTED[reader].items():
        assert graph[str(hidden[name].pk)] == kind, name
    assert near[str(hidden["undercut"].pk)] == EXPECTED[reader]["undercut"]


QUERY = """
query ($map: ID!, $undercut: ID!, $undermine: ID!) {
  undercut: node(id: $undercut) { ... on SchemeApplication { conflictKind } }
  undermine: node(id: $undermine) { ... on SchemeApplication { conflictKind } }
  map(id: $map) { graph { schemeApplications { id conflictKind } } }
}
"""


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("reader", EXPECTED)
def test_graphql_node_and_graph_agree(settings, hidden, argument_map, reader, compiled):
    settings.ARGMAP_GRAPHQL_COMPILED = compiled
    ids = {name: to_global_id("SchemeApplication", str(hidden[name].pk)) for name in ("undercut", "undermine")}
    data = GraphQLClient(hidden[reader])(QUERY, {"map": to_global_id("Map", str(argument_map.pk)), **ids})["data"]
    assert {name: data[name]["conflictKind"] for name in ids} == {
        name: kind and kind.upper() for name, kind in EXPECTED[reader].items()
    }
    graph = {row["id"]: row["conflictKind"] for row in data["map"]["graph"]["schemeApplications"]}
    for name, kind in EXPECTED[reader].items():
        assert graph[ids[name]] == (kind and kind.upper()), name


ATTACKED_BY = """
query ($map: ID!, $p1: ID!) {
  node(id: $p1) { ... on Statement { attackedBy { kind conflict { id } } } }
  map(id: $map) { statements(first: 100) { edges { node { id attackedBy { kind conflict { id } } } } } }
}
"""


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("reader", EXPECTED)
def test_an_attacks_kind_on_a_statement_counts_only_inferences_the_reader_sees(
    settings, hidden, argument_map, reader, compiled
):
    """``attackedBy { kind }`` (the statement's side of the same conflict) agrees with ``conflictKind``: alice's
    draft inference concluding p1 makes the undermine a rebut for her and the owner, never for bob."""
    settings.ARGMAP_GRAPHQL_COMPILED = compiled
    p1 = to_global_id("Statement", str(hidden["p1"].pk))
    data = GraphQLClient(hidden[reader])(ATTACKED_BY, {"map": to_global_id("Map", str(argument_map.pk)), "p1": p1})[
        "data"
    ]
    undermine = to_global_id("SchemeApplication", str(hidden["undermine"].pk))
    on_page = next(edge["node"] for edge in data["map"]["statements"]["edges"] if edge["node"]["id"] == p1)
    expected = EXPECTED[reader]["undermine"].upper()
    for attacks in (data["node"]["attackedBy"], on_page["attackedBy"]):
        assert {attack["conflict"]["id"]: attack["kind"] for attack in attacks}[undermine] == expected

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.errors import InvalidInput
from argmap.selectors.graph import (
    MAX_NEIGHBOURHOOD_DEPTH,
    attacked_by,
    map_graph,
    map_graph_fingerprint,
    neighbourhood,
    reach_in_python,
    supported_by,
    supports_of,
)
from tests.argmap.selectors.builders import build_chain_map
from tests.factories import make_map, make_participant, make_statement


@pytest.fixture
def debate(owner, argument_map, document):
    """p1, p2 → inf1 → c; r rebuts c; u undercuts inf1; c → inf2 → c2 (a chain upwards)."""
    s = {
        name: make_statement(argument_map, text=f"{name} text", kind=kind, actor=owner)
        for name, kind in [("p1", "premise"), ("p2", "premise"), ("c", "claim"), ("r", "rebuttal"), ("u", "premise")]
    }
    s["c2"] = make_statement(argument_map, text="c2 text", kind="claim", actor=owner)
    inf1 = services.create_argument(actor=owner, premises=[s["p1"], s["p2"]], conclusion=s["c"])
    rebut = services.create_attack(actor=owner, attacker=s["r"], target=s["c"])
    undercut = services.create_attack(actor=owner, attacker=s["u"], target=inf1)
    undermine = services.create_attack(actor=owner, attacker=s["r"], target=s["p1"])
    inf2 = services.create_argument(actor=owner, premises=[s["c"]], conclusion=s["c2"])
    anchor = services.create_anchor(actor=owner, statement=s["p1"], document=document, exact="核弾頭")
    source = services.create_source(actor=owner, workspace=argument_map.workspace, title="38 North", footnote=3)
    link = services.create_evidence_link(actor=owner, statement=s["p1"], source=source, locator="p. 2")
    return {
        **s,
        "inf1": inf1,
        "inf2": inf2,
        "rebut": rebut,
        "undercut": undercut,
        "undermine": undermine,
        "anchor": anchor,
        "source": source,
        "link": link,
    }


def test_map_graph_holds_every_row_with_conflict_kinds(argument_map, debate):
    graph = map_graph(argument_map=argument_map)
    assert {r["text"] for r in graph["statements"]} == {"p1 text", "p2 text", "c text", "r text", "u text", "c2 text"}
    kinds = {r["id"]: r["conflict_kind"] for r in graph["scheme_applications"]}
    assert kinds[debate["rebut"].pk] == "rebut"
    assert kinds[debate["undercut"].pk] == "undercut"
    assert kinds[debate["undermine"].pk] == "undermine"
    assert kinds[debate["inf1"].pk] is None
    assert len(graph["edges"]) == 3 + 2 + 2 + 2 + 2
    assert [a["exact"] for a in graph["anchors"]] == ["核弾頭"]
    assert [(e["source_id"], e["locator"]) for e in graph["evidence_links"]] == [(debate["source"].pk, "p. 2")]
    assert [s["title"] for s in graph["sources"]] == ["38 North"]
    assert [d["id"] for d in graph["documents"]] == [argument_map.documents.get().pk]


def test_map_graph_query_count_does_not_grow_with_the_map(owner, workspace, document):
    small, large = make_map(workspace, documents=[document]), make_map(workspace, documents=[document])
    build_chain_map(small, document, statements=10)
    written = build_chain_map(large, document, statements=1000)
    counts = []
    for argument_map in (small, large):
        with CaptureQueriesContext(connection) as queries:
            graph = map_graph(argument_map=argument_map)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10
    assert {key: len(graph[key]) for key in written} == written


def test_fingerprint_moves_with_any_change(owner, argument_map, debate):
    before = map_graph_fingerprint(argument_map=argument_map)
    assert map_graph_fingerprint(argument_map=argument_map) == before
    services.delete_evidence_link(actor=owner, link=debate["link"], expected_version=1)
    after_delete = map_graph_fingerprint(argument_map=argument_map)
    assert after_delete != before
    services.update_statement(actor=owner, statement=debate["c2"], expected_version=1, gloss="changed")
    assert map_graph_fingerprint(argument_map=argument_map) != after_delete


def test_fingerprint_moves_when_a_speaker_is_renamed(owner, argument_map, debate):
    """The graph publishes each statement's ``speaker_name``: renaming the participant changes the graph."""
    voice = make_participant(argument_map.workspace, "KCNA")
    services.update_statement(actor=owner, statement=debate["c2"], expected_version=1, speaker=voice)
    before = map_graph_fingerprint(argument_map=argument_map)
    services.update_participant(actor=owner, participant=voice, expected_version=voice.version, name="朝鮮中央通信")
    assert map_graph_fingerprint(argument_map=argument_map) != before
    names = {row["speaker_name"] for row in map_graph(argument_map=argument_map)["statements"]}
    assert "朝鮮中央通信" in names


def _ids(result, key):
    return {row["id"]: row["depth"] for row in result[key]}


def test_neighbourhood_up_down_both(debate):
    up = neighbourhood(statement=debate["p1"], depth=1, direction="up")
    assert _ids(up, "statements") == {debate["p1"].pk: 0, debate["c"].pk: 1}
    assert _ids(up, "scheme_applications") == {debate["inf1"].pk: 1}
    assert {(e["role"], e["statement_id"]) for e in up["edges"]} == {
        ("antecedent", debate["p1"].pk),
        ("consequent", debate["c"].pk),
    }
    up2 = neighbourhood(statement=debate["p1"], depth=2, direction="up")
    assert _ids(up2, "statements")[debate["c2"].pk] == 2

    down = neighbourhood(statement=debate["c"], depth=1, direction="down")
    assert set(_ids(down, "statements")) == {debate["c"].pk, debate["p1"].pk, debate["p2"].pk, debate["r"].pk}
    assert set(_ids(down, "scheme_applications")) == {debate["inf1"].pk, debate["rebut"].pk}
    down2 = neighbourhood(statement=debate["c"], depth=2, direction="down")
    assert _ids(down2, "statements")[debate["u"].pk] == 2
    assert {r["id"]: r["conflict_kind"] for r in down2["scheme_applications"]}[debate["undercut"].pk] == "undercut"

    both = neighbourhood(statement=debate["p1"], depth=1, direction="both")
    assert set(_ids(both, "statements")) == {debate["p1"].pk, debate["p2"].pk, debate["c"].pk, debate["r"].pk}


def test_neighbourhood_is_cycle_safe_and_matches_python(owner, argument_map):
    a, b, c = (make_statement(argument_map, text=t, actor=owner) for t in "abc")
    services.create_argument(actor=owner, premises=[a], conclusion=b)
    services.create_argument(actor=owner, premises=[b], conclusion=c)
    services.create_argument(actor=owner, premises=[c], conclusion=a, confirm_cycle=True)
    for direction in ("up", "down", "both"):
        for depth in (0, 1, 2, MAX_NEIGHBOURHOOD_DEPTH):
            result = neighbourhood(statement=a, depth=depth, direction=direction)
            reached = {(r["id"], False): r["depth"] for r in result["statements"]}
            reached |= {(r["id"], True): r["depth"] for r in result["scheme_applications"]}
            assert reached == reach_in_python(a, depth, direction)
    assert len(neighbourhood(statement=a, depth=10, direction="up")["statements"]) == 3


def test_neighbourhood_matches_python_on_a_large_map(workspace, document):
    argument_map = make_map(workspace, documents=[document])
    build_chain_map(argument_map, document, statements=300)
    origin = argument_map.statements.order_by("created_at", "id")[150]
    for direction in ("up", "down", "both"):
        result = neighbourhood(statement=origin, depth=7, direction=direction)
        reached = {(r["id"], False): r["depth"] for r in result["statements"]}
        reached |= {(r["id"], True): r["depth"] for r in result["scheme_applications"]}
        assert reached == reach_in_python(origin, 7, direction)


@pytest.mark.parametrize(("depth", "direction"), [(11, "up"), (-1, "up"), ("2", "up"), (2, "sideways")])
def test_neighbourhood_refuses_bad_input(debate, depth, direction):
    with pytest.raises(InvalidInput):
        neighbourhood(statement=debate["p1"], depth=depth, direction=direction)


def test_support_and_attack_helpers(debate):
    ids = [debate[n].pk for n in ("p1", "c", "c2")]
    assert supports_of(ids) == {debate["p1"].pk: [debate["inf1"].pk], debate["c"].pk: [debate["inf2"].pk]}
    assert supported_by(ids) == {debate["c"].pk: [debate["inf1"].pk], debate["c2"].pk: [debate["inf2"].pk]}
    assert attacked_by(ids) == {debate["c"].pk: [debate["rebut"].pk], debate["p1"].pk: [debate["undermine"].pk]}

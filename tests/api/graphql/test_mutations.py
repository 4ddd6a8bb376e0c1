"""Mutations call the services and report refusals as typed errors; a refused mutation writes nothing."""

import pytest
from graphql_relay import to_global_id

from argmap import services
from argmap.models import Anchor, Change, EvidenceLink, SchemeApplication, Statement
from tests.api.graphql.conftest import GraphQLClient, small_argument
from tests.factories import make_statement


def gid(obj) -> str:
    type_name = {"ArgumentMap": "Map"}.get(type(obj).__name__, type(obj).__name__)
    return to_global_id(type_name, obj.pk)


@pytest.fixture
def client(owner):
    return GraphQLClient(owner)


def run(client, mutation, variables, name):
    result = client(mutation, variables)
    assert "errors" not in result, result
    return result["data"][name]


UPDATE = """
mutation ($id: ID!, $v: Int!, $text: String) {
  updateStatement(id: $id, expectedVersion: $v, text: $text) {
    statement { text version }
    errors { code message field rule currentVersion }
  }
}
"""


def test_create_update_delete_a_statement(client, argument_map):
    created = run(
        client,
        'mutation ($map: ID!) { createStatement(mapId: $map, kind: PREMISE, text: "推計は50発。", gloss: "50 warheads")'
        " { statement { id kind text gloss status version map { name } } errors { code } } }",
        {"map": gid(argument_map)},
        "createStatement",
    )
    statement = created["statement"]
    assert created["errors"] == []
    assert statement | {"id": None} == {
        "id": None,
        "kind": "PREMISE",
        "text": "推計は50発。",
        "gloss": "50 warheads",
        "status": "DRAFT",
        "version": 1,
        "map": {"name": "Map"},
    }
    updated = run(client, UPDATE, {"id": statement["id"], "v": 1, "text": "推計は50発前後。"}, "updateStatement")
    assert updated == {"statement": {"text": "推計は50発前後。", "version": 2}, "errors": []}
    deleted = run(
        client,
        "mutation ($id: ID!) { deleteStatement(id: $id, expectedVersion: 2) { deletedId removed { statements } errors { code } } }",
        {"id": statement["id"]},
        "deleteStatement",
    )
    assert deleted == {"deletedId": statement["id"], "removed": {"statements": 1}, "errors": []}
    assert not Statement.objects.filter(map=argument_map).exists()


def test_a_stale_expected_version_is_refused_and_nothing_is_written(client, argument_map, owner):
    statement = make_statement(argument_map, "元の文。", actor=owner)
    run(client, UPDATE, {"id": gid(statement), "v": 1, "text": "一度目。"}, "updateStatement")
    changes_before = Change.objects.count()
    stale = run(client, UPDATE, {"id": gid(statement), "v": 1, "text": "二度目。"}, "updateStatement")
    assert stale["statement"] is None
    assert stale["errors"] == [
        {
            "code": "CONFLICT",
            "message": "statement is at version 2, not 1: reload it and apply your change again.",
            "field": None,
            "rule": "optimistic_concurrency",
            "currentVersion": 2,
        }
    ]
    statement.refresh_from_db()
    assert (statement.text, statement.version) == ("一度目。", 2)
    assert Change.objects.count() == changes_before


def test_stale_deletes_of_every_kind_are_refused(client, argument_map, owner):
    graph = small_argument(argument_map, actor=owner)
    source = GraphQLClient(owner)(
        'mutation ($ws: ID!) { createSource(workspaceId: $ws, title: "防衛白書") { source { id } errors { code } } }',
        {"ws": to_global_id("Workspace", argument_map.workspace_id)},
    )["data"]["createSource"]["source"]
    link = run(
        client,
        'mutation ($s: ID!, $src: ID!) { createEvidenceLink(statementId: $s, sourceId: $src, locator: "p. 3") {'
        " evidenceLink { id version source { title } } errors { code } } }",
        {"s": gid(graph["premise"]), "src": source["id"]},
        "createEvidenceLink",
    )["evidenceLink"]
    assert link["source"] == {"title": "防衛白書"}
    for mutation, obj_id in (
        ("deleteStatement", gid(graph["claim"])),
        ("deleteSchemeApplication", gid(graph["conflict"])),
        ("deleteAnchor", gid(graph["anchor"])),
        ("deleteEvidenceLink", link["id"]),
    ):
        payload = run(
            client,
            f"mutation ($id: ID!) {{ {mutation}(id: $id, expectedVersion: 7) {{ deletedId errors {{ code }} }} }}",
            {"id": obj_id},
            mutation,
        )
        assert payload == {"deletedId": None, "errors": [{"code": "CONFLICT"}]}, mutation
    assert Statement.objects.filter(map=argument_map).count() == 3
    assert SchemeApplication.objects.filter(map=argument_map).count() == 2
    assert Anchor.objects.filter(map=argument_map).count() == 1
    assert EvidenceLink.objects.filter(map=argument_map).count() == 1


def test_an_overlong_key_with_tag_ids_is_a_validation_error(client, argument_map, owner):
    """Tags and fields change in one validated write: an over-long key is VALIDATION, not INTERNAL."""
    statement = make_statement(argument_map, "元の文。", actor=owner)
    tag = services.create_tag(actor=owner, workspace=argument_map.workspace, slug="sipri")
    payload = run(
        client,
        "mutation ($id: ID!, $tags: [ID!], $key: String) {"
        " updateStatement(id: $id, expectedVersion: 1, tagIds: $tags, key: $key) {"
        " statement { version } errors { code field rule } } }",
        {"id": gid(statement), "tags": [gid(tag)], "key": "k" * 200},
        "updateStatement",
    )
    assert payload == {"statement": None, "errors": [{"code": "VALIDATION", "field": "key", "rule": "invalid"}]}
    statement.refresh_from_db()
    assert (statement.version, statement.key, statement.tags.count()) == (1, "", 0)


def test_create_argument_and_the_attacks_on_it(client, argument_map, owner):
    claim = make_statement(argument_map, "対話は無益だ。", kind="claim", actor=owner)
    premise = make_statement(argument_map, "合意は破られてきた。", actor=owner)
    objection = make_statement(argument_map, "破られたのは一部だ。", kind="rebuttal", actor=owner)
    argument = run(
        client,
        'mutation ($p: [ID!]!, $c: ID!) { createArgument(premiseIds: $p, conclusionId: $c, schemeKey: "sign") {'
        " inference { id type scheme { key criticalQuestions { position } } premises { text } conclusion { text } }"
        " errors { code message } } }",
        {"p": [gid(premise)], "c": gid(claim)},
        "createArgument",
    )
    assert argument["errors"] == [], argument
    inference = argument["inference"]
    assert inference["type"] == "INFERENCE"
    assert inference["scheme"]["key"] == "sign" and inference["scheme"]["criticalQuestions"]
    assert (inference["premises"], inference["conclusion"]) == (
        [{"text": "合意は破られてきた。"}],
        {"text": "対話は無益だ。"},
    )
    attack = """
    mutation ($a: ID!, $t: ID!) {
      createAttack(attackerId: $a, targetId: $t) {
        conflict { type conflictKind premises { text } targetApplication { id } conclusion { text } }
        errors { code }
      }
    }"""
    undercut = run(client, attack, {"a": gid(objection), "t": inference["id"]}, "createAttack")["conflict"]
    assert undercut["conflictKind"] == "UNDERCUT"
    assert undercut["targetApplication"] == {"id": inference["id"]} and undercut["conclusion"] is None
    rebut = run(client, attack, {"a": gid(objection), "t": gid(claim)}, "createAttack")["conflict"]
    assert rebut["conflictKind"] == "REBUT"
    read = client(
        "query ($id: ID!) { node(id: $id) { ... on SchemeApplication { attackedBy { kind attacker { text } } } } }",
        {"id": inference["id"]},
    )
    assert read["data"]["node"]["attackedBy"] == [{"kind": "UNDERCUT", "attacker": {"text": "破られたのは一部だ。"}}]


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"p": ["garbage"], "c": None}, "VALIDATION", "premiseIds"),
        ({"p": ["MAP"], "c": None}, "VALIDATION", "premiseIds"),
        ({"p": ["SELF"], "c": None}, "RULE", "premises"),
        ({"p": [], "c": None}, "VALIDATION", "premises"),
        ({"p": ["PREMISE"], "c": None, "scheme": "no-such-scheme"}, "VALIDATION", "schemeKey"),
    ],
    ids=["malformed-id", "wrong-type", "circular", "no-premise", "unknown-scheme"],
)
def test_refused_arguments_say_why_and_write_nothing(client, argument_map, owner, variables, code, field):
    claim = make_statement(argument_map, "主張。", kind="claim", actor=owner)
    premise = make_statement(argument_map, "前提。", actor=owner)
    substitutes = {"SELF": gid(claim), "MAP": gid(argument_map), "PREMISE": gid(premise)}
    variables = {**variables, "c": gid(claim), "p": [substitutes.get(p, p) for p in variables["p"]]}
    payload = run(
        client,
        "mutation ($p: [ID!]!, $c: ID!, $scheme: String) { createArgument(premiseIds: $p, conclusionId: $c,"
        " schemeKey: $scheme) { inference { id } errors { code field message } } }",
        variables,
        "createArgument",
    )
    assert payload["inference"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["errors"][0]["message"]
    assert not SchemeApplication.objects.filter(map=argument_map).exists()


def test_anchors_count_code_points(client, argument_map, document, owner):
    statement = make_statement(argument_map, "𠮷野家の例。", actor=owner)
    start = document.text.index("𠮷野家")
    create = """
    mutation ($s: ID!, $d: ID!, $exact: String!, $start: Int, $end: Int) {
      createAnchor(statementId: $s, documentId: $d, exact: $exact, start: $start, end: $end) {
        anchor { id exact start end prefix status version } errors { code field rule }
      }
    }"""
    variables = {"s": gid(statement), "d": gid(document), "exact": "𠮷野家", "start": start, "end": start + 3}
    anchor = run(client, create, variables, "createAnchor")["anchor"]
    assert (anchor["start"], anchor["end"], anchor["status"]) == (start, start + 3, "ANCHORED")
    utf16_end = start + len("𠮷野家".encode("utf-16-le")) // 2
    wrong = run(client, create, {**variables, "end": utf16_end}, "createAnchor")
    assert wrong == {
        "anchor": None,
        "errors": [{"code": "VALIDATION", "field": "exact", "rule": "anchor_matches_text"}],
    }
    moved = run(
        client,
        'mutation ($id: ID!) { moveAnchor(id: $id, expectedVersion: 1, exact: "Second sentence") {'
        " anchor { exact version } errors { code } } }",
        {"id": anchor["id"]},
        "moveAnchor",
    )
    assert moved == {"anchor": {"exact": "Second sentence", "version": 2}, "errors": []}


def test_evidence_links_update_with_their_version(client, argument_map, owner):
    statement = make_statement(argument_map, "推計。", actor=owner)
    source = run(
        client,
        'mutation ($ws: ID!) { createSource(workspaceId: $ws, title: "SIPRI Yearbook", authors: ["SIPRI"],'
        ' footnote: 4, accessedOn: "2024-12-01") { source { id authors footnote accessedOn } errors { code } } }',
        {"ws": to_global_id("Workspace", argument_map.workspace_id)},
        "createSource",
    )["source"]
    assert source["authors"] == ["SIPRI"] and source["accessedOn"] == "2024-12-01"
    link = run(
        client,
        "mutation ($s: ID!, $src: ID!) { createEvidenceLink(statementId: $s, sourceId: $src) {"
        " evidenceLink { id footnote } errors { code } } }",
        {"s": gid(statement), "src": source["id"]},
        "createEvidenceLink",
    )["evidenceLink"]
    assert link["footnote"] == 4
    update = """mutation ($id: ID!, $v: Int!) { updateEvidenceLink(id: $id, expectedVersion: $v, locator: "p. 12") {
      evidenceLink { locator version } errors { code } } }"""
    assert run(client, update, {"id": link["id"], "v": 1}, "updateEvidenceLink") == {
        "evidenceLink": {"locator": "p. 12", "version": 2},
        "errors": [],
    }
    assert run(client, update, {"id": link["id"], "v": 1}, "updateEvidenceLink")["errors"] == [{"code": "CONFLICT"}]


def test_explicit_nulls_for_required_values_are_validation_errors(client, argument_map, owner):
    statement = make_statement(argument_map, "文。", actor=owner)
    payload = run(client, UPDATE, {"id": gid(statement), "v": 1, "text": None}, "updateStatement")
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("VALIDATION", "text")]


def test_a_rejection_needs_a_reason(client, argument_map, owner):
    statement = make_statement(argument_map, "文。", actor=owner)
    payload = run(
        client,
        "mutation ($id: ID!) { setReviewStatus(id: $id, status: REJECTED, expectedVersion: 1) { node { __typename }"
        " errors { code field rule } } }",
        {"id": gid(statement)},
        "setReviewStatus",
    )
    assert payload == {
        "node": None,
        "errors": [{"code": "VALIDATION", "field": "reason", "rule": "rejection_has_reason"}],
    }


def test_mutations_are_refused_over_get(client, argument_map):
    response = client.client.get(
        "/graphql/",
        {"query": 'mutation { createStatement(mapId: "x", kind: CLAIM, text: "t") { errors { code } } }'},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 405

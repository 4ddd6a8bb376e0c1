"""The JSON PostgreSQL writes for the graph and the neighbourhood is, byte for byte, what orjson wrote for the
selectors' rows before (and what ``map_graph`` / ``neighbourhood`` still return), for every reader."""

import datetime as dt
import json
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.models import ArgumentMap, SchemeApplication, Statement
from argmap.selectors.graph import (
    UNRESTRICTED,
    map_graph,
    map_graph_fingerprint,
    neighbourhood,
    neighbourhood_document,
)
from argmap.selectors.graph_document import (
    graph_document_after,
    map_graph_document,
    map_graph_head,
    map_header,
    with_api_names,
)
from argmap.selectors.json_rows import ORJSON_OPTIONS
from argmap.services.annotation import annotate_passage, start_independent_annotation
from argmap.services.suggestions import accept_suggestions, write_suggestion_batch
from tests.argmap.selectors.test_graph import debate  # noqa: F401 — the fixture
from tests.factories import UserFactory, make_participant, make_passage, make_statement

DATASET = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1"


def reference_document(argument_map, user) -> bytes:
    """The graph body as it was built before: ``map_graph``'s rows renamed and written by orjson."""
    found = map_graph(argument_map=argument_map, user=user)
    return orjson.dumps(
        {
            "map": map_header(argument_map, found["documents"]),
            **{key: [with_api_names(row) for row in rows] for key, rows in found.items()},
        },
        option=ORJSON_OPTIONS,
    )


def reference_neighbourhood(statement, depth, direction, user) -> bytes:
    found = neighbourhood(statement=statement, depth=depth, direction=direction, user=user)
    return orjson.dumps(
        {
            **{key: found[key] for key in ("origin", "depth", "direction")},
            **{
                key: [with_api_names(row) for row in found[key]]
                for key in ("statements", "scheme_applications", "edges")
            },
        },
        option=ORJSON_OPTIONS,
    )


@pytest.fixture
def awkward(owner, argument_map, debate):  # noqa: F811
    """Text JSON must escape, a time without microseconds, tags on both kinds of node, a reported voice."""
    odd = make_statement(
        argument_map, text='引用 "quoted" \\ back\tslash\n\x01 \u2028 </script> 𠮷', kind="claim", actor=owner
    )
    voice = make_participant(argument_map.workspace, '朝鮮中央通信 "KCNA" \\ 𠮷')
    Statement.objects.filter(pk=odd.pk).update(
        created_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC), speaker=voice, illocution="reporting"
    )
    services.update_statement(actor=owner, statement=debate["p2"], expected_version=1, tags=_tags(argument_map))
    SchemeApplication.objects.get(pk=debate["inf1"].pk).tags.set(_tags(argument_map))
    return odd


def _tags(argument_map):
    from argmap.models import Tag

    return [
        Tag.objects.get_or_create(workspace=argument_map.workspace, slug=slug, defaults={"label": slug})[0]
        for slug in ("z-last", "a-first")
    ]


def test_the_graph_document_is_the_bytes_orjson_wrote_for_the_rows(owner, argument_map, debate, awkward):  # noqa: F811
    for user in (UNRESTRICTED, owner):
        document = map_graph_document(argument_map=argument_map, user=user)
        assert document == reference_document(argument_map, user)
    body = orjson.loads(document)
    assert [row["tags"] for row in body["statements"] if row["id"] == str(debate["p2"].pk)] == [["a-first", "z-last"]]
    assert {row["conflict_kind"] for row in body["scheme_applications"]} == {None, "rebut", "undercut", "undermine"}
    assert any(row["created_at"] == "2024-01-02T03:04:05Z" for row in body["statements"])
    spoken = [row for row in body["statements"] if row["speaker"]]
    assert [(row["speaker_name"], row["illocution"]) for row in spoken] == [('朝鮮中央通信 "KCNA" \\ 𠮷', "reporting")]


def test_the_neighbourhood_is_the_bytes_orjson_wrote_for_the_rows(owner, debate, awkward):  # noqa: F811
    for origin in ("p1", "c", "r", "u"):
        for depth in (0, 1, 2, 6):
            for direction in ("up", "down", "both"):
                statement = debate[origin]
                expected = reference_neighbourhood(statement, depth, direction, owner)
                assert neighbourhood_document(
                    statement_id=statement.pk, depth=depth, direction=direction, user=owner
                ) == (expected), (origin, depth, direction)


def test_the_graph_document_costs_one_query(owner, argument_map, debate):  # noqa: F811
    owner = type(owner).objects.get(pk=owner.pk)
    with CaptureQueriesContext(connection) as queries:
        map_graph_document(argument_map=argument_map, user=owner)
    # memberships, then statements, edges, scheme applications, anchors, evidence links, sources and documents
    assert len(queries) == 2


@pytest.fixture
def blind(owner, workspace, argument_map, document, debate):  # noqa: F811
    """An active blind annotation over a map with the owner's drafts, one accepted claim, and two annotators."""
    users = {name: UserFactory(username=name) for name in ("alice", "bob", "rita")}
    for name, role in (("alice", "annotator"), ("bob", "annotator"), ("rita", "reviewer")):
        services.add_member(actor=owner, workspace=workspace, user=users[name], role=role)
    Statement.objects.filter(pk=debate["c"].pk).update(status="accepted")
    start_independent_annotation(actor=owner, argument_map=argument_map)
    claim, _ = annotate_passage(
        actor=users["alice"], argument_map=argument_map, document=document, kind="claim", exact="北朝鮮", start=0, end=3
    )
    premise, _ = annotate_passage(
        actor=users["alice"],
        argument_map=argument_map,
        document=document,
        kind="premise",
        exact="核弾頭",
        start=4,
        end=7,
    )
    services.create_argument(actor=users["alice"], premises=[premise], conclusion=claim)
    services.create_attack(actor=users["alice"], attacker=premise, target=debate["c"])
    annotate_passage(
        actor=users["bob"], argument_map=argument_map, document=document, kind="claim", exact="北朝鮮", start=0, end=3
    )
    return {**users, "owner": owner, "premise": premise}


def test_every_reader_of_a_blind_annotation_gets_what_the_rows_showed_them(argument_map, blind):
    seen = {}
    for name in ("alice", "bob", "rita", "owner"):
        user = type(blind[name]).objects.get(pk=blind[name].pk)
        document = map_graph_document(argument_map=argument_map, user=user)
        assert document == reference_document(argument_map, user), name
        head = map_graph_head(map_id=argument_map.pk, user=user)
        assert graph_document_after(head, user=user) == document, name
        assert head.etag == map_graph_fingerprint(argument_map=argument_map, user=user), name
        seen[name] = {row["text"] for row in orjson.loads(document)["statements"]}
        for depth in (1, 3):
            # The selector's neighbourhood() walks from any statement (its callers check the origin first).
            expected = reference_neighbourhood(blind["premise"], depth, "both", user) if name != "bob" else None
            assert neighbourhood_document(
                statement_id=blind["premise"].pk, depth=depth, direction="both", user=user
            ) == (expected), (name, depth)
    assert seen["alice"] == {"北朝鮮", "核弾頭", "c text"} and seen["bob"] == {"北朝鮮", "c text"}
    assert "p1 text" not in seen["alice"] | seen["bob"] and "p1 text" in seen["owner"]


@pytest.mark.skipif(not (DATASET / "dataset.built.json").exists(), reason="the report's dataset is not built")
def test_the_reports_map_is_the_bytes_orjson_wrote(db):
    call_command("load_dataset", str(DATASET), verbosity=0)
    built = json.loads((DATASET / "dataset.built.json").read_text(encoding="utf-8"))
    argument_map = ArgumentMap.objects.get(pk=built["map"]["id"])
    assert map_graph_document(argument_map=argument_map) == reference_document(argument_map, UNRESTRICTED)
    anonymous = map_graph_document(argument_map=argument_map, user=None)
    assert anonymous == reference_document(argument_map, None)
    assert len(orjson.loads(anonymous)["statements"]) == len(built["statements"])


def test_the_neighbourhood_of_a_statement_the_reader_may_not_see_is_none(argument_map, blind, debate):  # noqa: F811
    bob = type(blind["bob"]).objects.get(pk=blind["bob"].pk)
    for hidden in (blind["premise"].pk, debate["p1"].pk, "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert neighbourhood_document(statement_id=hidden, depth=1, direction="both", user=bob) is None
    assert neighbourhood_document(statement_id=debate["c"].pk, depth=1, direction="both", user=bob) is not None


#: Confidences PostgreSQL and orjson write differently unless told (``0`` / ``0.0``, ``1.5e-05`` / ``0.000015``,
#: ``1e-07`` / ``1e-7``), and plain ones.
AWKWARD_CONFIDENCES = (0.0, 1.0, 1.5e-05, 1e-07, 1 / 3, 0.6)


@pytest.fixture
def provenance(owner, workspace, argument_map, document, debate):  # noqa: F811
    """A pipeline's suggested premises (awkward confidences, boundary confidences) attacking and supporting a
    claim; half of them accepted into the annotator's drafts, their provenance kept."""
    bot, annotator, outsider = (UserFactory(username=name) for name in ("miner-bot", "ann", "outsider"))
    services.add_member(actor=owner, workspace=workspace, user=bot, role="pipeline")
    services.add_member(actor=owner, workspace=workspace, user=annotator, role="annotator")
    claim = make_passage(argument_map, document, "Second sentence.", actor=annotator)
    spans, relations = [], []
    for index, confidence in enumerate(AWKWARD_CONFIDENCES):
        start = index * 2
        spans.append(
            {
                "key": f"s{index}",
                "kind": "premise",
                "start": start,
                "end": start + 2,
                "confidence": confidence,
                "start_confidence": confidence,
                "end_confidence": None if index % 2 else 1 - confidence,
            }
        )
        relations.append(
            {
                "key": f"r{index}",
                "type": "attack" if index % 2 else "support",
                "from": f"s{index}",
                "to": str(claim.pk),
                "confidence": AWKWARD_CONFIDENCES[-1 - index],
            }
        )
    result = write_suggestion_batch(
        actor=bot,
        argument_map=argument_map,
        document=document,
        pipeline_name='miner "v" \\ 𠮷',
        pipeline_version="1.0-rc.1",
        key="b1",
        spans=spans,
        relations=relations,
    )
    accepted = [*list(result.statements.values())[:3], *list(result.scheme_applications.values())[:3]]
    accept_suggestions(actor=annotator, argument_map=argument_map, node_ids=accepted)
    return {"annotator": annotator, "outsider": outsider, "bot": bot, "owner": owner, "claim": claim}


def test_provenance_is_written_alike_on_both_paths_for_every_reader(argument_map, provenance):
    ArgumentMap.objects.filter(pk=argument_map.pk).update(visibility="public")
    for name in ("owner", "annotator", "bot", "outsider", None):
        user = type(provenance["owner"]).objects.get(pk=provenance[name].pk) if name else None
        for include in (False, True):
            document = map_graph_document(argument_map=argument_map, user=user, include_suggestions=include)
            found = map_graph(argument_map=argument_map, user=user, include_suggestions=include)
            assert document == orjson.dumps(
                {
                    "map": map_header(argument_map, found["documents"]),
                    **{key: [with_api_names(row) for row in rows] for key, rows in found.items()},
                },
                option=ORJSON_OPTIONS,
            ), (name, include)
            for depth in (1, 3):
                around = neighbourhood(
                    statement=provenance["claim"], depth=depth, direction="both", user=user, include_suggestions=include
                )
                expected = orjson.dumps(
                    {
                        **{key: around[key] for key in ("origin", "depth", "direction")},
                        **{
                            key: [with_api_names(row) for row in around[key]]
                            for key in ("statements", "scheme_applications", "edges")
                        },
                    },
                    option=ORJSON_OPTIONS,
                )
                assert (
                    neighbourhood_document(
                        statement_id=provenance["claim"].pk,
                        depth=depth,
                        direction="both",
                        user=user,
                        include_suggestions=include,
                    )
                    == expected
                ), (name, include, depth)
    body = orjson.loads(
        map_graph_document(argument_map=argument_map, user=provenance["owner"], include_suggestions=True)
    )
    pipeline = {"name": 'miner "v" \\ 𠮷', "version": "1.0-rc.1"}
    made = {(str(row["pipeline"]), row["confidence"], row["status"]) for row in body["statements"]}
    assert (str(pipeline), 1.5e-05, "draft") in made and (str(pipeline), 1e-07, "suggested") in made
    assert ("None", None, "draft") in made
    assert {row["confidence"] for row in body["scheme_applications"] if row["pipeline"] == pipeline} == set(
        AWKWARD_CONFIDENCES
    )
    assert {row["start_confidence"] for row in body["anchors"]} >= set(AWKWARD_CONFIDENCES)
    for marker in (b'"confidence":0.0,', b'"confidence":1.0,', b'"confidence":0.000015,', b'"confidence":1e-7,'):
        assert marker in map_graph_document(
            argument_map=argument_map, user=provenance["owner"], include_suggestions=True
        )


def test_the_graph_etag_moves_with_a_pipelines_name(argument_map, provenance):
    from argmap.models import Pipeline

    before = map_graph_fingerprint(argument_map=argument_map, user=provenance["owner"])
    pipeline = Pipeline.objects.get()
    pipeline.name = "miner renamed"
    pipeline.save()
    assert map_graph_fingerprint(argument_map=argument_map, user=provenance["owner"]) != before


def test_the_neighbourhood_is_planned_once_per_connection(owner, debate):  # noqa: F811
    """Django opens psycopg with preparation off; the neighbourhood's statement is prepared all the same, and
    after PostgreSQL's five custom plans it keeps the generic one (no planning per request)."""
    owner = type(owner).objects.get(pk=owner.pk)

    def plans() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%WITH RECURSIVE origin%"],
            )
            found = cursor.fetchall()
        assert len(found) <= 1, "one prepared statement per reader shape"
        return found[0] if found else (0, 0)

    generic, custom = plans()
    for _ in range(7):
        neighbourhood_document(statement_id=debate["c"].pk, depth=3, direction="both", user=owner)
    generic_after, custom_after = plans()
    assert generic_after + custom_after == generic + custom + 7
    assert custom_after <= 5 and generic_after - generic >= 2

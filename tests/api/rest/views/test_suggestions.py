import pytest
from graphql_relay import to_global_id

from argmap import services
from argmap.models import Statement
from tests.api.graphql.conftest import GraphQLClient
from tests.api.rest.conftest import client_for
from tests.factories import UserFactory, make_document, make_map, make_workspace

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."
CLAIM = (0, TEXT.index("。") + 1)
PREMISE = (TEXT.index("𠮷"), TEXT.index("例。") + 2)


@pytest.fixture
def bot(workspace, owner):
    account = UserFactory(username="miner-bot")
    services.add_member(actor=owner, workspace=workspace, user=account, role="pipeline")
    return account


def url(argument_map, tail=""):
    return f"/api/v1/maps/{argument_map.pk}/suggestions/{tail}"


def body(document, key="b1", **overrides):
    return {
        "pipeline": {"name": "miner", "version": "1.0", "parameters": {"model": "ja-adu"}},
        "document": str(document.pk),
        "key": key,
        "spans": [
            {"key": "c", "kind": "claim", "start": CLAIM[0], "end": CLAIM[1], "confidence": 0.9},
            {
                "key": "p",
                "kind": "premise",
                "start": PREMISE[0],
                "end": PREMISE[1],
                "confidence": 0.4,
                "start_confidence": 0.8,
                "end_confidence": 0.5,
            },
        ],
        "relations": [{"key": "r", "type": "support", "from": "p", "to": "c", "confidence": 0.7}],
        **overrides,
    }


def test_a_pipeline_token_writes_a_batch_once(bot, argument_map, document):
    client = client_for(bot)
    first = client.post(url(argument_map), body(document), format="json")
    assert first.status_code == 201, first.json()
    written = first.json()
    assert set(written["statements"]) == {"c", "p"} and written["skipped"] == []
    assert first["X-Argmap-Batch"]
    again = client.post(url(argument_map), body(document), format="json")
    assert again.status_code == 200 and again.json() == written
    assert Statement.objects.count() == 2


def test_a_pipeline_cannot_take_up_suggestions(bot, argument_map, document):
    client = client_for(bot)
    written = client.post(url(argument_map), body(document), format="json").json()
    refused = client.post(url(argument_map, "accept/"), {"ids": [written["statements"]["c"]]}, format="json")
    assert refused.status_code == 403
    assert client.post(url(argument_map, "dismiss/"), {"min_confidence": 0}, format="json").status_code == 403
    assert Statement.objects.filter(status="suggested").count() == 2


def test_a_pipeline_cannot_read_another_workspaces_private_map(bot, document):
    elsewhere = make_workspace(slug="elsewhere")
    theirs = make_map(elsewhere, documents=[make_document(elsewhere, text=TEXT)])
    client = client_for(bot)
    assert client.get(f"/api/v1/maps/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/maps/{theirs.pk}/graph/").status_code == 404
    assert client.get(url(theirs)).status_code == 404
    assert client.post(url(theirs), body(document), format="json").status_code == 404


def test_people_cannot_write_batches(team, argument_map, document):
    for who in ("owner", "annotator", "viewer"):
        assert client_for(team[who]).post(url(argument_map), body(document), format="json").status_code == 403
    assert client_for(team["outsider"]).post(url(argument_map), body(document), format="json").status_code == 404


def test_an_invalid_batch_is_a_problem_and_writes_nothing(bot, argument_map, document):
    bad = body(document)
    bad["spans"][1]["end"] = 999
    response = client_for(bot).post(url(argument_map), bad, format="json")
    assert response.status_code == 400 and "spans[1]" in response.json()["detail"]
    assert not Statement.objects.exists()
    unknown = body(document, relations=[{"key": "r", "type": "support", "from": "p", "to": "c", "weight": 1}])
    assert client_for(bot).post(url(argument_map), unknown, format="json").status_code == 400


def test_annotators_list_accept_and_dismiss_and_read_the_outcomes(bot, team, argument_map, document):
    written = client_for(bot).post(url(argument_map), body(document), format="json").json()
    annotator = client_for(team["annotator"])
    listed = annotator.get(url(argument_map), {"min_confidence": 0.5}).json()
    assert [s["id"] for s in listed["statements"]] == [written["statements"]["c"]]
    statement = listed["statements"][0]
    assert statement["pipeline"] == {"name": "miner", "version": "1.0"} and statement["confidence"] == 0.9
    assert statement["status"] == "suggested" and statement["anchors"][0]["start"] == CLAIM[0]
    accepted = annotator.post(url(argument_map, "accept/"), {"ids": [written["statements"]["c"]]}, format="json")
    assert accepted.status_code == 200 and accepted.json()["count"] == 1 and accepted["X-Argmap-Batch"]
    dismissed = annotator.post(url(argument_map, "dismiss/"), {"ids": [written["statements"]["p"]]}, format="json")
    assert dismissed.json()["scheme_applications"] == [written["scheme_applications"]["r"]]
    outcomes = {row["id"]: row for row in annotator.get(url(argument_map, "outcomes/")).json()}
    assert outcomes[written["statements"]["c"]]["outcome"] == "accepted"
    assert outcomes[written["statements"]["c"]]["decided_by"] == "annotator"
    assert outcomes[written["statements"]["p"]]["outcome"] == "dismissed"
    assert outcomes[written["statements"]["p"]]["prediction"]["start"] == PREMISE[0]
    again = client_for(bot).post(url(argument_map), body(document, key="b2"), format="json").json()
    assert {"key": "p", "reason": "dismissed"} in again["skipped"]


def test_taking_up_a_non_suggestion_is_404_and_changes_nothing(bot, team, argument_map, document):
    written = client_for(bot).post(url(argument_map), body(document), format="json").json()
    person = services.create_statement(actor=team["owner"], argument_map=argument_map, kind="claim", text="mine")
    response = client_for(team["annotator"]).post(
        url(argument_map, "accept/"), {"ids": [written["statements"]["c"], str(person.pk)]}, format="json"
    )
    assert response.status_code == 404
    assert Statement.objects.filter(status="suggested").count() == 2
    both = client_for(team["annotator"]).post(
        url(argument_map, "accept/"), {"ids": [], "min_confidence": 1}, format="json"
    )
    assert both.status_code == 400


def test_viewers_read_suggestions_but_cannot_take_them_up(bot, team, argument_map, document):
    client_for(bot).post(url(argument_map), body(document), format="json")
    viewer = client_for(team["viewer"])
    assert viewer.get(url(argument_map)).status_code == 200
    assert viewer.post(url(argument_map, "accept/"), {"min_confidence": 0}, format="json").status_code == 403


def test_suggestions_of_a_public_map_are_for_members_only(bot, team, workspace, document):
    public = make_map(workspace, visibility="public", documents=[document], name="Public")
    client_for(bot).post(url(public), body(document), format="json")
    assert client_for(team["outsider"]).get(url(public)).status_code == 403
    assert client_for(team["outsider"]).get(url(public, "outcomes/")).status_code == 403


def test_the_suggestion_lists_run_a_fixed_number_of_queries(bot, team, workspace, owner, django_assert_max_num_queries):
    counts = {}
    for size in (2, 40):
        text = "。".join(f"文{i}" for i in range(size)) + "。"
        document = make_document(workspace, text=text, title=f"doc {size}")
        argument_map = make_map(workspace, documents=[document], name=f"size {size}")
        spans = [
            {"key": f"s{i}", "kind": "premise", "start": 3 * i, "end": 3 * i + 2, "confidence": 0.5}
            for i in range(size)
        ]
        relations = [{"key": f"r{i}", "type": "support", "from": f"s{i}", "to": f"s{i + 1}"} for i in range(size - 1)]
        written = client_for(bot).post(
            url(argument_map),
            {**body(document), "spans": spans, "relations": relations},
            format="json",
        )
        assert written.status_code == 201, written.json()
        client = client_for(type(team["annotator"]).objects.get(pk=team["annotator"].pk))
        client.post(url(argument_map, "accept/"), {"ids": [written.json()["statements"]["s0"]]}, format="json")
        client = client_for(type(team["annotator"]).objects.get(pk=team["annotator"].pk))
        with django_assert_max_num_queries(12) as listing:
            assert len(client.get(url(argument_map)).json()["statements"]) == size - 1
        client = client_for(type(team["annotator"]).objects.get(pk=team["annotator"].pk))
        with django_assert_max_num_queries(16) as outcomes:
            assert len(client.get(url(argument_map, "outcomes/")).json()) == 2 * size - 1
        counts[size] = (len(listing), len(outcomes))
    assert counts[2] == counts[40], counts


def test_graph_evaluation_and_export_count_suggestions_only_when_members_ask(bot, team, workspace, document):
    public = make_map(workspace, visibility="public", documents=[document], name="Public")
    client_for(bot).post(url(public), body(document), format="json")
    member, outsider = client_for(team["viewer"]), client_for(team["outsider"])
    base = f"/api/v1/maps/{public.pk}/"
    assert member.get(base + "graph/").json()["statements"] == []
    assert len(member.get(base + "graph/", {"include": "suggestions"}).json()["statements"]) == 2
    assert outsider.get(base + "graph/", {"include": "suggestions"}).json()["statements"] == []
    assert member.get(base + "evaluation/").json()["counts"] == {"IN": 0, "OUT": 0, "UNDEC": 0}
    assert member.get(base + "evaluation/", {"include": "suggestions"}).json()["counts"]["IN"] == 2
    plain = member.get(base + "export/", {"format": "jsonl"}).content.decode()
    asked = member.get(base + "export/", {"format": "jsonl", "include": "suggestions"}).content.decode()
    assert plain.count('"type": "span"') == 0 and asked.count('"type": "span"') == 2
    etags = {member.get(base + "graph/", params).headers["ETag"] for params in ({}, {"include": "suggestions"})}
    assert len(etags) == 2


def test_outside_the_workspace_a_public_map_shows_no_suggestion_anywhere(bot, team, workspace, document, owner):
    public = make_map(workspace, visibility="public", documents=[document], name="Public")
    written = client_for(bot).post(url(public), body(document), format="json").json()
    claim = written["statements"]["c"]
    outsider, viewer = client_for(team["outsider"]), client_for(team["viewer"])
    for client, expected in ((outsider, 0), (viewer, 2)):
        listed = client.get("/api/v1/statements/", {"map": str(public.pk)}).json()["results"]
        assert len(listed) == expected
        assert len(client.get("/api/v1/anchors/", {"map": str(public.pk)}).json()["results"]) == expected
        assert len(client.get("/api/v1/edges/", {"map": str(public.pk)}).json()["results"]) == expected
    assert outsider.get(f"/api/v1/statements/{claim}/").status_code == 404
    assert viewer.get(f"/api/v1/statements/{claim}/").json()["status"] == "suggested"
    query = "query($id: ID!) { node(id: $id) { id } }"
    node = {"id": to_global_id("Statement", claim)}
    assert GraphQLClient(team["outsider"])(query, node)["data"]["node"] is None
    assert GraphQLClient(team["viewer"])(query, node)["data"]["node"] == node
    accepted = client_for(team["annotator"]).post(url(public, "accept/"), {"ids": [claim]}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert outsider.get(f"/api/v1/statements/{claim}/").json()["status"] == "draft"


def test_an_accepted_suggestion_keeps_its_provenance_in_the_rest_graph_and_neighbourhood(
    bot, team, owner, argument_map, document, django_assert_num_queries
):
    written = client_for(bot).post(url(argument_map), body(document), format="json").json()
    annotator = client_for(type(team["annotator"]).objects.get(pk=team["annotator"].pk))
    accepted = annotator.post(url(argument_map, "accept/"), {"ids": [written["statements"]["p"]]}, format="json")
    assert accepted.status_code == 200, accepted.json()
    graph = annotator.get(f"/api/v1/maps/{argument_map.pk}/graph/").json()
    premise = next(row for row in graph["statements"] if row["id"] == written["statements"]["p"])
    assert premise["status"] == "draft"
    assert (premise["pipeline"], premise["confidence"]) == ({"name": "miner", "version": "1.0"}, 0.4)
    anchor = next(row for row in graph["anchors"] if row["statement"] == premise["id"])
    assert (anchor["start_confidence"], anchor["end_confidence"]) == (0.8, 0.5)
    path = f"/api/v1/statements/{premise['id']}/neighbourhood/"
    plain = annotator.get(path, {"depth": 1})
    assert plain.json()["statements"][0]["pipeline"] == {"name": "miner", "version": "1.0"}
    asked = annotator.get(path, {"depth": 1, "include": "suggestions"}).json()
    assert [row["confidence"] for row in asked["scheme_applications"]] == [0.7]
    assert {row["confidence"] for row in asked["statements"]} == {0.4, 0.9}
    assert annotator.get(path, {"include": "suggestion"}).status_code == 400
    with django_assert_num_queries(1):  # the walk with its rows; the include asks for nothing to read
        annotator.get(path, {"depth": 1})
    with django_assert_num_queries(2):  # asked: the origin's workspace, to see whether the reader is a member
        annotator.get(path, {"depth": 1, "include": "suggestions"})

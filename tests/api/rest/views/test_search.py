import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.rest.conftest import client_for, problem
from tests.factories import make_document, make_map, make_statement, make_workspace

SENTENCE = "米朝間では安定・不安定逆説が働き、北朝鮮は核弾頭の数を増やしている。"


@pytest.fixture
def corpus(owner, team, argument_map):
    private = make_statement(argument_map, text=SENTENCE, gloss="The stability-instability paradox is at work.")
    elsewhere = make_workspace(owner=team["outsider"], slug="open-ws")
    open_doc = make_document(elsewhere, title="公開資料", text="公開された核弾頭の推計について。")
    open_map = make_map(elsewhere, visibility="public", documents=[open_doc], name="open")
    public = make_statement(open_map, text="公開の核弾頭の推計", gloss="Public warhead estimate")
    return {"private": private, "public": public, "open_doc": open_doc}


@pytest.mark.parametrize("q", ["安定・不安定逆説", "核弾頭", "stability-INSTABILITY", "paradox work"])
def test_members_find_japanese_substrings_and_english_words(api, corpus, q):
    response = api.get("/api/v1/search/", {"q": q})
    assert response.status_code == 200
    assert str(corpus["private"].pk) in {hit["id"] for hit in response.json()["results"]}


def test_hits_carry_code_point_offsets(api, corpus):
    hit = next(
        h for h in api.get("/api/v1/search/", {"q": "核弾頭"}).json()["results"] if h["id"] == str(corpus["private"].pk)
    )
    assert SENTENCE[hit["start"] : hit["end"]] == "核弾頭" and hit["field"] == "text" and hit["map"]


def test_others_find_only_public_things(team, corpus):
    for who in ("anonymous", "outsider", "viewer"):
        found = {h["id"] for h in client_for(team[who]).get("/api/v1/search/", {"q": "核弾頭"}).json()["results"]}
        assert {str(corpus["public"].pk), str(corpus["open_doc"].pk)} <= found
        assert (str(corpus["private"].pk) in found) == (who == "viewer")


def test_type_map_and_limit(api, corpus, argument_map):
    only_docs = api.get("/api/v1/search/", {"q": "核弾頭", "type": "document"}).json()["results"]
    assert {h["type"] for h in only_docs} == {"document"}
    in_map = api.get("/api/v1/search/", {"q": "核弾頭", "map": str(argument_map.pk)}).json()["results"]
    assert str(corpus["public"].pk) not in {h["id"] for h in in_map}
    assert len(api.get("/api/v1/search/", {"q": "核弾頭", "limit": 1}).json()["results"]) == 1
    for params in (
        {"q": ""},
        {"q": "x", "limit": "many"},
        {"q": "x", "limit": 0},
        {"q": "x", "type": "user"},
        {"q": "x", "map": "x"},
    ):
        assert problem(api.get("/api/v1/search/", params))["status"] == 400


def test_search_query_count_is_fixed(api, corpus, argument_map):
    for i in range(30):
        make_statement(argument_map, text=f"核弾頭 {i}")
    with CaptureQueriesContext(connection) as queries:
        assert len(api.get("/api/v1/search/", {"q": "核弾頭", "limit": 200}).json()["results"]) > 30
    assert len(queries) <= 4

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from argmap.errors import InvalidInput
from argmap.selectors.search import contains_term, search
from tests.factories import UserFactory, make_document, make_map, make_statement, make_workspace

REPORT_SENTENCE = "核抑止をめぐる安定・不安定逆説が、北朝鮮の核弾頭の増加によって強まる。"


@pytest.fixture
def corpus(owner, workspace, document):
    private = make_map(workspace, documents=[document], name="private")
    statement = make_statement(private, text=REPORT_SENTENCE, gloss="The stability-instability paradox strengthens.")
    other = make_workspace(owner=UserFactory(), slug="elsewhere")
    public_doc = make_document(other, title="公開文書", text="公開された核弾頭の推計。")
    public = make_map(other, documents=[public_doc], visibility="public", name="public")
    open_statement = make_statement(public, text="公開の核弾頭", gloss="Public warheads")
    return {"statement": statement, "open_statement": open_statement, "public_doc": public_doc}


def test_japanese_substrings_and_english_words(owner, corpus, document):
    for q in ("安定・不安定逆説", "核弾頭", "Stability-Instability", "PARADOX strengthens"):
        hits = search(user=owner, q=q)
        assert corpus["statement"].pk in {h["id"] for h in hits}, q
    hit = next(h for h in search(user=owner, q="安定・不安定逆説") if h["id"] == corpus["statement"].pk)
    start = REPORT_SENTENCE.index("安定・不安定逆説")
    assert (hit["field"], hit["start"], hit["end"]) == ("text", start, start + len("安定・不安定逆説"))


def test_document_hits_carry_code_point_offsets(owner, corpus, document):
    hit = next(h for h in search(user=owner, q="𠮷野家") if h["type"] == "document")
    assert hit["id"] == document.pk
    assert document.text[hit["start"] : hit["end"]] == "𠮷野家"
    assert hit["snippet"].startswith(document.text[hit["snippet_start"] : hit["snippet_start"] + 5])


def test_non_members_find_only_what_is_public(corpus):
    for user in (AnonymousUser(), UserFactory(username="stranger")):
        found = {h["id"] for h in search(user=user, q="核弾頭")}
        assert found == {corpus["open_statement"].pk, corpus["public_doc"].pk}


def test_like_wildcards_are_literal(owner, argument_map):
    make_statement(argument_map, text="100% certain")
    make_statement(argument_map, text="1000 certain")
    assert [h["title"] for h in search(user=owner, q="100%")] == ["100% certain"]
    assert search(user=owner, q="_") == []


@pytest.mark.parametrize("q", ["", "   ", "x" * 201, "a\x00b"])
def test_bad_queries_are_refused(owner, q):
    with pytest.raises(InvalidInput):
        search(user=owner, q=q)


def test_limit(owner, argument_map):
    for i in range(5):
        make_statement(argument_map, text=f"deterrence {i}")
    assert len(search(user=owner, q="deterrence", limit=3)) == 3
    with pytest.raises(InvalidInput):
        search(user=owner, q="deterrence", limit=0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
@pytest.mark.parametrize(("column", "q"), [("text", "核弾頭"), ("text", "安定・不安定逆説"), ("gloss", "paradox")])
def test_trigram_index_serves_substring_search(owner, corpus, column, q):
    from argmap.models import Statement

    sql, params = Statement.objects.filter(contains_term(column, q)).order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"argmap_statement_{column}_trgm" in plan, plan

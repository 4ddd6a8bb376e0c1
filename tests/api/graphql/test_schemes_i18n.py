"""GraphQL serves the schemes' Japanese names and questions beside the English ones (a picker matches both)."""

import pytest

pytestmark = pytest.mark.django_db


def test_schemes_have_japanese_names_and_questions(anonymous):
    result = anonymous('{ scheme(key: "expert_opinion") { name nameJa criticalQuestions { key text textJa } } }')
    scheme = result["data"]["scheme"]
    assert (scheme["name"], scheme["nameJa"]) == ("Argument from expert opinion", "専門家の意見からの議論")
    field = next(q for q in scheme["criticalQuestions"] if q["key"] == "field")
    assert field["textJa"] == "E は A が属する分野の専門家か。"
    listed = anonymous("{ schemes { key nameJa } }")["data"]["schemes"]
    assert len(listed) == 26 and all(s["nameJa"] for s in listed)


def test_japanese_clients_get_the_same_english_errors(anonymous):
    query = '{ scheme(key: "expert_opinion") { nope } }'
    assert anonymous.post(query, HTTP_ACCEPT_LANGUAGE="ja").json() == anonymous.post(query).json()

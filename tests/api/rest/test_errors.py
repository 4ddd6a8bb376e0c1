"""One error shape (RFC 9457 problem details) for every refusal; nothing a user sends gives a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.models import Anchor, Statement
from tests.api.rest.conftest import client_for, problem


def test_field_errors_are_listed_per_field(api, argument_map):
    body = problem(api.post("/api/v1/statements/", {"map": "nope", "kind": "opinion"}, format="json"))
    assert body["status"] == 400 and body["rule"] == "invalid"
    assert set(body["errors"]) == {"map", "kind", "text"}
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())


def test_unknown_and_read_only_fields_are_refused(api, argument_map):
    body = problem(
        api.post(
            "/api/v1/statements/",
            {"map": str(argument_map.pk), "kind": "claim", "text": "x", "version": 7, "colour": "red"},
            format="json",
        )
    )
    assert set(body["errors"]) == {"version", "colour"}
    assert not Statement.objects.exists()


def test_malformed_json_and_wrong_media_type(api):
    malformed = api.generic("POST", "/api/v1/statements/", "{not json", content_type="application/json")
    assert problem(malformed)["status"] == 400
    assert problem(api.post("/api/v1/statements/", "text", content_type="text/plain"))["status"] == 415
    assert problem(api.post("/api/v1/statements/", [1, 2], format="json"))["status"] == 400


def test_nul_characters_are_refused_not_crashed_on(api, argument_map):
    for params in ({"tag": "a\x00b"}, {"author": "\x00"}, {"key": "k\x00"}):
        assert problem(api.get("/api/v1/statements/", params))["status"] == 400
    assert problem(api.get("/api/v1/search/", {"q": "核\x00"}))["status"] == 400
    body = {"map": str(argument_map.pk), "kind": "claim", "text": "t", "gloss": "a\x00b"}
    assert problem(api.post("/api/v1/statements/", body, format="json"))["status"] == 400


def test_domain_rules_are_named(api, argument_map, debate):
    offsets = problem(
        api.post(
            "/api/v1/anchors/",
            {
                "statement": str(debate["p2"].pk),
                "document": str(debate["anchor"].document_id),
                "exact": "核弾頭",
                "start": 0,
                "end": 3,
            },
            format="json",
        )
    )
    assert offsets["status"] == 400 and offsets["rule"] == "anchor_matches_text" and "exact" in offsets["errors"]
    second_consequent = problem(
        api.post(
            "/api/v1/edges/",
            {"application": str(debate["inference"].pk), "role": "consequent", "statement": str(debate["r"].pk)},
            format="json",
        )
    )
    assert second_consequent["status"] == 409 and second_consequent["rule"] == "one_consequent"
    assert Anchor.objects.count() == 1


def test_anonymous_writes_ask_for_authentication(public_map):
    statement = public_map.statements.get()
    response = client_for(None).patch(
        f"/api/v1/statements/{statement.pk}/", {"text": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert problem(response)["status"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Token")
    created = client_for(None).post("/api/v1/workspaces/", {"slug": "mine", "name": "Mine"}, format="json")
    assert problem(created)["status"] == 401


def test_token_authentication(owner, argument_map):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=owner)
    client = APIClient()
    assert client.get(f"/api/v1/maps/{argument_map.pk}/").status_code == 404
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"/api/v1/maps/{argument_map.pk}/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert problem(client.get(f"/api/v1/maps/{argument_map.pk}/"))["status"] == 401


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
FIELDS = ["map", "kind", "text", "premises", "conclusion", "attacker", "target", "scheme", "start", "end", "exact"]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=5))
def test_no_body_gives_a_500(api, debate, body):
    paths = [
        "/api/v1/statements/",
        f"/api/v1/maps/{debate['map'].pk}/arguments/",
        f"/api/v1/maps/{debate['map'].pk}/attacks/",
        "/api/v1/anchors/",
    ]
    for path in paths:
        response = api.post(path, body, format="json")
        assert response.status_code < 500, (path, body, response.content)
        if response.status_code >= 400:
            problem(response)
    version = Statement.objects.get(pk=debate["p2"].pk).version
    patch = api.patch(f"/api/v1/statements/{debate['p2'].pk}/", body, format="json", HTTP_IF_MATCH=f'"{version}"')
    assert patch.status_code < 500, (body, patch.content)
    if patch.status_code >= 400:
        problem(patch)
        assert Statement.objects.get(pk=debate["p2"].pk).version == version

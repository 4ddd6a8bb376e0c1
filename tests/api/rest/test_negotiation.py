"""The content negotiation's shortcut (api/rest/negotiation.py) answers every request exactly as DRF's own."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.views import APIView

from api.rest.negotiation import ArgmapContentNegotiation
from argmap import services
from tests.factories import UserFactory, make_map, make_statement, make_workspace

MISSING = "00000000-0000-4000-8000-000000000000"


def answer(client, method, path, headers):
    """Status, body and headers; of the browsable API's HTML (a fresh CSRF token in each) its status and type."""
    response = getattr(client, method)(path, headers=headers)
    if response.content.lstrip().startswith(b"<!DOCTYPE html>"):
        return response.status_code, response["Content-Type"]
    return response.status_code, response.content, sorted(response.items())


def test_every_answer_is_the_one_drf_negotiates(owner, workspace, argument_map, monkeypatch):
    """Byte for byte, headers included: every kind of reader, GET and HEAD, ``?format=``, each ``Accept``
    (one refused with 406), a refused token, a missing id, a list."""
    assert APIView.content_negotiation_class is ArgmapContentNegotiation
    viewer, outsider = UserFactory(username="vera"), UserFactory(username="olga")
    services.add_member(actor=owner, workspace=workspace, user=viewer, role="viewer")
    public = make_map(make_workspace(owner=owner, slug="open"), visibility="public", name="Open")
    statements = [make_statement(argument_map, text="private", actor=owner), make_statement(public, actor=owner)]
    clients = [
        Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}") for user in (owner, viewer, outsider)
    ]
    clients += [Client(), Client(HTTP_AUTHORIZATION="Token " + "7" * 40)]
    requests = [
        (method, f"/api/v1/statements/{statement.pk}/{query}", headers)
        for statement in statements
        for method in ("get", "head")
        for query in ("", "?format=json", "?format=api", "?format=xml")
        for headers in (
            {},
            {"Accept": "*/*"},
            {"Accept": "application/json"},
            {"Accept": "text/html"},
            {"Accept": "image/png"},
        )
    ]
    requests += [
        ("get", f"/api/v1/statements/{MISSING}/", {}),
        ("get", "/api/v1/maps/", {}),
        ("get", "/api/v1/maps/", {"Accept": "*/*"}),
    ]
    statuses = set()
    for client in clients:
        shortcut = [answer(client, *request) for request in requests]
        monkeypatch.setattr(APIView, "content_negotiation_class", DefaultContentNegotiation)
        drf = [answer(client, *request) for request in requests]
        monkeypatch.setattr(APIView, "content_negotiation_class", ArgmapContentNegotiation)
        for request, mine, theirs in zip(requests, shortcut, drf, strict=True):
            assert mine == theirs, request
        statuses.update(answered[0] for answered in shortcut)
    assert {200, 401, 404, 406} <= statuses


@pytest.mark.parametrize("accept", [None, "*/*"])
def test_a_request_without_a_choice_skips_drfs_parsing(rf, accept, monkeypatch):
    from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
    from rest_framework.request import Request

    monkeypatch.setattr(DefaultContentNegotiation, "select_renderer", None)
    request = Request(rf.get("/api/v1/maps/", **({"HTTP_ACCEPT": accept} if accept else {})))
    renderers = [JSONRenderer(), BrowsableAPIRenderer()]
    assert ArgmapContentNegotiation().select_renderer(request, renderers) == (renderers[0], "application/json")

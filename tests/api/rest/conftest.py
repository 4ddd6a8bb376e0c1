"""Fixtures for the REST API tests: a team with every role, clients that act as each of them, a small debate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from argmap import services
from tests.factories import UserFactory, make_map, make_statement

ROLES = ("viewer", "annotator", "reviewer", "editor")
#: Everyone the permission matrix asks about.
WHO = ("anonymous", "outsider", "viewer", "annotator", "reviewer", "editor", "owner")


@pytest.fixture
def team(owner, workspace):
    """``{who: user}`` for every role of ``workspace``, an outsider (member elsewhere) and an anonymous user."""
    users = {role: UserFactory(username=role) for role in ROLES}
    for role, user in users.items():
        services.add_member(actor=owner, workspace=workspace, user=user, role=role)
    users["owner"] = owner
    users["outsider"] = UserFactory(username="outsider")
    services.create_workspace(actor=users["outsider"], slug="outsiders", name="Outsiders")
    users["anonymous"] = AnonymousUser()
    return users


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None and user.is_authenticated:
        client.force_authenticate(user)
    return client


@pytest.fixture
def as_user(team):
    """``as_user("editor")`` → an APIClient acting as that member of the team."""
    return lambda who: client_for(team[who])


@pytest.fixture
def api(owner):
    """The owner's client."""
    return client_for(owner)


@pytest.fixture
def debate(owner, argument_map, document):
    """A small private map: p1, p2 → inference → c; r rebuts c; one anchor and one evidence link on p1."""
    s = {
        name: make_statement(argument_map, text=f"{name} text", kind=kind, actor=owner)
        for name, kind in [("p1", "premise"), ("p2", "premise"), ("c", "claim"), ("r", "rebuttal")]
    }
    inference = services.create_argument(actor=owner, premises=[s["p1"], s["p2"]], conclusion=s["c"])
    rebut = services.create_attack(actor=owner, attacker=s["r"], target=s["c"])
    anchor = services.create_anchor(actor=owner, statement=s["p1"], document=document, exact="核弾頭")
    source = services.create_source(actor=owner, workspace=argument_map.workspace, title="38 North", footnote=3)
    link = services.create_evidence_link(actor=owner, statement=s["p1"], source=source, locator="p. 2")
    tag = services.create_tag(actor=owner, workspace=argument_map.workspace, slug="nuclear")
    return {
        **s,
        "map": argument_map,
        "inference": inference,
        "rebut": rebut,
        "anchor": anchor,
        "source": source,
        "link": link,
        "tag": tag,
    }


@pytest.fixture
def public_map(workspace, document, owner):
    public = make_map(workspace, visibility="public", documents=[document], name="Public map")
    make_statement(public, text="An open claim", kind="claim", actor=owner)
    return public


def etag(response) -> str:
    return response.headers["ETag"]


def problem(response) -> dict:
    """The problem document of an error response, checked to have the RFC 9457 shape."""
    assert response.headers["Content-Type"].startswith("application/problem+json"), response.content
    body = response.json()
    assert body["status"] == response.status_code
    assert body["type"].startswith("urn:argmap:problem:") and body["title"] and body["detail"]
    return body

"""Fixtures for the reliability and security tests: the app in-process over WSGI, a populated team
workspace, and an editor's API token (the way third-party clients authenticate)."""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.models import Role
from tests.factories import UserFactory, make_document, make_map, make_statement, make_workspace

#: The seeded Japanese text every anchor points into; offsets are code points (𠮷 is one, two UTF-16 units).
REPORT_TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。抑止は不安定になる。Second sentence."


@pytest.fixture
def wsgi_app(db):
    """Django's own WSGI handler, sharing the test's transaction.

    Django closes "old" connections at the start and end of each request; inside the
    test's transaction that would mark the connection broken, so (as Django's test client
    does) those two signal handlers are off while the fixture is in use.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def populate_team(slug: str = "fuzz-team") -> dict:
    """A workspace with a member of every role and a small argument over a Japanese document.

    Returns the users, their API tokens and the rows, so tests can name real ids.
    """
    people = {role: UserFactory(username=f"{slug}-{role}") for role in Role.values}
    owner = people.pop(Role.OWNER)
    workspace = make_workspace(owner=owner, slug=slug, **{role: [user] for role, user in people.items()})
    people[Role.OWNER] = owner
    document = make_document(workspace, text=REPORT_TEXT, title="Report")
    private = make_map(workspace, documents=[document], name="Private map")
    public = make_map(workspace, documents=[document], name="Public map", visibility="public")
    editor = people[Role.EDITOR]
    claim = make_statement(private, "抑止は不安定になる。", kind="claim", actor=editor)
    premise = make_statement(private, "北朝鮮は核弾頭を50発保有すると推計される。", actor=editor)
    rebuttal = make_statement(private, "推計には幅がある。", kind="rebuttal", actor=editor)
    inference = services.create_argument(actor=editor, premises=[premise], conclusion=claim)
    conflict = services.create_attack(actor=editor, attacker=rebuttal, target=inference)
    anchor = services.create_anchor(actor=editor, statement=premise, document=document, exact="核弾頭を50発")
    source = services.create_source(actor=editor, workspace=workspace, title="38 North", footnote=3)
    link = services.create_evidence_link(actor=editor, statement=premise, source=source, locator="p. 2")
    tag = services.create_tag(actor=editor, workspace=workspace, slug="nuclear")
    open_claim = make_statement(public, "公開された主張。", kind="claim", actor=editor)
    return {
        "users": people,
        "tokens": {role: Token.objects.create(user=user).key for role, user in people.items()},
        "workspace": workspace,
        "document": document,
        "private": private,
        "public": public,
        "claim": claim,
        "premise": premise,
        "rebuttal": rebuttal,
        "inference": inference,
        "conflict": conflict,
        "anchor": anchor,
        "source": source,
        "link": link,
        "tag": tag,
        "open_claim": open_claim,
    }


@pytest.fixture
def fuzz_team(db) -> dict:
    return populate_team()

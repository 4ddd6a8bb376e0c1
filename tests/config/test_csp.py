"""Every page carries the strict Content-Security-Policy, and the pages argmap serves hold nothing the
policy would block (inline scripts, ``on*=`` handlers, ``style=`` attributes, ``<style>`` blocks).
The pages working under it in Chromium: tests/ui/admin/test_csp_browser.py and the other
``browser_page`` tests (tests/browser.py fails a test on any violation)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from argmap import services
from tests.factories import make_statement

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    re.compile(r"<style\b", re.I),
]


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict([*part.strip().split(" ", 1), ""][:2] for part in header.split(";"))


@pytest.fixture
def staff_client(owner, argument_map, document):
    owner.is_staff = True
    owner.save()
    statement = make_statement(argument_map, "抑止は不安定になる。", kind="claim", actor=owner)
    services.set_review_status(actor=owner, node=statement, status="proposed", expected_version=1)
    client = Client()
    client.force_login(owner)
    return client


def test_the_policy_is_strict(db):
    directives = policy(Client().get("/admin/login/"))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
    assert "unsafe-inline" not in " ".join(directives.values())
    assert "unsafe-eval" not in " ".join(directives.values())


def test_every_page_carries_it_and_holds_nothing_inline(staff_client, argument_map, document):
    pages = [
        "/admin/",
        reverse("admin:argmap_statement_changelist"),
        reverse("admin:argmap_review_queue"),
        reverse("admin:argmap_map_evaluation", args=[argument_map.pk]),
        reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]),
        "/api/v1/docs/",
        "/graphql/",
    ]
    for url in pages:
        response = staff_client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert "default-src 'self'" in response["Content-Security-Policy"], url
        page = response.content.decode()
        for pattern in INLINE:
            assert not pattern.search(page), f"{url}: {pattern.search(page).group(0)}"
    script = staff_client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_api_responses_carry_it_too(db):
    assert "Content-Security-Policy" in Client().get("/api/v1/maps/")

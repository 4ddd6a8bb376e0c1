"""The admin's pages work under the strict Content-Security-Policy in real Chromium: ``browser_page``
fails the test on any violation (tests/browser.py), so each page here is opened and used."""

from __future__ import annotations

import pytest
from django.urls import reverse

from argmap import services
from tests.factories import UserFactory, make_document, make_map, make_statement, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_pages_work_under_the_content_security_policy(live_server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    owner = UserFactory(username="csp-owner", is_staff=True)
    owner.save()
    workspace = make_workspace(owner=owner, slug="csp")
    document = make_document(workspace, text="北朝鮮は核弾頭を50発保有すると推計される。抑止は不安定になる。")
    argument_map = make_map(workspace, documents=[document], name="CSP map")
    claim = make_statement(argument_map, "抑止は不安定になる。", kind="claim", actor=owner)
    premise = make_statement(argument_map, "核弾頭を50発保有する。", actor=owner)
    services.create_argument(actor=owner, premises=[premise], conclusion=claim)
    for statement in (claim, premise):
        services.set_review_status(actor=owner, node=statement, status="proposed", expected_version=1)

    base = live_server.url
    page.goto(f"{base}/admin/login/?next=/admin/")
    response = page.context.request.get(f"{base}/admin/login/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_username", owner.username)
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    for url in (
        reverse("admin:argmap_statement_changelist"),
        reverse("admin:argmap_statement_change", args=[claim.pk]),
        reverse("admin:argmap_argumentmap_change", args=[argument_map.pk]),
        reverse("admin:argmap_schemeapplication_changelist"),
        reverse("admin:argmap_map_import"),
        reverse("admin:argmap_change_changelist"),
    ):
        page.goto(base + url)
        expect(page.locator("#content")).to_be_visible()

    # the changelist's select-all checkbox and action bar (Django's actions.js)
    page.goto(base + reverse("admin:argmap_statement_changelist"))
    page.click("#action-toggle")
    expect(page.locator(".action-counter")).to_contain_text("2 of 2")

    # argmap's own scripts: the review queue's select-all, the evaluation page's auto-submit
    page.goto(base + reverse("admin:argmap_review_queue"))
    page.click("#select-all")
    assert page.locator("#review-queue input[name=node]:checked").count() == 2
    page.goto(base + reverse("admin:argmap_map_evaluation", args=[argument_map.pk]))
    with page.expect_navigation():
        page.select_option("#semantics", "preferred")
    assert "semantics=preferred" in page.url

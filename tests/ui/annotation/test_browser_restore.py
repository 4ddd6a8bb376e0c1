"""In real headless Chromium: a deleted statement is listed in the screen's "Deleted" panel and restored in one
click; Ctrl+Z / Ctrl+Shift+Z undo and redo a creation; an undo refused because a teammate changed the node
since says who did what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Anchor, Statement
from argmap.services.annotation import annotate_passage
from tests.factories import make_map, make_workspace

from .test_browser import CLAIM, PREMISE, _create, _ensure_schemes, _log_in, _report_text, _user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ui.annotation.urls"),
]


def test_restore_from_the_deleted_panel_and_undo_redo_with_the_keyboard_in_chromium(live_server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: dialog.accept())

    _ensure_schemes()
    owner = _user("owner-e2e")
    annotator = _user("annotator")
    workspace = make_workspace(owner=owner, slug="jiia", annotator=[annotator])
    text = _report_text()
    document = services.create_document(actor=owner, workspace=workspace, title="報告", text=text, language="ja")
    argument_map = make_map(workspace, documents=[document], name="北朝鮮核問題")
    start = text.index(CLAIM)
    claim, _ = annotate_passage(
        actor=annotator,
        argument_map=argument_map,
        document=document,
        kind="claim",
        exact=CLAIM,
        start=start,
        end=start + len(CLAIM),
    )
    _log_in(page, live_server.url, annotator, reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    page.wait_for_selector("#annotator[data-ready]")
    flash = page.locator("#flash")

    # delete the claim, find it in the panel, restore it with its passage
    page.locator("#statement-list li", has_text=CLAIM[:12]).click()
    page.locator("#detail").get_by_role("button", name="Delete").click()
    expect(flash).to_have_text("Deleted.")
    assert not Statement.objects.filter(pk=claim.pk).exists()
    page.click(".side-tabs [data-tab=deleted]")
    row = page.locator("#deleted-list li", has_text=CLAIM[:12])
    expect(row).to_contain_text("deleted by annotator")
    row.get_by_role("button", name="Restore").click()
    expect(flash).to_contain_text("Restored:")
    expect(page.locator("#deleted-list")).to_contain_text("Nothing deleted here.")
    assert Statement.objects.get(pk=claim.pk).text == CLAIM
    assert Anchor.objects.get(statement_id=claim.pk).exact == CLAIM

    # create a premise in the text, undo it (Ctrl+Z), redo it (Ctrl+Shift+Z)
    page.click(".side-tabs [data-tab=statements]")
    _create(page, PREMISE, "premise")
    premise = Statement.objects.get(text=PREMISE)
    page.locator("#doc").focus()
    page.keyboard.press("Control+z")
    expect(flash).to_have_text("Undone.")
    expect(page.locator("#statement-list li", has_text=PREMISE[:12])).to_have_count(0)
    assert not Statement.objects.filter(pk=premise.pk).exists() and not Anchor.objects.filter(exact=PREMISE)
    page.keyboard.press("Control+Shift+z")
    expect(flash).to_have_text("Redone.")
    expect(page.locator("#statement-list li", has_text=PREMISE[:12])).to_have_count(1)
    assert Statement.objects.get(pk=premise.pk).text == PREMISE
    assert Anchor.objects.get(statement_id=premise.pk).exact == PREMISE

    # a teammate edits the premise: undoing the creation is refused in the service's words, nothing changes
    current = Statement.objects.get(pk=premise.pk)
    services.update_statement(actor=owner, statement=current, expected_version=current.version, gloss="changed")
    page.keyboard.press("Control+z")
    expect(flash).to_contain_text("Not undone: owner-e2e changed this statement after that change")
    assert Statement.objects.get(pk=premise.pk).gloss == "changed"
    assert not errors, errors
    assert page.external_requests == []

"""End to end in real headless Chromium: an annotator builds part of a map from the
report's text, a reviewer accepts; the highlight sits on exactly the selected characters."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from argmap import services
from argmap.models import Anchor, EdgeRole, Scheme, SchemeApplication, Statement
from argmap.services.annotation import annotate_passage
from tests.factories import UserFactory, make_map, make_workspace

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ui.annotation.urls"),
]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
REPORT = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1" / "document.txt"
# Two characters outside the BMP (two UTF-16 units each, one code point each) before every passage.
PREAMBLE = "テスト用の注記：𠮷野家の𩸽定食。\n\n"
INTRODUCTION = (
    "1. はじめに\n\n"
    "2025年1月に発足する第二期トランプ（Donald Trump）政権による北朝鮮核問題への政策・対応が4年間の任期中に"
    "どのように推移していくか、本稿執筆時点（2024年12月）で見通すことは容易ではない。トランプは選挙期間中、"
    "北朝鮮問題にはほとんど言及せず、政権高官の人事もこれからである。また、北朝鮮を取り巻く戦略環境は一期目"
    "（2017～2021年）から大きく変容し、二期目には外的要因が前回以上に直接・間接に作用する可能性も考えられる。"
    "もとより、第一期トランプ政権を特徴づけたのは、その「予測不可能性」であった。\n"
)
CLAIM = "二期目には外的要因が前回以上に直接・間接に作用する可能性も考えられる"
PREMISE = "北朝鮮を取り巻く戦略環境は一期目（2017～2021年）から大きく変容し"
REBUTTAL = "トランプは選挙期間中、北朝鮮問題にはほとんど言及せず"

SELECT_PASSAGE = """(passage) => {
  // Select the passage as a user would see it: found in the page's text in UTF-16 units.
  const doc = document.getElementById("doc");
  const at = doc.textContent.indexOf(passage);
  if (at < 0) throw new Error("passage not on the page");
  const endAt = at + passage.length;
  const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
  let seen = 0, startNode = null, startOffset = 0, endNode = null, endOffset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (!startNode && at < seen + length) { startNode = node; startOffset = at - seen; }
    if (endAt <= seen + length) { endNode = node; endOffset = endAt - seen; break; }
    seen += length;
  }
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  doc.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
  return at;
}"""

HIGHLIGHT_OF = """(statementId) => {
  const doc = document.getElementById("doc");
  const segments = [...doc.children];
  const mine = segments.filter((s) => (s.dataset.statements || "").split(" ").includes(statementId));
  const before = segments.slice(0, segments.indexOf(mine[0])).map((s) => s.textContent).join("");
  const contiguous = mine.every((s, i) => i === 0 || segments.indexOf(s) === segments.indexOf(mine[i - 1]) + 1);
  return {
    text: mine.map((s) => s.textContent).join(""),
    codePointsBefore: Array.from(before).length,
    utf16Before: before.length,
    start: Number(mine[0].dataset.start),
    end: Number(mine[mine.length - 1].dataset.end),
    contiguous,
  };
}"""


#: How many canvas nodes match a selector (the canvas draws on <canvas>: asked through its test handle).
CANVAS_COUNT = "([selector, count]) => window.argmapCanvas.cy.nodes(selector).length === count"


def _user(username: str, **extra):
    user = UserFactory(username=username, is_staff=True, **extra)
    user.save()
    return user


def _ensure_schemes() -> None:
    """An earlier transactional test's flush empties the tables the migrations filled; put the schemes back."""
    if not Scheme.objects.filter(key="cause_to_effect").exists():
        importlib.import_module("argmap.migrations.0002_walton_schemes").load_schemes(django_apps, None)


def _report_text() -> str:
    """The test document: the preamble, the report's introduction and, when the dataset is there, more of the report."""
    text = PREAMBLE + INTRODUCTION
    if REPORT.exists():
        report = REPORT.read_text(encoding="utf-8")
        after = report.find("2. ")
        if after != -1:
            text += "\n" + report[after : after + 2500]
    return text


def _log_in(page, base: str, user, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")


def _pick(page, scope: str, query: str) -> None:
    """Types into a type-ahead picker and chooses the best match with Enter."""
    combobox = page.locator(f"{scope} [role=combobox]")
    combobox.fill(query)
    page.locator(f"{scope} [role=option]").first.wait_for()
    combobox.press("Enter")


def _create(page, passage: str, kind: str) -> None:
    from playwright.sync_api import expect

    page.evaluate(SELECT_PASSAGE, passage)
    page.wait_for_selector("#kind-menu:not([hidden])")
    page.click(f"#kind-menu [data-kind={kind}]")
    expect(page.locator("#flash")).to_have_text(f"New {kind} created.")
    expect(page.locator("#statement-list li", has_text=passage[:12])).to_have_count(1)


def test_annotator_builds_and_reviewer_accepts_in_chromium(live_server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )

    _ensure_schemes()
    owner = _user("owner-e2e")
    annotator, reviewer = _user("annotator"), _user("reviewer")
    workspace = make_workspace(owner=owner, slug="jiia", annotator=[annotator], reviewer=[reviewer])
    document = services.create_document(
        actor=owner,
        workspace=workspace,
        title="第二期トランプ政権下での北朝鮮核問題",
        text=_report_text(),
        language="ja",
    )
    argument_map = make_map(workspace, documents=[document], name="北朝鮮核問題")
    screen = reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])
    assert screen == f"/admin/argmap/argumentmap/annotate/{argument_map.pk}/{document.pk}/"

    # --- the annotator: three passages, a support with a scheme, an attack, propose
    _log_in(page, live_server.url, annotator, screen)
    page.wait_for_selector("#annotator[data-ready]")
    _create(page, CLAIM, "claim")
    _create(page, PREMISE, "premise")
    _create(page, REBUTTAL, "rebuttal")

    claim = Statement.objects.get(text=CLAIM)
    premise = Statement.objects.get(text=PREMISE)
    rebuttal = Statement.objects.get(text=REBUTTAL)
    page.click(".side-tabs [data-tab=statements]")
    page.locator("#statement-list li", has_text=CLAIM[:12]).click()
    expect(page.locator("#detail textarea").first).to_have_value(CLAIM)
    _pick(page, ".support-form .typeahead[data-name=premise]", PREMISE[:12])
    _pick(page, ".support-form .typeahead[data-name=scheme]", "cause to effect")
    page.click(".support-form button:has-text('Add support')")
    expect(page.locator("#flash")).to_have_text("Support added.")
    _pick(page, ".attack-form", REBUTTAL[:10])
    page.click(".attack-form button:has-text('Add attack')")
    expect(page.locator("#flash")).to_have_text("Attack added.")
    expect(page.locator("#detail")).to_contain_text("Argument from cause to effect")
    expect(page.locator("#detail")).to_contain_text("rebut")
    page.click("#propose-mine")
    expect(page.locator("#flash")).to_have_text("5 item(s) proposed for review.")
    page.wait_for_function(CANVAS_COUNT, arg=[".statement", 3])
    page.wait_for_function(CANVAS_COUNT, arg=[".application", 2])
    page.wait_for_function(CANVAS_COUNT, arg=[".statement.status-proposed", 3])

    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "annotation-screen.png"))

    # --- the reviewer: accept the claim from the review queue
    _log_in(page, live_server.url, reviewer, reverse("admin:argmap_review_queue"))
    row = page.locator("#review-queue tr.queue-statement", has_text=CLAIM[:12])
    expect(page.locator("#review-queue tr.queue-inference", has_text=CLAIM[:12])).to_contain_text("⇒")
    row.locator("input[name=node]").check()
    page.click("button[value=accepted]")
    expect(page.locator(".messagelist")).to_contain_text("1 item(s) now accepted.")
    expect(page.locator("#review-queue tr.queue-statement", has_text=CLAIM[:12])).to_have_count(0)

    # --- the database
    claim.refresh_from_db()
    premise.refresh_from_db()
    rebuttal.refresh_from_db()
    assert (claim.status, premise.status, rebuttal.status) == ("accepted", "proposed", "proposed")
    assert {claim.created_by, premise.created_by, rebuttal.created_by} == {annotator}
    inference = SchemeApplication.objects.get(type="inference")
    assert inference.scheme.key == "cause_to_effect" and inference.status == "proposed"
    assert {(e.role, e.statement_id) for e in inference.edges.all()} == {
        (EdgeRole.ANTECEDENT, premise.pk),
        (EdgeRole.CONSEQUENT, claim.pk),
    }
    conflict = SchemeApplication.objects.get(type="conflict")
    assert {(e.role, e.statement_id) for e in conflict.edges.all()} == {
        (EdgeRole.ANTECEDENT, rebuttal.pk),
        (EdgeRole.CONSEQUENT, claim.pk),
    }
    text = document.text
    for statement, passage in ((claim, CLAIM), (premise, PREMISE), (rebuttal, REBUTTAL)):
        anchor = Anchor.objects.get(statement=statement)
        assert (anchor.start, anchor.end) == (text.index(passage), text.index(passage) + len(passage))
        assert text[anchor.start : anchor.end] == passage

    # --- the highlight sits on exactly the selected characters, after the non-BMP ones
    page.goto(f"{live_server.url}{screen}")
    page.wait_for_selector("#annotator[data-ready]")
    anchor = Anchor.objects.get(statement=claim)
    highlight = page.evaluate(HIGHLIGHT_OF, str(claim.pk))
    assert highlight["text"] == CLAIM and highlight["contiguous"]
    assert (highlight["start"], highlight["end"]) == (anchor.start, anchor.end)
    assert highlight["codePointsBefore"] == anchor.start
    assert highlight["utf16Before"] == anchor.start + 2, "𠮷 and 𩸽 are two UTF-16 units each"

    # clicking the highlight opens its statement; the reviewer sees it accepted
    page.locator("#doc .seg.hl", has_text=CLAIM[:6]).first.click()
    expect(page.locator("#detail")).to_contain_text(CLAIM)
    expect(page.locator("#detail .status").first).to_have_text("accepted")
    # clicking a statement in the list scrolls to (and flashes) its passage
    page.click(".side-tabs [data-tab=statements]")
    page.locator("#statement-list li", has_text=PREMISE[:12]).click()
    expect(page.locator("#doc .seg.flash-hl").first).to_be_visible()
    page.wait_for_function(CANVAS_COUNT, arg=[f'[id="{claim.pk}"].status-accepted', 1])
    page.click(".canvas-toolbar [data-action=evaluate]")
    page.wait_for_function(
        "(id) => window.argmapCanvas.cy.$id(id).data('display').startsWith('[OUT]')", arg=str(claim.pk)
    )
    centre = page.evaluate("(id) => window.argmapCanvas.pagePoint(id)", str(inference.pk))
    page.mouse.click(centre["x"], centre["y"])
    expect(page.locator("#detail")).to_contain_text("Critical questions (Argument from cause to effect)")
    page.locator(".graph-pane").screenshot(path=str(ARTIFACTS / "map-canvas.png"))

    assert page.external_requests == [], "everything is served from local static files"
    assert not [e for e in errors if not re.search(r"/favicon\.ico$", e)], errors


def test_annotator_edits_discusses_cites_and_reverts_through_rest_in_chromium(live_server, browser_page):
    """The selected-node panel's writes (PATCH with If-Match, comments, assessments, evidence with a new
    source, critical questions, revert, delete) go through /api/v1/; a stale save asks to reload."""
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1100})
    responses: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response", lambda response: responses.append(f"{response.request.method} {response.status} {response.url}")
    )
    page.on("dialog", lambda dialog: dialog.accept())

    _ensure_schemes()
    owner = _user("owner-e2e")
    annotator = _user("annotator")
    workspace = make_workspace(owner=owner, slug="jiia", annotator=[annotator])
    text = _report_text()
    document = services.create_document(actor=owner, workspace=workspace, title="報告", text=text, language="ja")
    argument_map = make_map(workspace, documents=[document], name="北朝鮮核問題")
    passages = {}
    for passage, kind in ((CLAIM, "claim"), (PREMISE, "premise")):
        start = text.index(passage)
        passages[kind], _ = annotate_passage(
            actor=annotator,
            argument_map=argument_map,
            document=document,
            kind=kind,
            exact=passage,
            start=start,
            end=start + len(passage),
        )
    claim, premise = passages["claim"], passages["premise"]
    inference = services.create_argument(
        actor=annotator, premises=[premise], conclusion=claim, scheme=Scheme.objects.get(key="cause_to_effect")
    )
    _log_in(page, live_server.url, annotator, reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    page.wait_for_selector("#annotator[data-ready]")
    expect(page.locator("#role-badge")).to_have_text("annotator · annotator")

    page.click(".side-tabs [data-tab=statements]")
    page.locator("#statement-list li", has_text=CLAIM[:12]).click()
    detail = page.locator("#detail")
    statement_row = detail.locator(".row", has=page.locator("input[aria-label=gloss]"))
    statement_row.locator("input[aria-label=gloss]").fill("external factors")
    statement_row.get_by_role("button", name="Save").click()
    expect(page.locator("#flash")).to_have_text("Saved.")
    expect(detail).to_contain_text("v2")

    # someone saves first: the screen's If-Match is stale, the API answers 412, the screen asks to reload
    services.update_statement(actor=owner, statement=Statement.objects.get(pk=claim.pk), expected_version=2, gloss="b")
    statement_row.locator("input[aria-label=gloss]").fill("mine")
    statement_row.get_by_role("button", name="Save").click()
    expect(page.locator("#flash")).to_contain_text("Someone else saved this after you loaded it")
    page.click("#flash button[data-action=reload]")
    expect(detail).to_contain_text("v3")
    expect(statement_row.locator("input[aria-label=gloss]")).to_have_value("b")
    assert Statement.objects.get(pk=claim.pk).gloss == "b"

    detail.locator("textarea[aria-label=comment]").fill("外的要因とは？")
    detail.get_by_role("button", name="Post").click()
    expect(page.locator("#flash")).to_have_text("Comment posted.")
    expect(detail.locator(".comments")).to_contain_text("外的要因とは？")

    yours = detail.locator(".row", has=page.locator("select[aria-label='your agreement']"))
    yours.locator("select[aria-label='your agreement']").select_option("disagree")
    yours.locator("select[aria-label=strength]").select_option("4")
    yours.get_by_role("button", name="Save").click()
    expect(page.locator("#flash")).to_have_text("Assessment saved.")
    expect(detail).to_contain_text("annotator: disagree (4)")

    evidence = detail.locator(".evidence-form")
    evidence.locator("input[name=source_title]").fill("防衛白書 2024")
    evidence.locator("input[name=locator]").fill("p. 3")
    evidence.get_by_role("button", name="Add evidence").click()
    expect(page.locator("#flash")).to_have_text("Source cited.")
    expect(detail).to_contain_text("防衛白書 2024 (p. 3)")

    # the history's newest entry is the owner's save: reverting someone else's work is refused (403) ...
    detail.locator(".history li").first.get_by_role("button", name="Revert").click()
    expect(page.locator("#flash")).to_contain_text("may undo only their own changes")
    # ... and undoing the annotator's own save is refused too, since the statement moved on (412: reload)
    own = detail.locator(".history li", has_text="· annotator · update statement").first
    own.get_by_role("button", name="Revert").click()
    expect(page.locator("#flash")).to_contain_text("Reload to see the current version")
    assert Statement.objects.get(pk=claim.pk).gloss == "b"

    detail.get_by_role("link", name=re.compile("Argument from cause to effect")).first.click()
    question = detail.locator(".cq").first
    question.locator("input[type=checkbox]").check()
    question.get_by_role("button", name="Save").click()
    expect(page.locator("#flash")).to_have_text("Critical question updated.")
    expect(detail.locator(".cq.answered")).to_have_count(1)

    detail.get_by_role("button", name="Delete").click()
    expect(page.locator("#flash")).to_have_text("Deleted.")
    expect(detail).to_contain_text("Click a highlight or a statement.")
    assert not SchemeApplication.objects.filter(pk=inference.pk).exists()

    from argmap.models import Assessment, Comment, CriticalQuestionAnswer, EvidenceLink

    assert Comment.objects.get().body == "外的要因とは？"
    assert (Assessment.objects.get().agreement, Assessment.objects.get().strength) == ("disagree", 4)
    assert EvidenceLink.objects.get(statement=claim).source.title == "防衛白書 2024"
    assert not CriticalQuestionAnswer.objects.exists(), "it went with its inference"
    assert not errors, errors
    failed = [r for r in responses if r.split()[1] >= "400" and not r.endswith("favicon.ico")]
    assert all("/api/v1/" in r for r in failed), failed
    assert sorted(r.split()[1] for r in failed) == ["403", "412", "412"], failed
    assert page.external_requests == []


def test_a_repeated_passage_and_a_support_cycle_ask_before_they_are_made_in_chromium(live_server, browser_page):
    """The server's refusal is the question: dismiss and nothing is written; confirm and it is."""
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1100})
    _ensure_schemes()
    owner = _user("owner-confirm")
    annotator = _user("annotator-confirm")
    workspace = make_workspace(owner=owner, slug="confirm", annotator=[annotator])
    document = services.create_document(actor=owner, workspace=workspace, title="報告", text=_report_text())
    argument_map = make_map(workspace, documents=[document], name="確認")
    _log_in(page, live_server.url, annotator, reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    page.wait_for_selector("#annotator[data-ready]")
    _create(page, CLAIM, "claim")
    _create(page, PREMISE, "premise")

    questions: list[str] = []
    answer = {"accept": False}

    def on_dialog(dialog):
        questions.append(dialog.message)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.evaluate(SELECT_PASSAGE, CLAIM)
    page.click("#kind-menu [data-kind=claim]")
    expect(page.locator("#flash")).to_contain_text("already anchored")
    assert "already anchored" in questions[-1] and Statement.objects.filter(text=CLAIM).count() == 1
    answer["accept"] = True
    page.evaluate(SELECT_PASSAGE, CLAIM)
    page.click("#kind-menu [data-kind=claim]")
    expect(page.locator("#flash")).to_have_text("New claim created.")
    assert Statement.objects.filter(text=CLAIM).count() == 2

    premise = Statement.objects.get(text=PREMISE)
    for claim in Statement.objects.filter(text=CLAIM):
        services.create_argument(actor=annotator, premises=[premise], conclusion=claim)
    page.reload()
    page.wait_for_selector("#annotator[data-ready]")
    page.click(".side-tabs [data-tab=statements]")
    page.locator("#statement-list li", has_text=PREMISE[:12]).click()
    answer["accept"] = False
    _pick(page, ".support-form .typeahead[data-name=premise]", CLAIM[:12])
    page.click(".support-form button:has-text('Add support')")
    expect(page.locator("#flash")).to_contain_text("circular")
    assert SchemeApplication.objects.count() == 2
    answer["accept"] = True
    page.click(".support-form button:has-text('Add support')")
    expect(page.locator("#flash")).to_have_text("Support added.")
    assert SchemeApplication.objects.count() == 3 and "circular" in questions[-1]

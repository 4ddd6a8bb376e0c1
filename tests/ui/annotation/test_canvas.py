"""The argument graph as a canvas beside the text, in real headless Chromium with real mouse and keys:
supports, attacks, undercuts and linked premises drawn in one or two gestures, positions kept per map,
a keyboard-only support, an implicit premise; nothing from outside 127.0.0.1, no CSP violation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import EdgeRole, NodePosition, SchemeApplication, Statement
from tests.factories import make_map, make_statement, make_workspace

from .test_browser import ARTIFACTS, _ensure_schemes, _log_in, _user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ui.annotation.urls"),
]

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。抑止は不安定になる。𠮷野家の例。"
ANY = re.compile(".+")
POINT = "(id) => window.argmapCanvas.pagePoint(id)"


@pytest.fixture
def screen(live_server, browser_page):
    """An annotator on the screen of a map with a claim, a premise and a rebuttal (no edges yet)."""
    from playwright.sync_api import expect

    _ensure_schemes()
    owner = _user("owner-canvas")
    annotator = _user("annotator-canvas")
    workspace = make_workspace(owner=owner, slug="canvas", annotator=[annotator])
    document = services.create_document(actor=owner, workspace=workspace, title="報告", text=TEXT, language="ja")
    argument_map = make_map(workspace, documents=[document], name="キャンバス")
    nodes = {
        "premise": make_statement(argument_map, "北朝鮮は核弾頭を50発保有する", kind="premise", actor=annotator),
        "claim": make_statement(argument_map, "抑止は不安定になる", kind="claim", actor=annotator),
        "rebuttal": make_statement(argument_map, "推計には幅がある", kind="rebuttal", actor=annotator),
    }
    url = reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    _log_in(page, live_server.url, annotator, url)
    page.wait_for_selector("#annotator[data-ready]")
    page.wait_for_selector("#graph[data-drawn]")
    expect(page.locator(".canvas-surface")).to_be_visible()
    yield {"page": page, "map": argument_map, "url": url, "user": annotator, "owner": owner, **nodes}
    assert page.external_requests == [], "everything is served from 127.0.0.1"
    assert [e for e in page.errors if not e.endswith("/favicon.ico")] == []


def _point(page, node):
    return page.evaluate(POINT, str(node.pk))


def _drag_edge(page, source, target, *, shift: bool = False) -> None:
    """One gesture: press the ⊕ handle of ``source`` and release over ``target`` (Shift held: an attack)."""
    from playwright.sync_api import expect

    start = _point(page, source)
    page.mouse.move(start["x"], start["y"])
    handle = page.locator(".canvas-handle")
    expect(handle).to_be_visible()
    try:
        expect(handle).to_have_attribute("data-node", str(source.pk))
    finally:
        page.screenshot(path=str(ARTIFACTS / "canvas-drag.png"))
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    end = _point(page, target)
    if shift:
        page.keyboard.down("Shift")
    page.mouse.move(end["x"], end["y"], steps=8)
    page.mouse.up()
    if shift:
        page.keyboard.up("Shift")


def _edges(application):
    return {(e.role, e.statement_id or e.other_application_id) for e in application.edges.all()}


def test_a_support_with_a_scheme_and_an_attack_are_drawn_on_the_canvas(screen):
    from playwright.sync_api import expect

    page, premise, claim, rebuttal = screen["page"], screen["premise"], screen["claim"], screen["rebuttal"]
    _drag_edge(page, premise, claim)  # gesture 1
    picker = page.locator(".canvas-popup input")
    expect(picker).to_be_focused()
    picker.fill("cause effect")  # the optional scheme choice, typed
    page.locator(".canvas-choices li", has_text="cause to effect").first.click()  # gesture 2
    expect(page.locator("#flash")).to_have_text("Support added.")
    inference = SchemeApplication.objects.get(type="inference")
    assert inference.scheme.key == "cause_to_effect"
    assert _edges(inference) == {(EdgeRole.ANTECEDENT, premise.pk), (EdgeRole.CONSEQUENT, claim.pk)}
    expect(page.locator(f'#graph[data-synced*="{inference.pk}"]')).to_have_count(0)
    page.wait_for_function("(id) => window.argmapCanvas.cy.$id(id).nonempty()", arg=str(inference.pk))

    _drag_edge(page, rebuttal, claim, shift=True)  # one gesture: Shift + drag
    expect(page.locator("#flash")).to_have_text("Attack added.")
    conflict = SchemeApplication.objects.get(type="conflict")
    assert _edges(conflict) == {(EdgeRole.ANTECEDENT, rebuttal.pk), (EdgeRole.CONSEQUENT, claim.pk)}
    assert page.evaluate("(id) => window.argmapCanvas.cy.$id(id).hasClass('type-conflict')", str(conflict.pk))


def test_an_attack_chosen_in_the_popup_and_a_plain_support_take_two_gestures(screen):
    from playwright.sync_api import expect

    page, premise, claim, rebuttal = screen["page"], screen["premise"], screen["claim"], screen["rebuttal"]
    _drag_edge(page, rebuttal, claim)
    page.click(".canvas-popup [data-action=attack]")
    expect(page.locator("#flash")).to_have_text("Attack added.")
    assert SchemeApplication.objects.filter(type="conflict").count() == 1
    _drag_edge(page, premise, claim)
    page.click(".canvas-popup [data-action=support]")
    expect(page.locator("#flash")).to_have_text("Support added.")
    inference = SchemeApplication.objects.get(type="inference")
    assert inference.scheme is None and (EdgeRole.ANTECEDENT, premise.pk) in _edges(inference)


def test_dropping_on_an_inference_adds_a_premise_and_with_shift_undercuts_it(screen):
    from playwright.sync_api import expect

    page, premise, claim, rebuttal = screen["page"], screen["premise"], screen["claim"], screen["rebuttal"]
    inference = services.create_argument(actor=screen["user"], premises=[premise], conclusion=claim)
    second = make_statement(screen["map"], "米国の拡大抑止は揺らいでいる", kind="premise", actor=screen["user"])
    page.reload()
    page.wait_for_selector("#graph[data-drawn]")
    _drag_edge(page, second, inference)
    expect(page.locator("#flash")).to_have_text("Premise added to the argument.")
    assert (EdgeRole.ANTECEDENT, second.pk) in _edges(inference)
    _drag_edge(page, rebuttal, inference, shift=True)
    expect(page.locator("#flash")).to_have_text("Undercut added.")
    undercut = SchemeApplication.objects.get(type="conflict")
    assert _edges(undercut) == {(EdgeRole.ANTECEDENT, rebuttal.pk), (EdgeRole.CONSEQUENT, inference.pk)}


def test_a_dragged_node_keeps_its_place_for_a_teammate(screen, live_server):
    from playwright.sync_api import expect

    page, claim = screen["page"], screen["claim"]
    before = _point(page, claim)
    page.mouse.move(before["x"], before["y"] + 12)  # off the ⊕ handle, on the node's body
    page.mouse.down()
    page.mouse.move(before["x"] + 60, before["y"] + 90, steps=6)
    page.mouse.up()
    expect(page.locator("#graph")).to_have_attribute("data-saved", ANY)
    stored = NodePosition.objects.get(statement=claim)
    moved = page.evaluate("(id) => window.argmapCanvas.cy.$id(id).position()", str(claim.pk))
    assert (round(stored.x), round(stored.y)) == (round(moved["x"]), round(moved["y"]))

    teammate = page.context.browser.new_page()
    try:
        _log_in(teammate, live_server.url, screen["owner"], screen["url"])
        teammate.wait_for_selector("#graph[data-drawn]")
        seen = teammate.evaluate("(id) => window.argmapCanvas.cy.$id(id).position()", str(claim.pk))
        assert (round(seen["x"]), round(seen["y"])) == (round(stored.x), round(stored.y))
    finally:
        teammate.close()


def test_a_support_from_the_keyboard_alone(screen):
    from playwright.sync_api import expect

    page, premise, claim = screen["page"], screen["premise"], screen["claim"]
    page.focus(".canvas-surface")  # as Tab would
    for _ in range(6):
        if page.evaluate("window.argmapCanvas.picked") == str(premise.pk):
            break
        page.keyboard.press("ArrowRight" if _ < 3 else "ArrowLeft")
    assert page.evaluate("window.argmapCanvas.picked") == str(premise.pk)
    page.keyboard.press("s")
    expect(page.locator(".canvas-popup input")).to_be_focused()
    page.keyboard.type("抑止")
    page.keyboard.press("Enter")  # the conclusion
    expect(page.locator(".canvas-popup [data-action=support]")).to_be_visible()
    page.keyboard.press("Enter")  # no scheme
    expect(page.locator("#flash")).to_have_text("Support added.")
    inference = SchemeApplication.objects.get(type="inference")
    assert _edges(inference) == {(EdgeRole.ANTECEDENT, premise.pk), (EdgeRole.CONSEQUENT, claim.pk)}
    page.keyboard.press("Enter")  # opens the selected node in the panel
    expect(page.locator("#detail")).to_contain_text(premise.text)


def test_an_implicit_premise_from_the_canvas(screen):
    from playwright.sync_api import expect

    page, claim = screen["page"], screen["claim"]
    centre = _point(page, claim)
    page.mouse.click(centre["x"], centre["y"] + 12)
    expect(page.locator("#detail")).to_contain_text(claim.text)
    page.click(".canvas-toolbar [data-action=implicit]")
    page.locator(".canvas-popup input").fill("抑止には信頼性が要る")
    page.keyboard.press("Enter")
    expect(page.locator("#flash")).to_have_text("Implicit premise added.")
    implicit = Statement.objects.get(text="抑止には信頼性が要る")
    assert implicit.implicit and not implicit.anchors.exists()
    inference = SchemeApplication.objects.get(type="inference")
    assert _edges(inference) == {(EdgeRole.ANTECEDENT, implicit.pk), (EdgeRole.CONSEQUENT, claim.pk)}
    assert page.evaluate("(id) => window.argmapCanvas.cy.$id(id).hasClass('implicit')", str(implicit.pk))


def test_the_evaluation_on_demand_and_a_screenshot_at_1366_by_768(screen):
    from playwright.sync_api import expect

    page, premise, claim, rebuttal = screen["page"], screen["premise"], screen["claim"], screen["rebuttal"]
    services.create_argument(actor=screen["user"], premises=[premise], conclusion=claim)
    services.create_attack(actor=screen["user"], attacker=rebuttal, target=claim)
    page.reload()
    page.wait_for_selector("#graph[data-drawn]")
    page.click(".canvas-toolbar [data-action=evaluate]")
    expect(page.locator("#graph")).to_have_attribute("data-evaluated", ANY)
    label = page.evaluate("(id) => window.argmapCanvas.cy.$id(id).data('display')", str(claim.pk))
    assert label.startswith("[OUT]")
    for pane in (".doc-pane", ".graph-pane"):
        box = page.locator(pane).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366 and box["y"] + 200 <= 768, pane
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "annotation-canvas.png"))


def test_undoing_a_deletion_brings_the_node_back_where_it_was_stored(screen):
    from playwright.sync_api import expect

    page, claim = screen["page"], screen["claim"]
    NodePosition.objects.create(
        map=screen["map"], workspace=screen["map"].workspace, statement=claim, x=333.0, y=-222.0
    )
    page.reload()
    page.wait_for_selector("#graph[data-drawn]")
    assert page.evaluate("(id) => window.argmapCanvas.cy.$id(id).position()", str(claim.pk)) == {"x": 333, "y": -222}
    page.on("dialog", lambda dialog: dialog.accept())
    page.evaluate("(id) => window.argmapCanvas.select('statement', id)", str(claim.pk))
    page.locator(".canvas-surface").focus()
    page.keyboard.press("Delete")
    expect(page.locator("#flash")).to_have_text("Deleted.")
    assert not NodePosition.objects.filter(statement=claim).exists()
    page.locator("#undo").click()
    expect(page.locator("#graph")).to_have_attribute("data-saved", ANY)
    restored = NodePosition.objects.get(statement=claim)
    assert (restored.x, restored.y) == (333.0, -222.0)
    assert page.evaluate("(id) => window.argmapCanvas.cy.$id(id).position()", str(claim.pk)) == {"x": 333, "y": -222}


def test_the_state_and_the_layout_are_read_once_on_open_from_the_preload(screen):
    page = screen["page"]
    reads = []
    page.on("request", lambda request: reads.append(request.url.split("/api/v1/maps/")[-1]))
    page.reload()
    page.wait_for_selector("#annotator[data-ready]")
    page.wait_for_selector("#graph[data-drawn]")
    assert len([url for url in reads if "/annotation/?document=" in url]) == 1
    assert len([url for url in reads if url.endswith("/layout/")]) == 1
    assert page.evaluate("Object.keys(window.argmapPreload)") == []  # both answers taken by the screen

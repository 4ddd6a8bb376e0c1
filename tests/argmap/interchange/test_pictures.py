"""SVG, DOT, GraphML and Web Annotation exports, and every format on the report's dataset."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from argmap import services
from argmap.errors import InvalidInput
from argmap.interchange.exports import EXPORT_FORMATS, export_map
from argmap.interchange.imports import import_map
from argmap.interchange.svg import wrap
from argmap.models import Statement
from argmap.selectors.interchange import interchange_graph
from tests.argmap.interchange.aif_compare import aif_graph
from tests.argmap.semantics.worked_example import build_worked_example
from tests.factories import make_statement

SVG = "{http://www.w3.org/2000/svg}"
DATASET = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1"


@pytest.fixture
def example(argument_map):
    return build_worked_example(argument_map)


def test_svg_draws_kinds_relations_labels_and_japanese(argument_map, example):
    japanese = make_statement(argument_map, text="北朝鮮は核弾頭を50発保有すると推計される。", kind="evidence")
    services.create_argument(actor=None, premises=[japanese], conclusion=example.P1)
    svg = export_map(argument_map=argument_map, format="svg", semantics="grounded").content
    root = ET.fromstring(svg)
    assert "Noto Sans CJK JP" in root.get("font-family")
    groups = {g.get("data-id"): g for g in root.iter(f"{SVG}g") if g.get("data-id")}
    assert "claim" in groups[str(example.C.pk)].get("class")
    assert "evidence" in groups[str(japanese.pk)].get("class")
    assert "conflict" in groups[str(example.K3.pk)].get("class")
    texts = "".join(groups[str(japanese.pk)].itertext())
    assert "北朝鮮は核弾頭を50発保有すると推計される。" in texts.replace("\n", "")
    relations = [line.get("class") for line in root.iter(f"{SVG}polyline")]
    assert relations.count("edge support") == 5  # 2 premises + 1 conclusion, plus the new argument's 2 edges
    assert relations.count("edge attack") == 9
    assert relations.count("edge undercut") == 1
    attack = next(p for p in root.iter(f"{SVG}polyline") if p.get("class") == "edge attack")
    support = next(p for p in root.iter(f"{SVG}polyline") if p.get("class") == "edge support")
    assert (attack.get("stroke"), attack.get("stroke-dasharray")) != (
        support.get("stroke"),
        support.get("stroke-dasharray"),
    )
    badges = {g.get("class") for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("evaluation")}
    assert badges == {"evaluation IN", "evaluation OUT", "evaluation UNDEC"}


@pytest.fixture
def japanese_svg(argument_map, example, tmp_path) -> Path:
    """Written before the browser starts: Playwright's event loop would give Django another connection."""
    make_statement(argument_map, text="第二期トランプ政権下での北朝鮮核問題", kind="claim")
    path = tmp_path / "map.svg"
    path.write_text(export_map(argument_map=argument_map, format="svg").content, encoding="utf-8")
    return path


def _japanese_fonts() -> str:
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return ""
    return subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=False).stdout


def test_svg_renders_in_chromium_with_japanese_glyphs(japanese_svg, browser_page):
    """Chromium draws the Japanese label with a CJK font from the font stack, not with missing-glyph boxes."""
    if not _japanese_fonts().strip():
        pytest.skip("no Japanese font installed (Debian: fonts-noto-cjk) for chromium to render with")
    browser_page.goto(japanese_svg.as_uri())
    cdp = browser_page.context.new_cdp_session(browser_page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    tspans = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "tspan"})["nodeIds"]
    used = {}
    for node_id in tspans:
        text = cdp.send("DOM.getOuterHTML", {"nodeId": node_id})["outerHTML"]
        if "トランプ" in text:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]:
                used[font["familyName"]] = font["glyphCount"]
    assert any("CJK" in family or "JP" in family for family in used), used
    assert browser_page.external_requests == []


def test_wrap_keeps_words_and_closing_punctuation():
    assert wrap("Sanctions alone will not make North Korea give up its nuclear weapons.") == [
        "Sanctions alone will not",
        "make North Korea give up",
        "its nuclear weapons.",
    ]
    lines = wrap("北朝鮮は核弾頭を50発保有すると推計される。第二期トランプ政権は対話路線に戻る。")
    assert "".join(lines) == "北朝鮮は核弾頭を50発保有すると推計される。第二期トランプ政権は対話路線に戻る。"
    assert not any(line.startswith("。") for line in lines)


def test_dot_and_graphml_carry_kinds_and_relations(argument_map, example):
    dot = export_map(argument_map=argument_map, format="dot", semantics="support").content
    assert dot.startswith("digraph argmap {")
    label = "\\n".join(wrap(example.C.text, ems=16, max_lines=0))
    assert f'"{example.C.pk}" [label="{label}"' in dot and f'tooltip="claim: {example.C.text}"' in dot
    assert 'class="undercut"' in dot and 'style=dashed, class="attack"' in dot
    assert 'xlabel="UNDEC"' in dot
    graphml = export_map(argument_map=argument_map, format="graphml").content
    root = ET.fromstring(graphml.encode())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall(".//g:node", ns)
    edges = root.findall(".//g:edge", ns)
    assert len(nodes) == 7 + 6 and len(edges) == 3 + 10
    kinds = {n.get("id"): n.find("g:data[@key='n_kind']", ns).text for n in nodes}
    assert kinds[str(example.R.pk)] == "rebuttal"
    relations = sorted(e.find("g:data[@key='e_relation']", ns).text for e in edges)
    assert relations.count("undercut") == 1 and relations.count("support") == 3


def test_dot_escapes_quotes_and_newlines(argument_map):
    make_statement(argument_map, text='He said "no"\\ and\nleft', kind="claim")
    dot = export_map(argument_map=argument_map, format="dot").content
    assert 'label="He said \\"no\\"\\\\ and left"' in dot  # a label's lines are wrapped anew
    assert 'tooltip="claim: He said \\"no\\"\\\\ and\\nleft"' in dot


def test_web_annotation_json_ld_is_valid_against_the_anno_context(argument_map, document):
    from pyld import jsonld

    statement = make_statement(argument_map, text="North Korea holds about fifty warheads.", kind="claim")
    start = document.text.index("核弾頭")
    services.create_anchor(
        actor=None, statement=statement, document=document, exact="核弾頭", start=start, end=start + 3
    )
    exported = json.loads(export_map(argument_map=argument_map, format="jsonld").content)
    assert exported["@context"] == "http://www.w3.org/ns/anno.jsonld"
    (annotation,) = exported["first"]["items"]
    quote, position = annotation["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "核弾頭",
        "prefix": document.text[:start],
        "suffix": document.text[start + 3 :][:32],
    }
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 3}

    context = json.loads((Path(__file__).parent / "anno_context.json").read_text())

    def loader(url, options=None):
        assert url in ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld")
        return {"contextUrl": None, "documentUrl": url, "document": context}

    expanded = jsonld.expand(exported, {"documentLoader": loader})
    flat = json.dumps(expanded)
    # Every key and type was defined by the context: nothing fell back to a relative IRI or was dropped.
    for iri in (
        "http://www.w3.org/ns/oa#Annotation",
        "http://www.w3.org/ns/oa#TextQuoteSelector",
        "http://www.w3.org/ns/oa#TextPositionSelector",
        "http://www.w3.org/ns/oa#hasSelector",
        "http://www.w3.org/ns/oa#exact",
        "http://www.w3.org/ns/oa#start",
        "http://www.w3.org/ns/oa#describing",
        "http://www.w3.org/ns/oa#classifying",
        "http://www.w3.org/ns/activitystreams#OrderedCollection",
    ):
        assert iri in flat, iri
    compacted = jsonld.compact(expanded, "http://www.w3.org/ns/anno.jsonld", {"documentLoader": loader})
    page = compacted["first"]
    item = page["items"] if isinstance(page["items"], dict) else page["items"][0]
    assert item["target"]["selector"][0]["exact"] == "核弾頭"
    assert not any(key.startswith(("@", "http")) for key in _keys(compacted) if key not in ("@context",))


def _keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_unknown_format_is_refused(argument_map):
    with pytest.raises(InvalidInput, match="Unknown export format"):
        export_map(argument_map=argument_map, format="pdf")


@pytest.mark.parametrize("format", sorted(EXPORT_FORMATS))
def test_export_query_count_does_not_grow(argument_map, example, format, django_assert_max_num_queries):
    for i in range(20):
        make_statement(argument_map, text=f"more {i}", kind="premise")
    # 16: map_graph's nine, dialogue nodes and edges, external ids, the documents' text, the canvas positions
    # (one query for every format: interchange_graph reads them for OVA's x/y), critical questions and answers.
    with django_assert_max_num_queries(16):
        export_map(argument_map=argument_map, format=format, semantics="grounded")


def test_the_reports_map_exports_to_every_format_and_aif_reimports_identically(db):
    from argmap.datasets.dataset import load_dataset
    from argmap.interchange.aif import export_aif
    from argmap.semantics import evaluate_map
    from tests.argmap.interchange.test_argdown import graph_shape

    if not (DATASET / "dataset.built.json").exists():
        pytest.skip("the report's dataset is not built")
    argument_map = load_dataset(DATASET)
    for format in EXPORT_FORMATS:
        export = export_map(argument_map=argument_map, format=format, semantics="grounded")
        assert len(export.content) > 1000, format
    original = export_aif(interchange_graph(argument_map=argument_map))
    again, counts = import_map(actor=None, workspace=argument_map.workspace, raw=json.dumps(original))
    assert counts["statements"] == Statement.objects.filter(map=argument_map).count()
    assert aif_graph(export_aif(interchange_graph(argument_map=again))) == aif_graph(original)
    argdown = export_map(argument_map=argument_map, format="argdown").content
    from_argdown, _ = import_map(actor=None, workspace=argument_map.workspace, raw=argdown, format="argdown")
    assert graph_shape(from_argdown) == graph_shape(argument_map, as_argdown_keeps_it=True)
    for semantics in ("grounded", "preferred", "stable", "support"):
        first = evaluate_map(argument_map=argument_map, semantics=semantics)
        second = evaluate_map(argument_map=again, semantics=semantics)
        assert first["counts"] == second["counts"], semantics


def test_layout_of_a_long_chain_is_fast_and_routes_within_budget():
    import time

    from argmap.interchange import layout

    n = 20_000
    edges = [(i, i + 1) for i in range(n - 1)] + [(0, n - 1), (3, n // 2)]
    started = time.perf_counter()
    positions, routes = layout.layered_routes(list(range(n)), edges)
    assert time.perf_counter() - started < 10
    assert positions[n - 1][1] > positions[0][1]
    assert len(routes[(3, n // 2)]) == n // 2 - 4  # one bend per layer crossed
    assert (0, n - 1) not in routes  # beyond the dummy budget: drawn straight

"""Brat standoff and JSON Lines exports, read back by the format's rules and by arguebuf's brat reader."""

import io
import json
import re
import zipfile
from collections import Counter

import pytest
from django.core.management import call_command

from argmap import services
from argmap.interchange.exports import export_map
from argmap.models import Anchor
from tests.factories import make_document, make_map, make_statement

TEXT = "序論。\n制裁は効く𝔸。なぜなら\n交渉が始まったからだ。\nしかし効かなかった。"
T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
R_LINE = re.compile(r"^(R\d+)\t(supports|attacks) Arg1:(T\d+) Arg2:(T\d+)$")


def brat_archive(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def read_ann(ann: str, text: str) -> tuple[dict, list]:
    """A strict reading after brat's standoff spec: every line is T, R or # (notes); a T line's offsets are
    code points into the .txt and its text field is the covered fragments joined by one space."""
    spans, relations = {}, []
    for line in ann.splitlines():
        if match := T_LINE.match(line):
            ident, label, offsets, covered = match.groups()
            fragments = [tuple(map(int, part.split())) for part in offsets.split(";")]
            assert all(0 <= start < end <= len(text) for start, end in fragments), line
            assert " ".join(text[start:end] for start, end in fragments) == covered, line
            assert "\n" not in covered
            spans[ident] = (label, fragments)
        elif match := R_LINE.match(line):
            _ident, label, source, target = match.groups()
            assert source in spans and target in spans, line
            relations.append((label, source, target))
        else:
            # brat's notes are free text: the statement's URN first, then its voice (`` speaker: Name (quoting)``)
            assert re.match(r"^#\d+\tAnnotatorNotes T\d+\turn:uuid:[0-9a-f-]{36}( speaker: [^\t]+ \(\w+\))?$", line), (
                line
            )
    return spans, relations


def arguebuf_brat(ann: str):
    """arguebuf's own brat reader (an independent implementation of the AAEC reading)."""
    from arguebuf.load import brat as load_brat

    return load_brat(io.StringIO(ann))


@pytest.fixture
def mined(workspace):
    """A document with a character outside the BMP and line breaks; a premise anchored at two places
    (discontinuous), a span across a line break, an inference, a conflict, an undercut and an orphaned anchor."""
    document = make_document(workspace, text=TEXT, title="制裁", key="sanctions")
    argument_map = make_map(workspace, documents=[document])
    claim = make_statement(argument_map, text="制裁は効く", kind="claim")
    premise = make_statement(argument_map, text="交渉が始まった", kind="premise")
    rebuttal = make_statement(argument_map, text="効かなかった", kind="rebuttal")
    ghost = make_statement(argument_map, text="序論", kind="premise")

    def anchor(statement, exact):
        start = TEXT.index(exact)
        services.create_anchor(
            actor=None, statement=statement, document=document, exact=exact, start=start, end=start + len(exact)
        )

    anchor(claim, "制裁は効く𝔸。なぜなら\n交渉")
    anchor(premise, "交渉が始まった")
    anchor(premise, "序論")
    anchor(rebuttal, "効かなかった")
    anchor(ghost, "序論。")
    Anchor.objects.filter(statement=ghost).update(status="orphaned")
    inference = services.create_argument(actor=None, premises=[premise], conclusion=claim)
    services.create_attack(actor=None, attacker=rebuttal, target=claim)
    services.create_attack(actor=None, attacker=rebuttal, target=inference)
    return argument_map, {"claim": claim, "premise": premise, "rebuttal": rebuttal, "ghost": ghost}


def test_brat_archive_follows_the_standoff_format(mined):
    argument_map, _nodes = mined
    export = export_map(argument_map=argument_map, format="brat")
    assert export.content_type == "application/zip" and export.filename.endswith(".brat.zip")
    files = brat_archive(export.content)
    assert set(files) == {"01-sanctions.txt", "01-sanctions.ann", "annotation.conf"}
    assert files["01-sanctions.txt"] == TEXT
    spans, relations = read_ann(files["01-sanctions.ann"], TEXT)
    by_label = {label: fragments for label, fragments in spans.values()}
    assert set(by_label) == {"Claim", "Premise", "Rebuttal"}  # the orphaned anchor is left out
    claim_start = TEXT.index("制裁は効く")
    assert by_label["Claim"] == [(claim_start, TEXT.index("\n交渉")), (TEXT.index("交渉"), TEXT.index("交渉") + 2)]
    assert by_label["Premise"] == [(0, 2), (TEXT.index("交渉"), TEXT.index("交渉") + 7)]
    assert Counter(label for label, _, _ in relations) == {"supports": 1, "attacks": 1}  # the undercut cannot be
    names = {ident: label for ident, (label, _) in spans.items()}
    assert {(label, names[s], names[t]) for label, s, t in relations} == {
        ("supports", "Premise", "Claim"),
        ("attacks", "Rebuttal", "Claim"),
    }
    assert "[relations]\nsupports\tArg1:<ENTITY>, Arg2:<ENTITY>" in files["annotation.conf"]
    assert export_map(argument_map=argument_map, format="brat").content == export.content  # same map, same bytes


def test_arguebuf_reads_the_brat_annotations(mined):
    from arguebuf.model.scheme import Attack, Support

    argument_map, _ = mined
    ann = brat_archive(export_map(argument_map=argument_map, format="brat").content)["01-sanctions.ann"]
    graph = arguebuf_brat(ann)
    texts = sorted(node.plain_text for node in graph.atom_nodes.values() if node.plain_text)
    assert texts == sorted(["制裁は効く𝔸。なぜなら 交渉", "序論 交渉が始まった", "効かなかった"])
    assert Counter(type(node.scheme) for node in graph.scheme_nodes.values()) == {Support: 1, Attack: 1}


def test_jsonl_offsets_in_code_points_and_utf8_bytes(mined):
    argument_map, nodes = mined
    export = export_map(argument_map=argument_map, format="jsonl")
    assert export.content_type.startswith("application/x-ndjson")
    lines = [json.loads(line) for line in export.content.splitlines()]
    assert [line["type"] for line in lines][:2] == ["corpus", "document"]
    assert lines[0]["skipped"] == {"undercut": 1}
    text = lines[1]["text"]
    encoded = text.encode("utf-8")
    spans = [line for line in lines if line["type"] == "span"]
    assert len(spans) == 3
    for span in spans:
        for fragment in span["fragments"]:
            assert text[fragment["start"] : fragment["end"]] == fragment["text"]
            assert encoded[fragment["byte_start"] : fragment["byte_end"]].decode("utf-8") == fragment["text"]
    after_astral = next(s for s in spans if s["id"] == str(nodes["claim"].pk))["fragments"][1]
    assert after_astral["byte_start"] - after_astral["start"] > 2 * after_astral["start"] - 10  # 3-4 bytes each
    relations = {(r["label"], r["source"], r["target"]) for r in lines if r["type"] == "relation"}
    assert relations == {
        ("supports", str(nodes["premise"].pk), str(nodes["claim"].pk)),
        ("attacks", str(nodes["rebuttal"].pk), str(nodes["claim"].pk)),
    }


def test_blind_annotation_hides_the_same_spans(mined, workspace):
    """The export reads through the access selectors like every other export: a user who may not see a
    statement gets neither its span nor its relations."""
    from argmap.interchange.mining import mining_corpus
    from argmap.selectors.interchange import interchange_graph

    argument_map, nodes = mined
    graph = interchange_graph(argument_map=argument_map)
    graph["statements"] = [s for s in graph["statements"] if s["id"] != nodes["rebuttal"].pk]
    corpus = mining_corpus(graph)
    assert {s["label"] for s in corpus["documents"][0]["spans"]} == {"Claim", "Premise"}
    assert [r["label"] for r in corpus["documents"][0]["relations"]] == ["supports"]


def test_management_command_writes_the_archive(mined, tmp_path):
    argument_map, _ = mined
    target = tmp_path / "corpus.zip"
    call_command("export_map", str(argument_map.pk), format="brat", out=str(target), stderr=io.StringIO())
    assert set(brat_archive(target.read_bytes())) == {"01-sanctions.txt", "01-sanctions.ann", "annotation.conf"}


def test_report_map_brat_corpus(db):
    from argmap.datasets.dataset import load_dataset
    from tests.argmap.semantics.test_report_map import DATASET

    if not (DATASET / "dataset.built.json").exists():
        pytest.skip("the report's dataset is not built")
    report = load_dataset(DATASET)
    files = brat_archive(export_map(argument_map=report, format="brat").content)
    (ann_name,) = [name for name in files if name.endswith(".ann")]
    text = files[ann_name.replace(".ann", ".txt")]
    spans, relations = read_ann(files[ann_name], text)
    anchored = Anchor.objects.filter(map=report, status="anchored").values("statement_id").distinct().count()
    assert len(spans) == anchored
    counts = Counter(label for label, _, _ in relations)
    graph = arguebuf_brat(files[ann_name])
    assert len(graph.atom_nodes) == len(spans) + 1  # arguebuf adds an empty major claim
    assert len(graph.scheme_nodes) == len(relations)
    # 137 anchored of 145 statements (8 implicit); premise edges and attacks with an implicit end have no span
    assert (len(spans), counts) == (137, {"supports": 142, "attacks": 9})
    header = json.loads(export_map(argument_map=report, format="jsonl").content.splitlines()[0])
    assert header["skipped"] == {"not anchored in one document": 36, "undercut": 7, "rephrase": 3, "preference": 10}

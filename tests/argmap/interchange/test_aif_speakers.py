"""Speakers in AIF: L/YA/TA nodes and participants written for attributed statements, read back from AIFdb files."""

import json
from pathlib import Path

import pytest

from argmap import services
from argmap.interchange.aif import export_aif, export_ova
from argmap.interchange.imports import import_map
from argmap.models import Anchor, DialogueNode, Participant, Statement
from argmap.selectors.interchange import interchange_graph
from tests.argmap.interchange.aif_compare import aif_graph, arguebuf_reading
from tests.factories import make_document, make_map, make_participant, make_statement

DATA = Path(__file__).parent / "data"
REPORT_TEXT = "KCNAは米国が敵視政策を続けていると主張した。だが米国は対話を提案している。対話は可能か。"


@pytest.fixture
def reported_map(workspace):
    """The author reports KCNA's claim and rebuts it, concedes a point and asks a question, anchored in order."""
    document = make_document(workspace, text=REPORT_TEXT, authors=["戸崎 洋史"])
    argument_map = make_map(workspace, documents=[document])
    kcna = make_participant(workspace, "KCNA", kind="organisation", key="kcna")
    reported = make_statement(
        argument_map, "米国が敵視政策を続けている。", kind="claim", speaker=kcna, illocution="reporting"
    )
    rebuttal = make_statement(argument_map, "米国は対話を提案している。", kind="rebuttal")
    question = make_statement(argument_map, "対話は可能か。", illocution="questioning")
    services.create_attack(actor=None, attacker=rebuttal, target=reported)
    for statement, exact in (
        (reported, "米国が敵視政策を続けている"),
        (rebuttal, "米国は対話を提案している"),
        (question, "対話は可能か"),
    ):
        services.create_anchor(actor=None, statement=statement, document=document, exact=exact)
    return argument_map, kcna, reported, rebuttal, question


def by_type(document: dict, kind: str) -> list[dict]:
    return [n for n in document["nodes"] if n["type"] == kind]


def test_export_writes_locutions_illocutions_transitions_and_participants(reported_map):
    argument_map, kcna, reported, rebuttal, question = reported_map
    exported = export_aif(interchange_graph(argument_map=argument_map))
    texts = {n["nodeID"]: n["text"] for n in exported["nodes"]}
    arcs = {(e["fromID"], e["toID"]) for e in exported["edges"]}
    r, b, q = str(reported.pk), str(rebuttal.pk), str(question.pk)
    # reported speech: the author's locution has the reported locution as its content
    assert texts[f"{r}:L"] == "戸崎 洋史: 米国が敵視政策を続けている。"
    assert texts[f"{r}:L:reported"] == "KCNA: 米国が敵視政策を続けている。"
    assert {(f"{r}:L", f"{r}:YA"), (f"{r}:YA", f"{r}:L:reported"), (f"{r}:L:reported", f"{r}:YA:reported")} <= arcs
    assert (f"{r}:YA:reported", r) in arcs
    assert (texts[f"{b}:YA"], texts[f"{q}:YA"]) == ("Asserting", "Pure Questioning")
    # transitions in document order of the anchors
    transitions = by_type(exported, "TA")
    assert len(transitions) == 2
    assert {(f"{r}:L", f"{r}:L>TA"), (f"{r}:L>TA", f"{b}:L"), (f"{b}:L>TA", f"{q}:L")} <= arcs
    people = {p["participantID"]: p["firstname"] for p in exported["participants"]}
    assert people == {"author": "戸崎 洋史", str(kcna.pk): "KCNA"}
    assert {(loc["nodeID"], loc["personID"]) for loc in exported["locutions"]} >= {
        (f"{r}:L", "author"),
        (f"{r}:L:reported", str(kcna.pk)),
        (f"{q}:L", "author"),
    }
    reading = arguebuf_reading(exported)  # arguebuf reads the argument graph and skips the dialogue nodes
    assert {str(n.id) for n in reading.atom_nodes.values()} == {r, b, q}
    arguebuf_reading(export_ova(interchange_graph(argument_map=argument_map)))


def test_round_trip_gives_speakers_back_and_the_same_file(reported_map, workspace):
    argument_map, kcna, *_ = reported_map
    exported = export_aif(interchange_graph(argument_map=argument_map))
    again, _ = import_map(actor=None, workspace=workspace, raw=json.dumps(exported), name="again")
    spoken = {s.text: (s.speaker_id, s.illocution) for s in Statement.objects.filter(map=again)}
    assert spoken == {
        "米国が敵視政策を続けている。": (kcna.pk, "reporting"),
        "米国は対話を提案している。": (None, "asserting"),
        "対話は可能か。": (None, "questioning"),
    }
    assert Participant.objects.filter(workspace=workspace).count() == 1  # KCNA found again, not duplicated
    re_exported = export_aif(interchange_graph(argument_map=again))
    assert aif_graph(re_exported) == aif_graph(exported)
    assert {n["nodeID"] for n in re_exported["nodes"]} == {n["nodeID"] for n in exported["nodes"]}
    assert re_exported["participants"] == exported["participants"]
    assert sorted(re_exported["locutions"], key=str) == sorted(exported["locutions"], key=str)


def test_a_map_without_speakers_exports_no_locutions(argument_map):
    make_statement(argument_map, "A claim.", kind="claim")
    exported = export_aif(interchange_graph(argument_map=argument_map))
    assert [n["type"] for n in exported["nodes"]] == ["I"]
    assert exported["participants"] == [] and exported["locutions"] == []


def test_an_aifdb_file_with_locutions_imports_with_speakers_and_exports_unchanged(workspace):
    """Araucaria's ``"X says '…'"`` locutions with YA nodes (shared corpus nodeset27, copied: see data/README)."""
    original = json.loads((DATA / "nodeset27.json").read_text())
    argument_map, counts = import_map(actor=None, workspace=workspace, raw=json.dumps(original))
    spoken = {s.text: (s.speaker.name, s.illocution) for s in Statement.objects.filter(map=argument_map)}
    assert spoken["semesterisation is a good idea"] == ("VCBrown", "asserting")
    assert spoken["should be avoided at all costs"] == ("Speaker", "asserting")
    assert counts["dialogue_nodes"] == 12
    exported = export_aif(interchange_graph(argument_map=argument_map))
    assert aif_graph(exported) == aif_graph(original)
    assert {n["nodeID"] for n in exported["nodes"]} == {n["nodeID"] for n in original["nodes"]}
    arguebuf_reading(exported)


def test_ova_participants_and_illocutions_become_speakers(workspace):
    aif = {
        "nodes": [
            {"nodeID": "1", "text": "Sanctions work", "type": "I"},
            {"nodeID": "2", "text": "Alice : Sanctions work", "type": "L"},
            {"nodeID": "3", "text": "Conceding", "type": "YA"},
            {"nodeID": "4", "text": "Is that so?", "type": "I"},
            {"nodeID": "5", "text": "Bob : Is that so?", "type": "L"},
            {"nodeID": "6", "text": "Assertive Questioning", "type": "YA"},
            {"nodeID": "7", "text": "Default Transitioning", "type": "TA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "2", "toID": "3"},
            {"edgeID": "2", "fromID": "3", "toID": "1"},
            {"edgeID": "3", "fromID": "5", "toID": "6"},
            {"edgeID": "4", "fromID": "6", "toID": "4"},
            {"edgeID": "5", "fromID": "2", "toID": "7"},
            {"edgeID": "6", "fromID": "7", "toID": "5"},
        ],
        "locutions": [{"nodeID": "2", "personID": "11"}],
        "participants": [{"participantID": "11", "firstname": "Alice", "surname": "Smith"}],
    }
    argument_map, _ = import_map(actor=None, workspace=workspace, raw=json.dumps(aif))
    spoken = {s.text: (s.speaker.name, s.illocution) for s in Statement.objects.filter(map=argument_map)}
    assert spoken == {"Sanctions work": ("Alice Smith", "conceding"), "Is that so?": ("Bob", "questioning")}
    assert DialogueNode.objects.filter(map=argument_map).count() == 5
    exported = export_aif(interchange_graph(argument_map=argument_map))
    assert aif_graph(exported) == aif_graph(aif)
    assert exported["participants"] == aif["participants"]


def test_the_report_map_with_a_voice_gets_a_locution_for_every_statement(db):
    """Once one statement of the report is attributed, every statement's locution is explicit (the author's too)."""
    from argmap.datasets.dataset import load_dataset
    from tests.argmap.semantics.test_report_map import DATASET

    if not (DATASET / "dataset.built.json").exists():
        pytest.skip("the report's dataset is not built")
    report = load_dataset(DATASET)
    voice = make_participant(report.workspace, "KCNA (test)", kind="organisation")
    reported = Statement.objects.filter(map=report).order_by("key").first()
    services.update_statement(
        actor=None, statement=reported, expected_version=reported.version, speaker=voice, illocution="reporting"
    )
    exported = export_aif(interchange_graph(argument_map=report))
    statements = by_type(exported, "I")
    # Every reported or quoted statement with a voice (KCNA's here, and the dataset's own since v2) has two
    # locutions, the author's and the voice's; every other statement has one.
    reported_speech = Statement.objects.filter(
        map=report, illocution__in=("reporting", "quoting"), speaker__isnull=False
    ).count()
    assert reported_speech > 1
    assert len(by_type(exported, "L")) == len(statements) + reported_speech
    assert len(by_type(exported, "YA")) == len(statements) + reported_speech
    anchored = Anchor.objects.filter(map=report).values("statement_id").distinct().count()
    assert len(by_type(exported, "TA")) == anchored - 1  # one transition between consecutive anchored locutions
    arguebuf_reading(exported)

"""AIF import and export: the shared Araucaria corpus, OVA's wrapped form, and refusal of bad files."""

import json

import pytest

from argmap.errors import InvalidInput
from argmap.interchange.aif import export_aif, export_ova, parse_aif
from argmap.interchange.imports import import_map
from argmap.models import ArgumentMap, DialogueNode, ExternalId, SchemeApplication, Statement
from argmap.selectors.interchange import interchange_graph
from tests.argmap.interchange.aif_compare import aif_graph, arguebuf_reading
from tests.argmap.interchange.conftest import corpus_files


def roundtrip(workspace, document: dict):
    imported, counts = import_map(actor=None, workspace=workspace, raw=json.dumps(document), name="first")
    exported = export_aif(interchange_graph(argument_map=imported))
    again, _ = import_map(actor=None, workspace=workspace, raw=json.dumps(exported), name="second")
    return imported, exported, again, counts


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_imports_and_round_trips(workspace, corpus_dir, path):
    original = json.loads(path.read_text())
    _imported, exported, again, counts = roundtrip(workspace, original)
    i_nodes = [n for n in original["nodes"] if n["type"] == "I"]
    assert counts["statements"] == len(i_nodes)
    assert aif_graph(exported) == aif_graph(original)
    assert {str(n["nodeID"]) for n in exported["nodes"]} == {str(n["nodeID"]) for n in original["nodes"]}
    re_exported = export_aif(interchange_graph(argument_map=again))
    assert aif_graph(re_exported) == aif_graph(original)
    for document in (exported, re_exported):
        assert s_node_texts_and_timestamps(document) == s_node_texts_and_timestamps(original)
        arguebuf_reading(document)


def s_node_texts_and_timestamps(document: dict) -> dict:
    """Per node id: an S-node's text and every argument node's timestamp, exactly as written."""
    return {
        str(n["nodeID"]): (n["text"] if n["type"] != "I" else None, n.get("timestamp"))
        for n in document["nodes"]
        if n["type"] in ("I", "RA", "CA", "MA", "PA")
    }


def test_corpus_s_node_texts_and_timestamps_are_not_the_import_time(workspace, corpus_dir):
    """The old export wrote ``Default Inference`` and the import time; the corpus says ``RA`` and 2012."""
    original = json.loads((corpus_dir / "nodeset17.json").read_text())
    _imported, exported, _again, _counts = roundtrip(workspace, original)
    nodes = {n["nodeID"]: n for n in exported["nodes"]}
    assert nodes["318"]["text"] == "RA"
    assert nodes["318"]["timestamp"] == nodes["317"]["timestamp"] == "2012-04-12 18:18:33"


def test_corpus_is_all_there(corpus_dir):
    assert len(corpus_files()) == 67


def test_schemes_map_to_argmap_keys_and_unknown_ones_are_kept(workspace):
    document = {
        "nodes": [
            {"nodeID": "1", "text": "p", "type": "I"},
            {"nodeID": "2", "text": "c", "type": "I"},
            {"nodeID": "3", "text": "RA", "type": "RA", "scheme": "CauseToEffect"},
            {"nodeID": "4", "text": "q", "type": "I"},
            {"nodeID": "5", "text": "Argument From Expert Opinion", "type": "RA", "schemeID": "9"},
            {"nodeID": "6", "text": "r", "type": "I"},
            {"nodeID": "7", "text": "RA", "type": "RA", "scheme": "Example"},
        ],
        "edges": [
            {"edgeID": "a", "fromID": "1", "toID": "3"},
            {"edgeID": "b", "fromID": "3", "toID": "2"},
            {"edgeID": "c", "fromID": "4", "toID": "5"},
            {"edgeID": "d", "fromID": "5", "toID": "1"},
            {"edgeID": "e", "fromID": "6", "toID": "7"},
            {"edgeID": "f", "fromID": "7", "toID": "4"},
        ],
    }
    argument_map, _ = import_map(actor=None, workspace=workspace, raw=document)
    applications = {
        a.external: a
        for a in SchemeApplication.objects.filter(map=argument_map).select_related("scheme")
        for a.external in ExternalId.objects.filter(node_id=a.pk).values_list("external_id", flat=True)
    }
    assert applications["3"].scheme.key == "cause_to_effect"
    assert applications["3"].note == ""
    assert applications["5"].scheme.key == "expert_opinion"
    assert applications["5"].note == "AIF schemeID: 9"
    assert applications["7"].scheme is None
    assert applications["7"].note == "AIF scheme: Example"
    kinds = dict(Statement.objects.filter(map=argument_map).values_list("text", "kind"))
    assert kinds == {"p": "premise", "c": "claim", "q": "premise", "r": "premise"}
    document = export_aif(interchange_graph(argument_map=argument_map))
    exported = {n["nodeID"]: n for n in document["nodes"]}
    assert (exported["3"]["text"], exported["3"]["scheme"]) == ("RA", "Cause To Effect")
    assert (exported["5"]["text"], exported["5"]["scheme"]) == ("Argument From Expert Opinion", "Expert Opinion")
    assert exported["5"]["schemeID"] == "9"
    assert (exported["7"]["text"], exported["7"]["scheme"]) == ("RA", "Example")
    assert {"nodeID": "5", "schemeID": "9"} in document["schemefulfillments"]
    reading = arguebuf_reading(document)
    assert reading.scheme_nodes["3"].scheme.value == "Cause to Effect"
    assert reading.scheme_nodes["5"].scheme.value == "Expert Opinion"


def test_ova_wrapped_form_with_locutions_undercut_and_preference(workspace):
    aif = {
        "nodes": [
            {"nodeID": "1", "text": "We should sanction", "type": "I", "timestamp": "2024-01-01 00:00:00"},
            {"nodeID": "2", "text": "Sanctions work", "type": "I"},
            {"nodeID": "3", "text": "Default Inference", "type": "RA", "scheme": "Default Inference"},
            {"nodeID": "4", "text": "They did not work in 2017", "type": "I"},
            {"nodeID": "5", "text": "Default Conflict", "type": "CA"},
            {"nodeID": "6", "text": "Default Preference", "type": "PA"},
            {"nodeID": "7", "text": "Alice : sanctions work", "type": "L", "timestamp": "2024-01-01 00:00:01"},
            {"nodeID": "8", "text": "Asserting", "type": "YA"},
            {"nodeID": "9", "text": "Bob : they did not", "type": "L"},
            {"nodeID": "10", "text": "Default Transition", "type": "TA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "2", "toID": "3"},
            {"edgeID": "2", "fromID": "3", "toID": "1"},
            {"edgeID": "3", "fromID": "4", "toID": "5"},
            {"edgeID": "4", "fromID": "5", "toID": "3"},
            {"edgeID": "5", "fromID": "3", "toID": "6"},
            {"edgeID": "6", "fromID": "6", "toID": "5"},
            {"edgeID": "7", "fromID": "7", "toID": "8"},
            {"edgeID": "8", "fromID": "8", "toID": "2"},
            {"edgeID": "9", "fromID": "7", "toID": "10"},
            {"edgeID": "10", "fromID": "10", "toID": "9"},
        ],
        "locutions": [{"nodeID": "7", "personID": "1", "start": "0", "end": "5"}],
        "participants": [{"participantID": "1", "firstname": "Alice", "surname": "A"}],
        "schemefulfillments": [],
    }
    ova = {"AIF": aif, "OVA": {"nodes": [], "edges": []}, "text": "Alice: sanctions work. Bob: they did not."}
    argument_map, counts = import_map(actor=None, workspace=workspace, raw=json.dumps(ova), format="ova")
    assert counts["dialogue_nodes"] == 4
    assert counts["dialogue_edges"] == 4
    locution = DialogueNode.objects.get(map=argument_map, aif_type="L", text__startswith="Alice")
    assert locution.properties["participant"]["firstname"] == "Alice"
    assert locution.timestamp == "2024-01-01 00:00:01"
    exported = export_ova(interchange_graph(argument_map=argument_map))
    assert aif_graph(exported) == aif_graph(aif)
    assert exported["AIF"]["participants"] == aif["participants"]
    assert exported["AIF"]["locutions"][0]["personID"] == "1"
    assert {n["nodeID"] for n in exported["OVA"]["nodes"]} == {n["nodeID"] for n in aif["nodes"]}
    assert all(isinstance(n["x"], int) for n in exported["OVA"]["nodes"])
    arguebuf_reading(exported)


def test_ova3_wrapper_carries_what_ova3_reads_and_arguebuf_loads_it(workspace, argument_map):
    """OVA3's loadOva3Json reads AIF.nodes, AIF.schemefulfillments (scheme ids), OVA.nodes (x, y, timestamp)
    and text; arguebuf has no OVA3 reader and dispatches on the top-level keys."""
    from tests.argmap.semantics.worked_example import build_worked_example

    build_worked_example(argument_map)
    exported = export_ova(interchange_graph(argument_map=argument_map))
    assert set(exported) >= {"AIF", "OVA", "text", "nodes", "edges", "locutions"}
    assert exported["nodes"] == exported["AIF"]["nodes"]
    s_nodes = [n for n in exported["AIF"]["nodes"] if n["type"] != "I"]
    fulfilled = {f["nodeID"]: f["schemeID"] for f in exported["AIF"]["schemefulfillments"]}
    assert fulfilled == {n["nodeID"]: n["schemeID"] for n in s_nodes if "schemeID" in n}
    assert {fulfilled[n["nodeID"]] for n in s_nodes if "scheme" not in n} == {"71"}  # its conflicts
    assert all({"nodeID", "x", "y", "visible", "timestamp"} <= set(n) for n in exported["OVA"]["nodes"])
    reading = arguebuf_reading(exported)
    assert reading.scheme_nodes  # not an empty graph read from an unknown shape
    again, _ = import_map(actor=None, workspace=workspace, raw=json.dumps(exported), format="ova")
    assert aif_graph(export_aif(interchange_graph(argument_map=again))) == aif_graph(exported)


def test_native_map_kinds_survive_export_and_reimport(workspace, argument_map):
    from tests.argmap.semantics.worked_example import build_worked_example

    example = build_worked_example(argument_map)
    exported = export_aif(interchange_graph(argument_map=argument_map))
    again, _ = import_map(actor=None, workspace=workspace, raw=exported)
    kinds = dict(Statement.objects.filter(map=again).values_list("text", "kind"))
    assert kinds[example.R.text] == "rebuttal"
    assert kinds[example.C.text] == "claim"
    assert SchemeApplication.objects.get(map=again, type="inference").scheme.key == "cause_to_effect"
    assert "cq:interference" in SchemeApplication.objects.get(map=again, note__contains="cq:").note
    assert aif_graph(export_aif(interchange_graph(argument_map=again))) == aif_graph(exported)
    arguebuf_reading(exported)
    stamps = {n["nodeID"]: n["timestamp"] for n in exported["nodes"]}
    statement = Statement.objects.get(pk=example.C.pk)
    assert stamps[str(statement.pk)] == statement.created_at.strftime("%Y-%m-%d %H:%M:%S")


def test_a_kept_s_node_text_gives_way_when_the_scheme_changes(workspace):
    from argmap.models import Scheme

    document = {
        "nodes": [
            {"nodeID": "1", "text": "p", "type": "I", "timestamp": "2020-01-01 00:00:00"},
            {"nodeID": "2", "text": "c", "type": "I", "timestamp": "2020-01-01 00:00:01"},
            {"nodeID": "3", "text": "Argument From Expert Opinion", "type": "RA", "timestamp": "01/02/2020 - 00:00"},
        ],
        "edges": [{"edgeID": "a", "fromID": "1", "toID": "3"}, {"edgeID": "b", "fromID": "3", "toID": "2"}],
    }
    argument_map, _ = import_map(actor=None, workspace=workspace, raw=document)
    node = {n["nodeID"]: n for n in export_aif(interchange_graph(argument_map=argument_map))["nodes"]}["3"]
    assert (node["text"], node["scheme"], node["schemeID"], node["timestamp"]) == (
        "Argument From Expert Opinion",
        "Expert Opinion",
        "15",
        "01/02/2020 - 00:00",
    )
    SchemeApplication.objects.filter(map=argument_map).update(scheme=Scheme.objects.get(key="sign"))
    node = {n["nodeID"]: n for n in export_aif(interchange_graph(argument_map=argument_map))["nodes"]}["3"]
    assert (node["text"], node["scheme"]) == ("Sign", "Sign")
    assert "schemeID" not in node


def test_report_map_schemes_are_recognised_by_arguebuf(db):
    """Every named scheme of the report's map (10 since dataset v2 added popular_opinion) but ``precedent``:
    arguebuf's table maps no AIF name to its ``Support.PRECEDENT`` (``Precedent Slippery Slope`` is another scheme), so no spelling could reach it."""
    from arguebuf.model.scheme import Support

    from argmap.datasets.dataset import load_dataset
    from tests.argmap.semantics.test_report_map import DATASET

    if not (DATASET / "dataset.built.json").exists():
        pytest.skip("the report's dataset is not built")
    report = load_dataset(DATASET)
    exported = export_aif(interchange_graph(argument_map=report))
    reading = arguebuf_reading(exported)
    keys = dict(SchemeApplication.objects.filter(map=report, scheme__isnull=False).values_list("id", "scheme__key"))
    assert len(set(keys.values())) == 10
    recognised = {keys[uuid]: reading.scheme_nodes[str(uuid)].scheme for uuid in keys}
    unrecognised = {key for key, scheme in recognised.items() if scheme == Support.DEFAULT}
    assert unrecognised == {"precedent"}
    assert recognised["expert_opinion"] == Support.EXPERT_OPINION
    assert recognised["cause_to_effect"] == Support.CAUSE_TO_EFFECT


BAD_FILES = [
    ("[1, 2]", "file", None, "JSON object"),
    ('{"nodes": {}, "edges": []}', "file", None, "nodes list"),
    (
        '{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}], "edges": [{"fromID": "1", "toID": "99"}]}',
        "edges",
        0,
        "toID 99 is not a node",
    ),
    ('{"nodes": [{"nodeID": "1", "text": 5.5, "type": ["I"]}], "edges": []}', "nodes", 0, "type must be"),
    ('{"nodes": [{"nodeID": "1", "text": {"x": 1}, "type": "I"}], "edges": []}', "nodes", 0, "text must be text"),
    (
        '{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}, {"nodeID": "2", "text": "b", "type": "I"}],'
        ' "edges": [{"edgeID": "e1", "fromID": "1", "toID": "2"}]}',
        "edges",
        0,
        "I-node straight to another",
    ),
    (
        '{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}, {"nodeID": "2", "text": "RA", "type": "RA"}],'
        ' "edges": [{"fromID": "1", "toID": "2"}]}',
        "nodes",
        1,
        "exactly one conclusion",
    ),
    (
        '{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}, {"nodeID": "1", "text": "b", "type": "I"}], "edges": []}',
        "nodes",
        1,
        "used twice",
    ),
    ('{"nodes": [{"nodeID": "1", "text": "  ", "type": "I"}], "edges": []}', "nodes", 0, "must not be empty"),
    (
        '{"nodes": [{"nodeID": "1", "text": "a", "type": "I", "timestamp": "' + "9" * 65 + '"}], "edges": []}',
        "nodes",
        0,
        "timestamp is longer than 64",
    ),
    ("[" * 5000 + "]" * 5000, "file", None, "nested deeper"),
    ('{"nodes": [', "file", None, "not valid JSON"),
    (b"\xff\xfe{}", "file", None, "not UTF-8"),
]


@pytest.mark.parametrize(("raw", "element", "index", "message"), BAD_FILES)
def test_bad_files_are_refused_with_a_pointer_and_change_nothing(workspace, raw, element, index, message):
    before = (ArgumentMap.objects.count(), Statement.objects.count(), ExternalId.objects.count())
    with pytest.raises(Exception) as refused:
        import_map(actor=None, workspace=workspace, raw=raw, format="aif")
    assert message in refused.value.message
    assert refused.value.status == 400
    assert refused.value.detail["element"] == element
    assert refused.value.detail["index"] == index
    assert (ArgumentMap.objects.count(), Statement.objects.count(), ExternalId.objects.count()) == before


def test_huge_payload_is_refused_before_parsing(workspace, monkeypatch):
    from argmap.interchange import safety

    monkeypatch.setattr(safety, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(safety.InvalidInput, match="at most 1000"):
        parse_aif(b"{" + b" " * 2000 + b"}")


def test_a_rule_the_bulk_writer_enforces_also_rolls_back_the_new_map(workspace):
    document = {
        "nodes": [
            {"nodeID": "1", "text": "a", "type": "I", "argmap": {"kind": "opinion"}},
        ],
        "edges": [],
    }
    before = ArgumentMap.objects.count()
    with pytest.raises(InvalidInput, match="kind must be one of") as refused:
        import_map(actor=None, workspace=workspace, raw=document)
    assert refused.value.detail == {"element": "nodes", "index": 0, "id": "1"}
    assert refused.value.message.startswith("nodes[0] (1): ")
    assert ArgumentMap.objects.count() == before

"""Argdown export and re-import: the worked example, Japanese text, special characters, and refusals."""

import pytest

from argmap import services
from argmap.errors import InvalidInput
from argmap.interchange.argdown import export_argdown, parse_argdown
from argmap.interchange.imports import import_map
from argmap.models import ArgumentMap, SchemeApplication, Statement
from argmap.selectors.interchange import interchange_graph
from argmap.semantics import evaluate_map
from tests.argmap.interchange.aif_compare import aif_graph
from tests.argmap.semantics.worked_example import build_worked_example
from tests.factories import make_statement


def graph_shape(argument_map):
    from argmap.interchange.aif import export_aif

    return aif_graph(export_aif(interchange_graph(argument_map=argument_map)))


def test_worked_example_exports_as_argdown_and_comes_back_the_same(workspace, argument_map):
    example = build_worked_example(argument_map)
    text = export_argdown(interchange_graph(argument_map=argument_map))
    assert f"[S1]: {example.C.text} #claim" in text
    assert "-- cause to effect --" in text
    assert "    -> [S3]" in text  # R attacks P2
    assert "    _> <A1>" in text  # U undercuts the inference
    again, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    assert again.name == argument_map.name
    assert graph_shape(again) == graph_shape(argument_map)
    assert dict(Statement.objects.filter(map=again).values_list("text", "kind")) == dict(
        Statement.objects.filter(map=argument_map).values_list("text", "kind")
    )
    undercut = SchemeApplication.objects.get(map=again, note__contains="cq:interference")
    assert undercut.type == "conflict"
    labels = evaluate_map(argument_map=again, semantics="grounded")["counts"]
    assert labels == evaluate_map(argument_map=argument_map, semantics="grounded")["counts"]


def test_conjunctive_conflicts_rephrases_preferences_and_attacks_on_attacks_survive(workspace, argument_map):
    a = make_statement(argument_map, text="北朝鮮は核弾頭を50発保有する [推計] #1 {注} *強調* _下線_ <x>", kind="claim")
    b = make_statement(argument_map, text="b\nwith a line break", kind="evidence", gloss="English gloss")
    c = make_statement(argument_map, text="c", kind="rebuttal")
    d = make_statement(argument_map, text="d", kind="premise")
    e = make_statement(argument_map, text="e", kind="premise")
    conflict = services.create_scheme_application(actor=None, argument_map=argument_map, type="conflict")
    services.create_edge(actor=None, application=conflict, role="antecedent", statement=c)
    services.create_edge(actor=None, application=conflict, role="antecedent", statement=d)
    services.create_edge(actor=None, application=conflict, role="consequent", statement=a)
    counter = services.create_attack(actor=None, attacker=e, target=conflict)
    services.create_rephrase(actor=None, original=a, rephrase=b)
    services.create_preference(actor=None, preferred=counter, dispreferred=conflict)
    text = export_argdown(interchange_graph(argument_map=argument_map))
    assert "// argmap: conflict" in text and "// argmap: rephrase" in text and "// argmap: preference" in text
    again, _ = import_map(actor=None, workspace=workspace, raw=text.encode(), format="argdown")
    assert graph_shape(again) == graph_shape(argument_map)
    texts = set(Statement.objects.filter(map=again).values_list("text", flat=True))
    assert a.text in texts and b.text in texts
    assert Statement.objects.get(map=again, text="c").kind == "rebuttal"
    assert Statement.objects.get(map=again, text=b.text).gloss == "English gloss"


def test_hand_written_argdown_with_plain_relations_imports(workspace):
    text = """
===
title: Hand written
===

[Sanctions work]: Sanctions change behaviour. #claim
    + [Iran]
    - [Korea]

[Iran]: Iran came to the table.
[Korea]: North Korea did not. #rebuttal

<Expert>: an expert says so

(1) [Panel]: The UN panel says sanctions bite.
-- Argument from expert opinion --
(2) [Sanctions work]
"""
    argument_map, counts = import_map(actor=None, workspace=workspace, raw=text)
    assert argument_map.name == "Hand written"
    assert counts["statements"] == 4
    assert SchemeApplication.objects.get(map=argument_map, type="inference", scheme__isnull=False).scheme.key == (
        "expert_opinion"
    )
    assert Statement.objects.get(map=argument_map, text="Iran came to the table.").kind == "premise"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("[A]: a\n    _ [B]: b\n", "undercut .* attacks an argument", 2),
        ("===\ntitle: x\n", "never closed", 1),
        ("[A]: a {not: [valid\n", "never closed", 1),
        ("[A]: a {x: [1, 2}]\n", "not valid YAML", 1),
        ("<X>\n\n(1) [A]: a\n(2) [B]: b\n", "needs an inference line", 3),
        ("<X>\n\n(1) [A]: a\n----\n", "needs an inference line", 3),
        ("<X>\n\n(1) [A]: a\n----\n(2) [B]: b\n(3) [C]: c\n", "lead nowhere", 6),
        ("// argmap: rephrase R1: [A] => [Z]\n[A]: a\n", r"\[Z\] is not defined", 1),
        ("[A]: a\n/* never closed\n", "comment .* never closed", 2),
        ("[A]: a\n    -> <B>\n\n<B>: b\n\n(1) <C>\n----\n(2) [A]\n", "lists statements, not arguments", 6),
    ],
)
def test_bad_argdown_is_refused_with_its_line_and_changes_nothing(workspace, text, message, line):
    before = ArgumentMap.objects.count()
    with pytest.raises(InvalidInput, match=message) as refused:
        import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    if line is not None:
        assert refused.value.detail["index"] == line
    assert ArgumentMap.objects.count() == before


def test_a_statement_known_only_by_its_title_is_its_title(workspace):
    argument_map, _ = import_map(actor=None, workspace=workspace, raw="[A]: a\n    -> [B]\n[B]:  #claim\n")
    assert Statement.objects.get(map=argument_map, text="B").kind == "claim"


def test_parse_only_gives_a_payload(db):
    parsed = parse_argdown("[A]: a #claim\n    -> [B]\n[B]: b\n")
    assert [s["text"] for s in parsed.payload.statements] == ["a", "b"]
    assert [a["type"] for a in parsed.payload.applications] == ["conflict"]


@pytest.mark.parametrize(
    "text",
    [
        "[A]: a {" + "[" * 5000 + "]" * 5000 + "}\n",
        "===\ntitle: " + "[" * 5000 + "\n===\n[A]: a\n",
        "[A]: a\n[B]: b\n// argmap: rephrase R1: [A] => [B] {not json: [\n",
        '[A]: a\n[B]: b\n// argmap: rephrase R1: [A] => [B] {"note": ' + "[" * 3000 + "}\n",
        "[A]: a {!!python/object:os.system ls}\n",
    ],
)
def test_hostile_data_blocks_are_refused_not_crashed(workspace, text):
    with pytest.raises(InvalidInput):
        import_map(actor=None, workspace=workspace, raw=text, format="argdown")


def test_brackets_inside_data_strings_are_fine(workspace):
    note = "see [1][2][3] " * 20
    text = f'[A]: a #claim\n[B]: b {{"gloss": "{note}"}}\n'
    argument_map, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    assert Statement.objects.get(map=argument_map, text="b").gloss == note

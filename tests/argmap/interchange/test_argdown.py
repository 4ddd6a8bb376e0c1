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
from tests.argmap.interchange.argdown_referee import assert_export_agrees
from tests.argmap.semantics.worked_example import build_worked_example
from tests.factories import make_statement


def graph_shape(argument_map, *, as_argdown_keeps_it=False):
    """The map's AIF graph. ``as_argdown_keeps_it``: without its documents' authors, whose name the author's
    locutions carry; Argdown has no documents, so a map back from Argdown speaks as "Author"."""
    from argmap.interchange.aif import export_aif

    graph = interchange_graph(argument_map=argument_map)
    if as_argdown_keeps_it:
        graph["map_authors"] = []
    return aif_graph(export_aif(graph))


def test_worked_example_exports_as_argdown_and_comes_back_the_same(workspace, argument_map):
    example = build_worked_example(argument_map)
    graph = interchange_graph(argument_map=argument_map)
    text = export_argdown(graph)
    assert_export_agrees(text, graph, "worked example")
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
    graph = interchange_graph(argument_map=argument_map)
    text = export_argdown(graph)
    assert_export_agrees(text, graph, "conjunctive")
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


CORPUS = __import__("pathlib").Path(__file__).resolve().parent / "argdown_corpus"


def corpus_map(workspace, name):
    argument_map, _ = import_map(actor=None, workspace=workspace, raw=(CORPUS / name).read_bytes(), filename=name)
    return argument_map


def by_title(argument_map, title):
    return Statement.objects.get(map=argument_map, data__title=title)


def inference_titled(argument_map, title):
    return SchemeApplication.objects.get(map=argument_map, type="inference", data__title=title)


def ends(application):
    edges = application.edges.all()
    antecedents = {e.statement.data.get("title") or e.statement.text for e in edges if e.role == "antecedent"}
    consequent = next(e.statement or e.other_application for e in edges if e.role == "consequent")
    return antecedents, consequent


def test_wrapped_text_comments_and_free_text_are_read_as_argdown_reads_them(workspace):
    wrapped = corpus_map(workspace, "02_hard_wrapped.argdown")
    assert by_title(wrapped, "Long claim").text.endswith("faster than the lists that target them.")
    assert Statement.objects.filter(map=wrapped).count() == 2
    commented = corpus_map(workspace, "03_comments.argdown")
    assert by_title(commented, "Talks").text == "Talks without preconditions are worth trying."
    assert Statement.objects.filter(map=commented).count() == 2
    free = corpus_map(workspace, "04_free_text.argdown")
    assert Statement.objects.filter(map=free).count() == 3


def test_premise_conclusion_structures_rules_and_steps_become_chained_inferences(workspace):
    rules = corpus_map(workspace, "07_pcs_rule.argdown")
    assert inference_titled(rules, "Expert view").scheme.key == "expert_opinion"
    assert inference_titled(rules, "Expert view").data["description"] == "The panel's judgement."
    assert inference_titled(rules, "Causal").scheme.key == "cause_to_effect"
    assert inference_titled(rules, "Homemade rule").data["rule"] == "modus ponens"
    assert inference_titled(rules, "Homemade rule").data["inference"] == {"confidence": "low"}
    chain = corpus_map(workspace, "08_multistep.argdown")
    first, last = inference_titled(chain, "Chain (1)"), inference_titled(chain, "Chain")
    assert ends(first) == ({"P1", "P2"}, by_title(chain, "C1"))
    assert ends(last) == ({"C1", "P3"}, by_title(chain, "C2"))
    uses = corpus_map(workspace, "09_multistep_uses.argdown")
    assert ends(inference_titled(uses, "Selective (1)"))[0] == {
        "Talks have failed three times.",
        "Failure has reputational costs.",
    }
    assert ends(inference_titled(uses, "Selective"))[0] == {"Doubt", "Doubtful rounds are still sometimes worthwhile."}


def test_relations_on_statements_and_arguments_map_to_aif(workspace):
    tree = corpus_map(workspace, "10_statement_relations.argdown")
    centre = by_title(tree, "Centre")
    into_centre = SchemeApplication.objects.filter(map=tree, edges__role="consequent", edges__statement=centre)
    assert sorted(into_centre.values_list("type", flat=True)) == ["conflict", "conflict", "inference", "inference"]
    assert ends(SchemeApplication.objects.get(map=tree, edges__statement=by_title(tree, "Rival")))[0] == {"Centre"}
    undercut = corpus_map(workspace, "12_undercut.argdown")
    testimony = inference_titled(undercut, "Testimony")
    assert (
        SchemeApplication.objects.filter(map=undercut, type="conflict", edges__other_application=testimony).count() == 2
    )
    incoming = corpus_map(workspace, "13_undercut_incoming.argdown")
    satellite = SchemeApplication.objects.get(map=incoming, type="inference", data__title="Satellite")
    assert ends(SchemeApplication.objects.get(map=incoming, edges__other_application=satellite))[0] == {"Decoy"}
    assert ends(SchemeApplication.objects.get(map=incoming, type="conflict", edges__statement__data__title="Official"))
    contradiction = corpus_map(workspace, "19_contradiction.argdown")
    assert SchemeApplication.objects.filter(map=contradiction, type="conflict").count() == 2


def test_equivalence_classes_tags_data_and_front_matter_are_kept(workspace):
    classes = corpus_map(workspace, "15_equivalence.argdown")
    assert Statement.objects.filter(map=classes, data__title="Unrealistic").count() == 1
    tagged = corpus_map(workspace, "16_tags.argdown")
    statement = by_title(tagged, "Tagged")
    assert statement.kind == "claim"
    assert set(statement.tags.values_list("slug", flat=True)) == {"section-4", "urgent", "long-tag-with-spaces"}
    data = corpus_map(workspace, "17_yaml_data.argdown")
    assert by_title(data, "Data").data["yaml"] == {"certainty": 0.8, "sources": ["panel", "press"], "reviewed": True}
    assert by_title(data, "Json data").data["yaml"]["note with braces"] == "a {set}"
    assert inference_titled(data, "Data argument").data["yaml"] == {"weight": 2, "author": "Analyst"}
    front = corpus_map(workspace, "18_frontmatter.argdown")
    assert front.name == "Front matter and configuration"
    special = corpus_map(workspace, "21_special_characters.argdown")
    assert "https://www.example.org/report" in by_title(special, "URL").text
    headings = corpus_map(workspace, "05_headings.argdown")
    assert set(by_title(headings, "Estimate").tags.values_list("slug", flat=True)) == {"Situation", "Numbers"}


AWKWARD = [
    "See https://www.example.org/a//b and /* not a comment */ or <!-- not either -->",
    "+ starts like a relation",
    "- starts like an attack",
    "* a list marker",
    "1. an ordered list marker",
    "(1) looks like a premise",
    "---- looks like an inference line",
    "-- rule -- too",
    "=== looks like front matter",
    "# looks like a heading",
    "#tag and #(tag with spaces) that are text",
    "[Title]: looks like a definition",
    "<Argument>: looks like an argument",
    "@[mention] and @<mention>",
    "{braces: [1, 2]} and } alone and { alone",
    "*stars* **bold** _under_ __score__ and a lone * or _",
    "back\\slash at the end \\",
    "line\nbreaks\n\nand  double  spaces",
    "核弾頭「50発」（推計）— 北朝鮮 // コメントではない",
    ">< -> <- +> <+ _> <_ relation symbols",
]


def test_awkward_texts_and_data_export_cleanly_and_come_back_unchanged(workspace, argument_map):
    statements = [
        make_statement(argument_map, text=text, kind=KIND_CYCLE[i % 4], gloss="{gloss} // with } braces")
        for i, text in enumerate(AWKWARD)
    ]
    services.create_argument(actor=None, premises=statements[1:3], conclusion=statements[0])
    services.create_attack(actor=None, attacker=statements[3], target=statements[0])
    graph = interchange_graph(argument_map=argument_map)
    text = export_argdown(graph)
    assert_export_agrees(text, graph, "awkward")
    again, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    assert sorted(Statement.objects.filter(map=again).values_list("text", "kind", "gloss")) == sorted(
        (s.text, s.kind, s.gloss) for s in statements
    )
    assert graph_shape(again) == graph_shape(argument_map)


KIND_CYCLE = ("claim", "premise", "rebuttal", "evidence")


def test_japanese_headings_and_tags_that_are_no_slugs_are_kept_beside_the_tags(workspace):
    japanese = corpus_map(workspace, "25_japanese_sections.argdown")
    statement = by_title(japanese, "保有数")
    assert statement.kind == "evidence"
    assert statement.data["other_tags"] == ["第2節-状況", "推計"]
    assert list(statement.tags.all()) == []


def test_an_incomplete_inference_still_exports_without_an_error(argument_map):
    from tests.argmap.interchange.argdown_referee import assert_official_reads

    claim = make_statement(argument_map, text="c", kind="claim")
    inference = services.create_scheme_application(actor=None, argument_map=argument_map, type="inference")
    services.create_edge(actor=None, application=inference, role="consequent", statement=claim)
    assert_official_reads({"incomplete": export_argdown(interchange_graph(argument_map=argument_map))})

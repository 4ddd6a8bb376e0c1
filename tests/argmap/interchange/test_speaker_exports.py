"""Speakers in the other exports: Argdown data read back, GraphML attributes, DOT/SVG labels and legend, mining."""

import json

from argmap.interchange.exports import export_map
from argmap.interchange.imports import import_map
from argmap.models import Participant, Statement
from tests.argmap.interchange.argdown_referee import assert_official_reads
from tests.argmap.semantics.voices import build_voices


def test_argdown_carries_speaker_and_illocution_as_data_and_reads_them_back(workspace, argument_map):
    v = build_voices(argument_map)
    text = export_map(argument_map=argument_map, format="argdown").content
    line = next(line for line in text.splitlines() if line.startswith("[") and v.K1.text in line)
    assert '"speaker": "KCNA"' in line and '"illocution": "reporting"' in line
    assert_official_reads({"voices": text})  # the official parsers read the data blocks without errors
    author_line = next(line for line in text.splitlines() if line.startswith("[") and v.B.text in line)
    assert "speaker" not in author_line and "illocution" not in author_line
    again, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    spoken = {s.text: (s.speaker_id, s.illocution) for s in Statement.objects.filter(map=again)}
    assert spoken[v.K1.text] == (v.kcna.pk, "reporting")
    assert spoken[v.Q.text] == (v.kcna.pk, "questioning")
    assert spoken[v.B.text] == (None, "asserting")
    assert Participant.objects.filter(workspace=workspace).count() == 1  # KCNA again, by name


def test_argdown_speakers_new_to_the_workspace_become_participants(workspace):
    text = "[A]: 核は交渉の対象ではない。 {speaker: 金与正, illocution: reporting}\n\n[B]: 交渉は可能だ。\n"
    argument_map, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    spoken = {s.text: (s.speaker.name if s.speaker else None, s.illocution) for s in argument_map.statements.all()}
    assert spoken == {"核は交渉の対象ではない。": ("金与正", "reporting"), "交渉は可能だ。": (None, "asserting")}


def test_graphml_dot_and_svg_show_the_voices(argument_map):
    v = build_voices(argument_map)
    graphml = export_map(argument_map=argument_map, format="graphml").content
    assert 'attr.name="speaker"' in graphml and ">KCNA</data>" in graphml and ">reporting</data>" in graphml
    dot = export_map(argument_map=argument_map, format="dot").content
    assert "[KCNA, reporting]" in dot and "legend:speakers" in dot
    assert "[author, " not in dot and "[KCNA, questioning]" in dot
    svg = export_map(argument_map=argument_map, format="svg").content
    assert "speakers: KCNA" in svg and "[KCNA, reporting]" in svg
    assert v.B.text in svg


def test_mining_exports_name_the_speaker_of_each_span(argument_map, document):
    from argmap import services

    v = build_voices(argument_map)
    services.create_anchor(actor=None, statement=v.K1, document=document, exact="核弾頭")
    services.create_anchor(actor=None, statement=v.B, document=document, exact="Second sentence")
    lines = [json.loads(line) for line in export_map(argument_map=argument_map, format="jsonl").content.splitlines()]
    spans = {line["id"]: line for line in lines if line["type"] == "span"}
    assert (spans[str(v.K1.pk)]["speaker"], spans[str(v.K1.pk)]["illocution"]) == ("KCNA", "reporting")
    assert (spans[str(v.B.pk)]["speaker"], spans[str(v.B.pk)]["illocution"]) == (None, "asserting")


def test_a_long_speaker_name_is_a_short_tag_in_the_box_and_in_full_in_the_legend():
    from argmap.interchange.display import DisplayNode
    from argmap.interchange.graphs import render_dot

    long_name = "戸崎 洋史 (TOSAKI Hirofumi)"
    nodes = [
        DisplayNode(
            id="a", family="statement", kind="claim", label="核は交渉の対象ではない", extra={"speaker": "KCNA"}
        ),
        DisplayNode(
            id="b",
            family="statement",
            kind="premise",
            label="交渉は可能だ",
            extra={"speaker": long_name, "illocution": "quoting"},
        ),
    ]
    dot = render_dot(nodes, [])
    assert "[KCNA] " in dot and "[V2, quoting] " in dot
    assert f"V2 = {long_name}" in dot  # the legend
    assert f"premise: [{long_name}, quoting] 交渉は可能だ" in dot  # the tooltip keeps the full name

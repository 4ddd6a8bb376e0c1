"""import_aif and export_map on the command line: progress, refusals, every format."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from argmap.models import ArgumentMap, Statement
from tests.argmap.interchange.conftest import CORPUS, corpus_files
from tests.argmap.semantics.worked_example import build_worked_example


def test_import_a_directory_with_progress(workspace, tmp_path):
    if not corpus_files():
        pytest.skip(f"the shared AIF corpus is not at {CORPUS}")
    for path in corpus_files()[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    out = StringIO()
    call_command("import_aif", str(tmp_path), workspace=workspace.slug, public=True, stdout=out)
    output = out.getvalue()
    assert "[1/3]" in output and "[3/3]" in output
    assert "statements: " in output
    assert ArgumentMap.objects.filter(workspace=workspace, visibility="public").count() == 3


def test_a_refused_file_is_reported_and_the_others_still_import(workspace, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"nodes": [{"nodeID": "1", "text": "p", "type": "I"}], "edges": []}))
    (tmp_path / "b.json").write_text(
        '{"nodes": [{"nodeID": "1", "type": "I", "text": "x"}], "edges": [{"fromID": "1", "toID": "9"}]}'
    )
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 files were refused"):
        call_command("import_aif", str(tmp_path), workspace=str(workspace.pk), stdout=StringIO(), stderr=err)
    assert "edges[0]: toID 9 is not a node of this file." in err.getvalue()
    assert Statement.objects.filter(map__workspace=workspace, text="p").count() == 1


def test_unknown_workspace_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="No workspace"):
        call_command("import_aif", str(tmp_path), workspace="nowhere")


@pytest.mark.parametrize("format", ["aif", "ova", "argdown", "dot", "graphml", "svg", "jsonld", "jsonl"])
def test_export_every_format_to_a_file(argument_map, tmp_path, format):
    example = build_worked_example(argument_map)
    target = tmp_path / f"map.{format}"
    call_command(
        "export_map", str(argument_map.pk), format=format, semantics="grounded", out=str(target), stderr=StringIO()
    )
    content = target.read_text(encoding="utf-8")
    assert example.C.text in content or format in ("jsonld", "jsonl")


def test_export_to_stdout_and_unknown_map(argument_map, capsys):
    build_worked_example(argument_map)
    call_command("export_map", str(argument_map.pk), format="argdown")
    assert "[S1]: " in capsys.readouterr().out
    with pytest.raises(CommandError, match="No map"):
        call_command("export_map", "missing")

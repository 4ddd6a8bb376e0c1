"""``manage.py export_map --format jsonl`` with the training filters (the command reads everything: no user)."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.argmap.selectors.test_pipeline_evaluation import scene  # noqa: F401 (fixture)


def spans(capsys):
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return sorted((line["status"], line["provenance"]) for line in lines if line["type"] == "span")


def test_the_command_filters_like_the_api(scene, capsys):  # noqa: F811
    call_command("export_map", str(scene.pk), format="jsonl")
    assert ("suggested", "pipeline:markers@1") not in spans(capsys)
    call_command("export_map", str(scene.pk), format="jsonl", include="suggestions", provenance="pipeline:markers")
    assert spans(capsys) == [("draft", "pipeline:markers@1"), ("suggested", "pipeline:markers@1")]
    call_command("export_map", str(scene.pk), format="jsonl", status="accepted")
    assert spans(capsys) == [("accepted", "person"), ("accepted", "person")]


def test_a_bad_filter_is_a_command_error(scene):  # noqa: F811
    with pytest.raises(CommandError, match="provenance"):
        call_command("export_map", str(scene.pk), format="jsonl", provenance="robot")

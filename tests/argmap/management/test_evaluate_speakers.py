"""evaluate_speakers: the per-speaker evaluation table of docs/semantics.md."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.argmap.semantics.voices import build_voices


def test_the_table_lists_the_author_then_each_voice(argument_map):
    build_voices(argument_map)
    out = StringIO()
    call_command("evaluate_speakers", str(argument_map.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[2] == "| author | 3 | 3 / 0 / 0 | 3 / 0 / 0 |"
    assert lines[3] == "| KCNA | 2 | 2 / 0 / 0 | 1 / 1 / 0 |"


def test_json_carries_each_statements_label(argument_map):
    voices = build_voices(argument_map)
    out = StringIO()
    call_command("evaluate_speakers", str(argument_map.pk), semantics="preferred", json=True, stdout=out)
    speakers = json.loads(out.getvalue())["speakers"]
    assert speakers[1]["statements"] == {str(voices.K1.pk): "OUT", str(voices.K2.pk): "IN"}


def test_unknown_map_is_an_error(db):
    with pytest.raises(CommandError, match="No map"):
        call_command("evaluate_speakers", "nothing", stdout=StringIO())

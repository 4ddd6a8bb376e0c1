"""Evaluation per commitment: a speaker's sub-framework, and the standing of a speaker's commitments in the map."""

from argmap.models import Illocution
from argmap.rules import COMMITTING_ILLOCUTIONS, commits_speaker
from argmap.semantics import commitment_table, evaluate_map
from tests.argmap.semantics.voices import build_voices


def labels(voices, found: dict) -> dict:
    names = {str(getattr(voices, n).pk): n for n in ("A1", "A2", "K1", "K2", "B", "Q")}
    return {names[sid]: label for sid, label in found.items()}


def test_every_illocution_but_questioning_commits():
    assert set(Illocution.values) - {"questioning"} == COMMITTING_ILLOCUTIONS
    assert not commits_speaker("questioning") and commits_speaker("reporting")


def test_a_speakers_sub_framework_keeps_only_their_commitments_and_the_applications_among_them(argument_map):
    v = build_voices(argument_map)
    whole = evaluate_map(argument_map=argument_map, semantics="grounded")
    assert labels(v, whole["statements"]) == {"A1": "IN", "A2": "IN", "K1": "OUT", "K2": "IN", "B": "IN", "Q": "IN"}
    author = evaluate_map(argument_map=argument_map, semantics="grounded", commitment_of="author")
    assert labels(v, author["statements"]) == {"A1": "IN", "A2": "IN", "B": "IN"}
    assert author["commitment"] == {"speaker": "author", "statements": 3, "scheme_applications": 1}
    assert author["conflicts"] == {}  # B's rebuttal targets KCNA's claim, outside the author's commitments
    kcna = evaluate_map(argument_map=argument_map, semantics="grounded", commitment_of=v.kcna.pk)
    assert labels(v, kcna["statements"]) == {"K1": "IN", "K2": "IN"}  # the question commits no one
    assert len(kcna["inferences"]) == 1


def test_claims_of_reports_which_commitments_survive_the_other_voices(argument_map):
    v = build_voices(argument_map)
    result = evaluate_map(argument_map=argument_map, semantics="preferred", claims_of=v.kcna.pk)
    assert labels(v, result["claims_of"]["statements"]) == {"K1": "OUT", "K2": "IN"}
    assert result["claims_of"]["counts"] == {"IN": 1, "OUT": 1, "UNDEC": 0}


def test_commitment_table_has_the_author_first_then_each_voice(argument_map):
    v = build_voices(argument_map)
    table = commitment_table(argument_map=argument_map, semantics="grounded")
    assert [(row["speaker"], row["name"], row["commitments"]) for row in table] == [
        ("author", "author", 3),
        (str(v.kcna.pk), "KCNA", 2),
    ]
    assert table[1]["own"] == {"IN": 2, "OUT": 0, "UNDEC": 0}
    assert table[1]["in_map"] == {"IN": 1, "OUT": 1, "UNDEC": 0}

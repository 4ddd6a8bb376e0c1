"""The evaluation of the report's map that docs/semantics.md (and the README) describe."""

import uuid
from pathlib import Path

import pytest

from argmap.datasets.dataset import load_dataset
from argmap.models import Statement
from argmap.semantics import evaluate_map

DATASET = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1"


@pytest.fixture
def report_map(db):
    if not (DATASET / "dataset.built.json").exists():
        pytest.skip("the report's dataset is not built")
    return load_dataset(DATASET)


def keys_labelled(result: dict, label: str) -> set[str]:
    keys = dict(Statement.objects.values_list("id", "key"))
    return {keys[uuid.UUID(sid)] for sid, lab in result["statements"].items() if lab == label}


def test_grounded_evaluation_of_the_report(report_map):
    result = evaluate_map(argument_map=report_map, semantics="grounded")
    assert result["framework"] == {"arguments": 247, "attacks": 18}
    assert result["counts"] == {"IN": 138, "OUT": 7, "UNDEC": 0}
    assert keys_labelled(result, "OUT") == {
        "s2-trilateral-institutionalising",
        "s2-nk-low-priority",
        "s3-switch-to-arms-control",
        "s3-objection-capitulation",
        "s3-sc5-alliances-may-be-valued",
        "s4-major-revision-needed",
        "s4-recommitment-objection",
    }
    assert list(result["inferences"].values()).count("OUT") == 5
    assert len(result["diagnostics"]["unanswered_attacks"]) == 21
    for semantics in ("preferred", "stable"):
        other = evaluate_map(argument_map=report_map, semantics=semantics)
        assert other["statements"] == result["statements"] and len(other["extensions"]) == 1


def test_support_evaluation_of_the_report(report_map):
    grounded = evaluate_map(argument_map=report_map, semantics="grounded")
    support = evaluate_map(argument_map=report_map, semantics="support")
    assert support["counts"] == {"IN": 134, "OUT": 11, "UNDEC": 0}
    keys = dict(Statement.objects.values_list("id", "key"))
    changed = {
        keys[uuid.UUID(sid)]: (grounded["statements"][sid], label)
        for sid, label in support["statements"].items()
        if label != grounded["statements"][sid]
    }
    assert changed == {
        "s3-freeze-enough": ("IN", "OUT"),
        "s4-share-recognition-with-trump": ("IN", "OUT"),
        "s4-interim-measures": ("IN", "OUT"),
        "s3-sc5-alliances-hold": ("IN", "OUT"),
    }


def test_the_per_speaker_table_of_the_report_accounts_for_every_commitment(report_map):
    """Holds whoever the annotators attribute the statements to: the author first, every commitment once."""
    from argmap.rules import commits_speaker
    from argmap.semantics import commitment_table

    table = commitment_table(argument_map=report_map, semantics="grounded")
    committing = Statement.objects.filter(map=report_map).exclude(status="rejected")
    unattributed = committing.filter(speaker__isnull=True).exists()
    assert (table[0]["speaker"] == "author") == unattributed, "the implicit author comes first, and only if needed"
    assert sum(row["commitments"] for row in table) == sum(commits_speaker(s.illocution) for s in committing)
    whole = evaluate_map(argument_map=report_map, semantics="grounded")["statements"]
    for row in table:
        assert all(whole[sid] == label for sid, label in row["statements"].items())
        assert sum(row["own"].values()) == row["commitments"]

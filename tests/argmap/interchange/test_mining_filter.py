"""Choosing a training export's rows: parsing the doors' strings and applying them to a map's rows."""

import pytest

from argmap.errors import InvalidInput
from argmap.interchange.mining import MiningFilter, filter_graph, mining_filter, provenance_of


def test_the_default_leaves_suggestions_out_and_keeps_everything_else():
    assert mining_filter() == MiningFilter()
    assert mining_filter(include="").is_default


def test_statuses_and_provenance_parse_comma_separated():
    parsed = mining_filter(
        include="suggestions", status="accepted,suggested", provenance="person,pipeline:markers@1.0,pipeline:a@b@2"
    )
    assert parsed.include_suggestions
    assert parsed.statuses == {"accepted", "suggested"}
    assert parsed.provenance == {("person",), ("pipeline", "markers", "1.0"), ("pipeline", "a@b", "2")}
    assert mining_filter(provenance="pipeline:markers").provenance == {("pipeline", "markers")}
    assert mining_filter(status="suggested").include_suggestions  # naming the status asks for suggestions


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"status": "accepted,approved"}, "status"),
        ({"status": ""}, "status"),
        ({"status": "accepted, draft"}, "status"),  # exactly the published pattern: no spaces
        ({"provenance": "pipeline:markers@"}, "provenance"),
        ({"provenance": "robot"}, "provenance"),
        ({"provenance": "pipeline:"}, "provenance"),
        ({"provenance": "pipeline:markers@"}, "provenance"),
    ],
)
def test_a_bad_value_is_refused_naming_its_parameter(arguments, field):
    with pytest.raises(InvalidInput) as refused:
        mining_filter(**arguments)
    assert refused.value.field == field


def graph():
    """s1 a person's accepted claim, s2 a pipeline's pending suggestion, s3 a pipeline's accepted premise;
    a2 (suggested) joins s2 → s1, a3 (accepted) joins s3 → s1."""
    statements = [
        {"id": "s1", "status": "accepted"},
        {"id": "s2", "status": "suggested"},
        {"id": "s3", "status": "accepted"},
    ]
    applications = [{"id": "a2", "status": "suggested"}, {"id": "a3", "status": "accepted"}]
    edges = [
        {"application_id": "a2", "statement_id": "s2", "role": "antecedent"},
        {"application_id": "a2", "statement_id": "s1", "role": "consequent"},
        {"application_id": "a3", "statement_id": "s3", "role": "antecedent"},
        {"application_id": "a3", "statement_id": "s1", "role": "consequent"},
    ]
    anchors = [{"statement_id": ident} for ident in ("s1", "s2", "s3")]
    pipelines = {"s2": ("markers", "2"), "a2": ("markers", "2"), "s3": ("markers", "1"), "a3": ("markers", "1")}
    return {
        "statements": statements,
        "scheme_applications": applications,
        "edges": edges,
        "anchors": anchors,
        "pipelines": pipelines,
    }


def kept(mining):
    filtered = filter_graph(graph(), mining)
    return (
        [row["id"] for row in filtered["statements"]],
        [row["id"] for row in filtered["scheme_applications"]],
        sorted({row["statement_id"] for row in filtered["anchors"]}),
        sorted({row["application_id"] for row in filtered["edges"]}),
    )


def test_suggestions_and_what_hangs_on_them_are_left_out_unless_asked():
    assert kept(mining_filter()) == (["s1", "s3"], ["a3"], ["s1", "s3"], ["a3"])
    assert kept(mining_filter(include="suggestions")) == (
        ["s1", "s2", "s3"],
        ["a2", "a3"],
        ["s1", "s2", "s3"],
        ["a2", "a3"],
    )


def test_status_and_provenance_filters():
    assert kept(mining_filter(include="suggestions", status="suggested")) == (
        ["s2"],
        ["a2"],
        ["s2"],
        ["a2"],
    )  # s2 → a2 only
    assert kept(mining_filter(provenance="person")) == (["s1"], [], ["s1"], [])
    assert kept(mining_filter(include="suggestions", provenance="pipeline:markers@2"))[0] == ["s2"]
    assert kept(mining_filter(include="suggestions", provenance="pipeline:markers"))[0] == ["s2", "s3"]
    assert kept(mining_filter(provenance="person,pipeline:markers@1"))[:2] == (["s1", "s3"], ["a3"])


def test_provenance_is_spelled_as_the_filter_takes_it():
    assert provenance_of(None) == "person"
    assert provenance_of(("markers", "1.0")) == "pipeline:markers@1.0"

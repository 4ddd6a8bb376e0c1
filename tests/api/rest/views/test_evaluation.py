"""GET /api/v1/maps/{id}/evaluation/: semantics, acceptance, diagnostics, visibility and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.rest.conftest import problem
from tests.argmap.semantics.worked_example import build_worked_example


@pytest.fixture
def example(argument_map, owner):
    return build_worked_example(argument_map, actor=owner)


def url(argument_map, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/maps/{argument_map.pk}/evaluation/" + (f"?{query}" if query else "")


def test_grounded_by_default_with_labels_counts_and_diagnostics(api, argument_map, example):
    response = api.get(url(argument_map))
    assert response.status_code == 200
    body = response.json()
    assert body["semantics"] == "grounded"
    assert body["statements"][str(example.R.pk)] == "OUT"
    assert body["statements"][str(example.U.pk)] == "UNDEC"
    assert body["inferences"][str(example.I1.pk)] == "UNDEC"
    assert body["counts"] == {"IN": 4, "OUT": 1, "UNDEC": 2}
    assert [d["id"] for d in body["diagnostics"]["unanswered_attacks"]] == [str(example.K2.pk)]


def test_preferred_with_one_statements_acceptance(api, argument_map, example):
    body = api.get(url(argument_map, semantics="preferred", statement=example.W.pk)).json()
    assert len(body["extensions"]) == 2
    assert body["statement"] == {"id": str(example.W.pk), "credulous": True, "sceptical": False}


def test_complete_lists_the_grounded_and_both_preferred_extensions(api, argument_map, example):
    """U and W attack each other: complete extensions are the grounded one and each side's (ASPARTIX's answer)."""
    response = api.get(url(argument_map, semantics="complete", statement=example.W.pk))
    assert response.status_code == 200
    body = response.json()
    grounded = api.get(url(argument_map)).json()
    preferred = api.get(url(argument_map, semantics="preferred")).json()
    assert len(body["extensions"]) == 3
    assert min(body["extensions"], key=len) == grounded["extensions"][0]
    assert sorted(map(sorted, preferred["extensions"])) == sorted(
        sorted(e) for e in body["extensions"] if len(e) > len(grounded["extensions"][0])
    )
    assert body["statements"] == grounded["statements"]
    assert body["statement"] == {"id": str(example.W.pk), "credulous": True, "sceptical": False}


def test_support_semantics(api, argument_map, example):
    body = api.get(url(argument_map, semantics="support")).json()
    assert body["statements"][str(example.C.pk)] == "UNDEC"
    assert body["extensions"] is None


def test_bad_semantics_and_a_malformed_statement_are_400_and_an_unknown_statement_404(api, argument_map, example):
    assert "semantics" in problem(api.get(url(argument_map, semantics="ideal")))["detail"]
    response = api.get(url(argument_map, statement="not-a-statement"))
    assert response.status_code == 400
    problem(response)
    unknown = api.get(url(argument_map, statement="c65370cc-49ae-12a2-a5cb-31fa66f63c5d"))
    assert unknown.status_code == 404 and problem(unknown)["errors"] == {"statement": [problem(unknown)["detail"]]}


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_map_is_not_found_for_non_members(as_user, argument_map, example, who):
    response = as_user(who).get(url(argument_map))
    assert response.status_code == 404
    problem(response)


def test_viewer_may_evaluate(as_user, argument_map, example):
    assert as_user("viewer").get(url(argument_map)).status_code == 200


@pytest.mark.parametrize("semantics", ["grounded", "preferred", "stable", "support"])
def test_fixed_number_of_queries(api, argument_map, example, semantics):
    from tests.factories import make_statement

    for i in range(25):
        make_statement(argument_map, text=f"extra {i}")
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url(argument_map, semantics=semantics)).status_code == 200
    assert len(queries) <= 14

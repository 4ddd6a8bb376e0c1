"""Scheme rules (argmap/rules/schemes.py): lookup by key and scheme–type matching, alike at every door."""

import pytest

from argmap import services
from argmap.errors import InvalidInput, RuleViolation
from argmap.models import Scheme
from argmap.rules import scheme_by_key, scheme_catalogue
from tests.argmap.rules.doors import Case, assert_same_refusal, cases_by_door, payload

CASES = [
    # AIF cannot express either: a scheme name that does not fit its S-node is kept in the note.
    Case(
        "scheme_matches_type",
        RuleViolation,
        service=lambda n: services.create_scheme_application(
            actor=None, argument_map=n.argument_map, type="conflict", scheme=Scheme.objects.get(key="expert_opinion")
        ),
        payload=lambda n: payload(
            [("k", "antecedent", "a"), ("k", "consequent", "b")],
            applications={"k": "conflict"},
            fields={"k": {"scheme": "expert_opinion"}},
        ),
        argdown='[A]: a\n[B]: b\n// argmap: conflict C1: [A] -> [B] {"scheme": "expert_opinion"}\n',
    ),
    Case(
        "invalid",
        InvalidInput,
        # the single writes take a Scheme; REST and GraphQL find it with scheme_by_key
        service=lambda n: scheme_by_key("astrology"),
        payload=lambda n: payload(
            [("i", "antecedent", "a"), ("i", "consequent", "b")],
            applications={"i": "inference"},
            fields={"i": {"scheme": "astrology"}},
        ),
        argdown='[A]: a\n[B]: b\n// argmap: conflict C1: [A] -> [B] {"scheme": "astrology"}\n',
        label="unknown_scheme",
    ),
]


@cases_by_door(CASES)
def test_a_scheme_rule_refuses_alike_at_every_door(nodes, case, door):
    assert_same_refusal(case, door, nodes)


def test_scheme_by_key_with_and_without_a_catalogue(db):
    catalogue = scheme_catalogue()
    assert scheme_by_key("expert_opinion") == catalogue["expert_opinion"]
    assert scheme_by_key("expert_opinion", catalogue=catalogue).key == "expert_opinion"
    assert scheme_by_key(None) is None and scheme_by_key("") is None
    with pytest.raises(InvalidInput) as refused:
        scheme_by_key("astrology", field="schemeKey", catalogue=catalogue)
    assert refused.value.field == "schemeKey"

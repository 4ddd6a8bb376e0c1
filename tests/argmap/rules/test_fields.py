"""Field rules (argmap/rules/fields.py): one refusal for the same bad field at every door."""

import pytest

from argmap import services
from argmap.errors import InvalidInput
from argmap.models import ReviewStatus
from argmap.rules import require_choice, require_slug, require_text
from tests.argmap.rules.doors import Case, aif, assert_same_refusal, cases_by_door, payload

CASES = [
    Case(
        "invalid",
        InvalidInput,
        service=lambda n: services.create_statement(actor=None, argument_map=n.argument_map, kind="claim", text="  "),
        payload=lambda n: payload(statements=("a",), fields={"a": {"text": "  "}}),
        aif=aif({"a": "I"}, fields={"a": {"text": "  "}}),
        argdown='[A]: a\n    -> [B]\n[B]: b #claim {"text": "  "}\n',  # without text a statement takes its title
        label="text",
    ),
    Case(
        "invalid",
        InvalidInput,
        service=lambda n: services.create_statement(
            actor=None, argument_map=n.argument_map, kind="claim", text="a", status="maybe"
        ),
        payload=lambda n: payload(statements=("a",), fields={"a": {"status": "maybe"}}),
        aif=aif({"a": "I"}, fields={"a": {"argmap": {"status": "maybe"}}}),
        argdown='[A]: a {"status": "maybe"}\n',
        label="choice",
    ),
    Case(
        "invalid",
        InvalidInput,
        service=lambda n: services.create_tag(actor=None, workspace=n.workspace, slug="not a slug!"),
        payload=lambda n: payload(statements=("a",), fields={"a": {"tags": ["not a slug!"]}}),
        aif=aif({"a": "I"}, fields={"a": {"argmap": {"tags": ["not a slug!"]}}}),
        argdown='[A]: a {"tags": ["not a slug!"]}\n',
        label="slug",
    ),
]


@cases_by_door(CASES)
def test_a_field_rule_refuses_alike_at_every_door(nodes, case, door):
    assert_same_refusal(case, door, nodes)


def test_field_rules_name_the_field():
    assert require_text(None, field="gloss", blank=True) == ""
    assert require_choice("draft", ReviewStatus, field="status") == "draft"
    assert require_slug("cq-expert_1", field="tag") == "cq-expert_1"
    for call in (
        lambda: require_text("", field="text"),
        lambda: require_text(None, field="text"),
        lambda: require_text(3, field="text", blank=True),
        lambda: require_text("a\x00b", field="text"),
        lambda: require_choice(["draft"], ReviewStatus, field="status"),
        lambda: require_slug("x" * 81, field="tag"),
    ):
        with pytest.raises(InvalidInput) as refused:
            call()
        assert refused.value.field in {"text", "status", "tag"} and refused.value.rule == "invalid"

"""Text hygiene for every GraphQL operation: one pass over all string arguments and variables.

A validation rule rather than a check per field, so a field added tomorrow is covered too:
every string literal in any argument (input objects and lists included) and every string in
the request's variables passes :func:`argmap.rules.text_fault`. A refusal is a validation
error with ``extensions.code`` ``VALIDATION`` and ``field`` naming the argument (``text``,
``filter.nameContains``) or the variable (``$input.text``); nothing is resolved, nothing written.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import GraphQLError, ListValueNode, ObjectValueNode, StringValueNode, ValidationRule

from argmap.rules import find_text_fault, text_fault


def _refusal(where: str, fault: str, node=None) -> GraphQLError:
    return GraphQLError(f"{where} {fault}", node, extensions={"code": "VALIDATION", "field": where})


def variables_text_fault(variables: Mapping) -> tuple[str, str] | None:
    """Where and what the first NUL or lone surrogate among the request's variables is (``$name…``), if any."""
    return find_text_fault({f"${name}": value for name, value in variables.items()})


def text_hygiene_rule(variables: Mapping | None) -> type[ValidationRule]:
    """A validation rule refusing NUL and lone surrogates in ``variables`` and in the document's arguments."""
    variables = variables if isinstance(variables, Mapping) else {}

    class TextHygiene(ValidationRule):
        def enter_document(self, *_):
            found = variables_text_fault(variables)
            if found is not None:
                self.report_error(_refusal(*found))

        def enter_argument(self, node, *_):
            pending = [(node.name.value, node.value)]
            while pending:
                where, value = pending.pop()
                if isinstance(value, StringValueNode):
                    fault = text_fault(value.value)
                    if fault is not None:
                        self.report_error(_refusal(where, fault, value))
                        return
                elif isinstance(value, ObjectValueNode):
                    pending.extend((f"{where}.{field.name.value}", field.value) for field in value.fields)
                elif isinstance(value, ListValueNode):
                    pending.extend((f"{where}[{i}]", item) for i, item in enumerate(value.values))

    return TextHygiene

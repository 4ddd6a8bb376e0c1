"""Dung semantics on textbook frameworks, and cross-checked against PyArg (an independent solver)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import AbstractArgumentationFramework
from py_arg.abstract_argumentation_classes.argument import Argument
from py_arg.abstract_argumentation_classes.defeat import Defeat
from py_arg.algorithms.semantics.get_complete_extensions import get_complete_extensions
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

from argmap.semantics import dung
from argmap.semantics.dung import Framework, FrameworkTooLarge, Label


def af(arguments: str, *attacks: str) -> Framework:
    return Framework(list(arguments), {(a[0], a[1]) for a in attacks})


def ext(*members: str) -> frozenset:
    return frozenset(members)


def test_unattacked_argument_is_in_and_defeats_its_target():
    framework = af("ab", "ab")
    assert dung.grounded_labelling(framework) == {"a": Label.IN, "b": Label.OUT}


def test_reinstatement_chain():
    framework = af("abc", "ab", "bc")
    assert dung.grounded_labelling(framework) == {"a": Label.IN, "b": Label.OUT, "c": Label.IN}
    assert dung.preferred_extensions(framework) == [ext("a", "c")]
    assert dung.stable_extensions(framework) == [ext("a", "c")]


def test_even_cycle_grounded_undecided_two_preferred_and_stable():
    framework = af("ab", "ab", "ba")
    assert set(dung.grounded_labelling(framework).values()) == {Label.UNDEC}
    assert set(dung.preferred_extensions(framework)) == {ext("a"), ext("b")}
    assert set(dung.stable_extensions(framework)) == {ext("a"), ext("b")}
    assert dung.acceptance(framework, "a", "preferred") == {"credulous": True, "sceptical": False, "extensions": 2}


def test_odd_cycle_has_empty_preferred_and_no_stable_extension():
    framework = af("abc", "ab", "bc", "ca")
    assert set(dung.grounded_labelling(framework).values()) == {Label.UNDEC}
    assert dung.preferred_extensions(framework) == [ext()]
    assert dung.stable_extensions(framework) == []
    assert dung.acceptance(framework, "a", "stable") == {"credulous": False, "sceptical": False, "extensions": 0}


def test_self_attacking_argument_is_never_accepted_but_its_victim_can_be_defended():
    framework = af("abc", "aa", "ab", "cb")
    assert dung.grounded_labelling(framework) == {"a": Label.UNDEC, "b": Label.OUT, "c": Label.IN}
    assert dung.preferred_extensions(framework) == [ext("c")]
    # a is neither in the extension nor attacked by it: no stable extension.
    assert dung.stable_extensions(framework) == []


def test_floating_reinstatement_preferred_is_sceptical_where_grounded_is_not():
    # a and b attack each other, both attack c, c attacks d: d is in every preferred extension.
    framework = af("abcd", "ab", "ba", "ac", "bc", "cd")
    assert dung.grounded_labelling(framework)["d"] == Label.UNDEC
    assert set(dung.preferred_extensions(framework)) == {ext("a", "d"), ext("b", "d")}
    assert dung.acceptance(framework, "d", "preferred")["sceptical"] is True
    assert dung.summary_labelling(framework, dung.preferred_extensions(framework))["c"] == Label.OUT


def test_attacks_between_unknown_arguments_are_refused():
    with pytest.raises(Exception, match="not in the framework"):
        Framework(["a"], {("a", "z")})


def test_unknown_semantics_is_a_clear_error():
    with pytest.raises(dung.InvalidInput, match="Unknown semantics"):
        dung.extensions(af("a"), "ideal")


def test_exponential_semantics_refuse_beyond_the_size_limit(monkeypatch):
    monkeypatch.setattr(dung, "MAX_UNDECIDED_ARGUMENTS", 5)
    pairs = [(f"x{i}", f"y{i}") for i in range(3)]
    arguments = [a for pair in pairs for a in pair]
    attacks = {(x, y) for x, y in pairs} | {(y, x) for x, y in pairs}
    framework = Framework(arguments, attacks)
    with pytest.raises(FrameworkTooLarge) as refused:
        dung.preferred_extensions(framework)
    assert refused.value.detail == {"undecided": 6, "limit": 5}
    assert dung.grounded_labelling(framework)["x0"] == Label.UNDEC


def test_step_budget_stops_a_runaway_search(monkeypatch):
    monkeypatch.setattr(dung, "MAX_SEARCH_STEPS", 50)
    pairs = [(f"x{i}", f"y{i}") for i in range(10)]
    framework = Framework([a for pair in pairs for a in pair], {(x, y) for x, y in pairs} | {(y, x) for x, y in pairs})
    with pytest.raises(FrameworkTooLarge, match="gave up after 50 steps"):
        dung.stable_extensions(framework)


def test_grounded_is_linear_on_a_long_chain():
    n = 100_000
    arguments = list(range(n))
    framework = Framework(arguments, {(i, i + 1) for i in range(n - 1)})
    labels = dung.grounded_labelling(framework)
    assert labels[n - 1] == (Label.IN if (n - 1) % 2 == 0 else Label.OUT)


@st.composite
def random_frameworks(draw):
    size = draw(st.integers(min_value=0, max_value=9))
    names = [f"a{i}" for i in range(size)]
    pairs = [(a, b) for a in names for b in names]
    attacks = draw(st.sets(st.sampled_from(pairs), max_size=min(len(pairs), 3 * size))) if pairs else set()
    return names, attacks


def pyarg(names, attacks):
    arguments = {name: Argument(name) for name in names}
    defeats = [Defeat(arguments[a], arguments[b]) for a, b in sorted(attacks)]
    return AbstractArgumentationFramework("random", list(arguments.values()), defeats)


def names_of(extension) -> frozenset:
    return frozenset(argument.name for argument in extension)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_frameworks())
def test_agrees_with_pyarg_on_random_frameworks(framework_parts):
    names, attacks = framework_parts
    ours = Framework(names, attacks)
    theirs = pyarg(names, attacks)
    assert dung.grounded_extension(ours) == names_of(get_grounded_extension(theirs))
    assert set(dung.preferred_extensions(ours)) == {names_of(e) for e in get_preferred_extensions(theirs)}
    assert set(dung.stable_extensions(ours)) == {names_of(e) for e in get_stable_extensions(theirs)}
    complete = dung.complete_extensions(ours)
    assert len(complete) == len(set(complete))
    assert set(complete) == {names_of(e) for e in get_complete_extensions(theirs)}

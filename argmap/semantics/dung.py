"""Abstract argumentation frameworks (Dung 1995) and their semantics.

Pure Python, no database. Arguments are any hashable values; an attack is a
pair ``(attacker, attacked)``. The grounded labelling is computed in linear
time with a queue. Preferred and stable extensions are exponential in the
worst case, so they are searched only over the arguments the grounded
labelling leaves undecided (every preferred extension contains the grounded
one and excludes what it defeats), with a size limit and a step budget that
raise :class:`FrameworkTooLarge` instead of running away.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from itertools import accumulate, chain, repeat

from argmap.errors import InvalidInput

#: The most undecided arguments (after the grounded labelling) the exponential semantics will search over.
MAX_UNDECIDED_ARGUMENTS = 200
#: The most search steps (labelling decisions) the exponential semantics may take.
MAX_SEARCH_STEPS = 200_000


class Label(StrEnum):
    IN = "IN"
    OUT = "OUT"
    UNDEC = "UNDEC"


class FrameworkTooLarge(InvalidInput):
    """The framework is too large or too tangled for an exponential semantics; grounded still works."""

    code = "framework_too_large"
    status = 400


@dataclass
class Framework:
    """A Dung framework ``(arguments, attacks)``; attacks between unknown arguments are refused.

    Arguments are mapped to their positions once, here; the adjacency is kept
    as one list of positions grouped by attacker (compressed rows), so the grounded labelling of a million attacks
    hashes each argument twice rather than walking dicts keyed by tuples. The
    dicts of lists keyed by argument (``attackers``, ``attacked_by``), which
    only the exponential semantics walk, are built on first use.
    """

    arguments: list[Hashable]
    attacks: set[tuple[Hashable, Hashable]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.arguments = list(dict.fromkeys(self.arguments))
        self.attacks = set(self.attacks)
        #: argument → its position in ``arguments``
        self.position: dict[Hashable, int] = dict(zip(self.arguments, range(len(self.arguments)), strict=True))
        try:
            # One C-level pass over the attack pairs; even positions are attackers, odd ones attacked.
            endpoints = list(map(self.position.__getitem__, chain.from_iterable(self.attacks)))
        except KeyError:
            attacker, attacked = next(
                (a, b) for a, b in self.attacks if a not in self.position or b not in self.position
            )
            raise InvalidInput(
                f"The attack {attacker!r} → {attacked!r} names an argument not in the framework."
            ) from None
        if len(endpoints) != 2 * len(self.attacks):
            raise InvalidInput("Every attack must be a pair (attacker, attacked).")
        # Compressed adjacency, built by C-level sorting rather than a Python loop of appends: the arguments
        # position i attacks are attacked_positions[attack_start[i]:attack_start[i + 1]].
        attackers, attacked = endpoints[0::2], endpoints[1::2]
        by_attacker = sorted(range(len(attackers)), key=attackers.__getitem__)
        n = len(self.arguments)
        #: the attacked positions, grouped by attacker position
        self.attacked_positions: list[int] = list(map(attacked.__getitem__, by_attacker))
        #: where each attacker's group starts in ``attacked_positions`` (n + 1 entries)
        self.attack_start: list[int] = [0, *accumulate(map(Counter(attackers).get, range(n), repeat(0)))]
        #: position → how many arguments attack it
        self.attacker_counts: list[int] = list(map(Counter(attacked).get, range(n), repeat(0)))

    def _attacked_by_position(self) -> list[list[int]]:
        targets, start = self.attacked_positions, self.attack_start
        return [targets[start[i] : start[i + 1]] for i in range(len(self.arguments))]

    # Both dicts list neighbours by argument position: set order varies between processes, argument
    # order makes every walk of the exponential semantics deterministic.
    @cached_property
    def attackers(self) -> dict[Hashable, list[Hashable]]:
        by_position: list[list[int]] = [[] for _ in self.arguments]
        for attacker, targets in enumerate(self._attacked_by_position()):
            for attacked in targets:
                by_position[attacked].append(attacker)
        arguments = self.arguments
        return {arguments[i]: [arguments[j] for j in found] for i, found in enumerate(by_position)}

    @cached_property
    def attacked_by(self) -> dict[Hashable, list[Hashable]]:
        arguments = self.arguments
        return {
            a: [arguments[j] for j in sorted(targets)]
            for a, targets in zip(arguments, self._attacked_by_position(), strict=True)
        }


_LABEL_OF_CODE = (Label.UNDEC, Label.IN, Label.OUT)


def grounded_labelling(framework: Framework) -> dict[Hashable, Label]:
    """The grounded labelling, in time linear in arguments + attacks.

    An argument is IN once every attacker is OUT, OUT once some attacker is
    IN; what never settles is UNDEC. Each argument keeps a count of attackers
    not yet OUT; it enters the queue when that count reaches zero. The walk
    runs over argument positions with labels coded 0 UNDEC, 1 IN, 2 OUT.
    """
    targets, start = framework.attacked_positions, framework.attack_start
    live_attackers = list(framework.attacker_counts)
    label = [0 if count else 1 for count in live_attackers]
    queue = deque(i for i, count in enumerate(live_attackers) if count == 0)
    while queue:
        argument = queue.popleft()
        for attacked in targets[start[argument] : start[argument + 1]]:
            if label[attacked]:
                continue
            label[attacked] = 2
            for next_attacked in targets[start[attacked] : start[attacked + 1]]:
                if label[next_attacked]:
                    continue
                live_attackers[next_attacked] -= 1
                if live_attackers[next_attacked] == 0:
                    label[next_attacked] = 1
                    queue.append(next_attacked)
    return dict(zip(framework.arguments, map(_LABEL_OF_CODE.__getitem__, label), strict=True))


def grounded_extension(framework: Framework) -> frozenset:
    return frozenset(a for a, lab in grounded_labelling(framework).items() if lab == Label.IN)


def preferred_extensions(framework: Framework) -> list[frozenset]:
    """All preferred extensions (maximal admissible sets), in a deterministic order."""
    return _PreferredSearch(framework).run()


def complete_extensions(framework: Framework) -> list[frozenset]:
    """All complete extensions: admissible sets that contain every argument they defend. The grounded
    extension is the least of them and the preferred ones the maximal; the search is the preferred one's,
    keeping every admissible set it reaches (it reaches all of them) instead of the maximal ones only."""
    found = []
    for extension in _PreferredSearch(framework).admissible_sets():
        defeated = {b for a in extension for b in framework.attacked_by[a]}
        defended = {a for a in framework.arguments if all(b in defeated for b in framework.attackers[a])}
        if defended == extension:
            found.append(extension)
    return found


def stable_extensions(framework: Framework) -> list[frozenset]:
    """The preferred extensions that attack every argument outside them (every stable extension is preferred)."""
    stable = []
    for extension in preferred_extensions(framework):
        defeated = {b for a in extension for b in framework.attacked_by[a]}
        if len(extension) + len(defeated - extension) == len(framework.arguments):
            stable.append(extension)
    return stable


def labelling_of(framework: Framework, extension: frozenset) -> dict[Hashable, Label]:
    """The complete labelling an extension induces: IN members, OUT what they attack, UNDEC the rest."""
    defeated = {b for a in extension for b in framework.attacked_by[a]}
    return {a: Label.IN if a in extension else Label.OUT if a in defeated else Label.UNDEC for a in framework.arguments}


def extensions(framework: Framework, semantics: str) -> list[frozenset]:
    if semantics == "grounded":
        return [grounded_extension(framework)]
    if semantics == "preferred":
        return preferred_extensions(framework)
    if semantics == "stable":
        return stable_extensions(framework)
    if semantics == "complete":
        return complete_extensions(framework)
    raise InvalidInput(
        f"Unknown semantics {semantics!r}: use grounded, complete, preferred or stable.",
        field="semantics",
        rule="invalid",
    )


def acceptance(framework: Framework, argument: Hashable, semantics: str) -> dict[str, bool | int]:
    """Credulous (in some extension) and sceptical (in every extension) acceptance of one argument.

    With no extension at all (stable semantics on an odd cycle) nothing is
    accepted, sceptically included: we do not report the vacuous truth.
    """
    if argument not in framework.position:
        raise InvalidInput(f"{argument!r} is not an argument of this framework.", field="statement")
    found = extensions(framework, semantics)
    return {
        "credulous": any(argument in e for e in found),
        "sceptical": bool(found) and all(argument in e for e in found),
        "extensions": len(found),
    }


def summary_labelling(framework: Framework, found: Iterable[frozenset]) -> dict[Hashable, Label]:
    """One label per argument over several extensions: IN in all, OUT in all, else UNDEC (none: all UNDEC)."""
    labellings = [labelling_of(framework, e) for e in found]
    if not labellings:
        return {a: Label.UNDEC for a in framework.arguments}
    result = {}
    for a in framework.arguments:
        labels = {lab[a] for lab in labellings}
        result[a] = labels.pop() if len(labels) == 1 else Label.UNDEC
    return result


class _PreferredSearch:
    """Backtracking over IN / OUT / MUST_OUT / UNDEC labels (Nofal, Atkinson & Dunne 2014, simplified).

    The grounded labelling fixes part of every preferred extension; the search
    branches only on the rest. A branch dies as soon as some argument that
    attacks the tentative IN set has no attacker left that could still be IN.
    """

    BLANK, IN, OUT, MUST_OUT, UNDEC = range(5)

    def __init__(self, framework: Framework):
        self.framework = framework
        self.grounded = grounded_labelling(framework)
        self.open = [a for a in framework.arguments if self.grounded[a] == Label.UNDEC]
        if len(self.open) > MAX_UNDECIDED_ARGUMENTS:
            raise FrameworkTooLarge(
                f"{len(self.open)} arguments stay undecided under grounded semantics; preferred and stable "
                f"semantics search at most {MAX_UNDECIDED_ARGUMENTS}. Use grounded or support semantics.",
                rule="framework_too_large",
                detail={"undecided": len(self.open), "limit": MAX_UNDECIDED_ARGUMENTS},
            )
        self.steps = 0
        self.found: list[frozenset] = []

    def run(self) -> list[frozenset]:
        """The preferred extensions: the maximal admissible sets."""
        found = self.admissible_sets()
        return [e for e in found if not any(e < other for other in found)]

    def admissible_sets(self) -> list[frozenset]:
        """Every admissible set that contains the grounded extension, in a deterministic order."""
        base = frozenset(a for a, lab in self.grounded.items() if lab == Label.IN)
        if not self.open:
            return [base]
        open_set = set(self.open)
        # Attacks among undecided arguments only: grounded IN arguments attack none of them, and
        # grounded OUT arguments never enter an extension, so they cannot defend or threaten one.
        self.attackers = {a: [b for b in self.framework.attackers[a] if b in open_set] for a in self.open}
        self.attacks = {a: [b for b in self.framework.attacked_by[a] if b in open_set] for a in self.open}
        labels = dict.fromkeys(self.open, self.BLANK)
        for a in self.open:
            if a in self.attackers[a]:
                labels[a] = self.UNDEC
        self._search(labels)
        unique = sorted(set(self.found), key=lambda e: sorted(map(repr, e)))
        return [base | e for e in unique]

    def _search(self, labels: dict) -> None:
        self.steps += 1
        if self.steps > MAX_SEARCH_STEPS:
            raise FrameworkTooLarge(
                f"Preferred/stable search gave up after {MAX_SEARCH_STEPS} steps on {len(self.open)} undecided "
                "arguments. Use grounded or support semantics.",
                rule="framework_too_large",
                detail={"undecided": len(self.open), "steps": MAX_SEARCH_STEPS},
            )
        for a, lab in labels.items():
            if lab == self.MUST_OUT and not any(labels[b] == self.BLANK for b in self.attackers[a]):
                return
        blank = self._choose(labels)
        if blank is None:
            # No blank left and no MUST_OUT survived the check above: the IN set is admissible.
            self.found.append(frozenset(a for a, lab in labels.items() if lab == self.IN))
            return
        self._search(self._label_in(labels, blank))
        undecided = dict(labels)
        undecided[blank] = self.UNDEC
        self._search(undecided)

    def _choose(self, labels: dict):
        """Prefer a blank argument that attacks a MUST_OUT one: it can rescue the branch."""
        fallback = None
        for a, lab in labels.items():
            if lab != self.BLANK:
                continue
            if any(labels[b] == self.MUST_OUT for b in self.attacks[a]):
                return a
            if fallback is None:
                fallback = a
        return fallback

    def _label_in(self, labels: dict, argument) -> dict:
        new = dict(labels)
        new[argument] = self.IN
        for b in self.attacks[argument]:
            new[b] = self.OUT
        for b in self.attackers[argument]:
            if new[b] != self.OUT:
                new[b] = self.MUST_OUT
        return new

"""What an annotator should look at next: gaps and loops in a map's argumentation.

* ``unsupported_claims``: claims that no inference or rephrase concludes and that cite no evidence.
* ``premises_without_evidence``: statements used as premises (or of kind premise) that nothing
  concludes and that cite no source.
* ``unanswered_attacks``: conflicts that nothing attacks back — neither the conflict itself nor
  any of its attackers is the target of another conflict.
* ``open_critical_questions``: inferences with a scheme whose critical questions are not answered:
  neither marked answered in the annotation screen (``CriticalQuestionAnswer``) nor answered by a
  conflict. A conflict on the inference, its premises or its conclusion answers a question
  when its note contains ``cq:<question key>`` or it carries the tag ``cq-<question key>``
  (e.g. ``cq:interference`` or ``cq-interference`` for cause-to-effect's third question).
* ``cycles``: strongly connected parts of the graph (support and attack edges alike), each
  with its statements and whether it runs through support only, attack only, or both.
"""

from __future__ import annotations

from collections import defaultdict

from .graph import APPLICATION, STATEMENT, ArgumentGraph, NodeRef


def diagnostics(
    graph: ArgumentGraph,
    *,
    critical_questions: dict[str, list[dict]],
    application_tags: dict[str, list[str]] | None = None,
    recorded_answers: dict[str, set[str]] | None = None,
) -> dict[str, list[dict]]:
    """``critical_questions``: scheme key → ``[{key, text}]``; ``application_tags``: application id → tag slugs;
    ``recorded_answers``: inference id → keys of the questions marked answered in the annotation screen."""
    application_tags = application_tags or {}
    recorded_answers = recorded_answers or {}
    concluding = graph.concluding()
    premises = graph.used_as_premise()
    attacks_on = graph.attacks_on()
    statements = graph.statements

    unsupported = [
        _statement(sid, row, "This claim has no argument for it and cites no evidence.")
        for sid, row in statements.items()
        if row["kind"] == "claim" and not concluding.get(sid) and sid not in graph.evidenced
    ]
    without_evidence = [
        _statement(sid, row, "This premise is not argued for and cites no source.")
        for sid, row in statements.items()
        if (sid in premises or row["kind"] == "premise") and not concluding.get(sid) and sid not in graph.evidenced
    ]
    unanswered = []
    for conflict in graph.of_type("conflict"):
        answered = attacks_on.get((APPLICATION, conflict)) or any(
            attacks_on.get(attacker) for attacker in graph.antecedents[conflict]
        )
        if not answered:
            target = graph.consequent[conflict]
            unanswered.append(
                {
                    "id": conflict,
                    "attackers": [ref[1] for ref in graph.antecedents[conflict]],
                    "target": target[1],
                    "target_family": target[0],
                    "message": "Nothing in the map answers this attack.",
                }
            )
    open_questions = []
    for inference in graph.of_type("inference"):
        scheme = graph.applications[inference].get("scheme")
        questions = critical_questions.get(scheme) or []
        if not questions:
            continue
        touched = [(APPLICATION, inference), *graph.antecedents[inference], graph.consequent[inference]]
        answers = set(recorded_answers.get(inference, ()))
        for node in touched:
            for conflict in attacks_on.get(node, []):
                note = graph.applications[conflict].get("note") or ""
                answers.update(q["key"] for q in questions if f"cq:{q['key']}" in note)
                answers.update(
                    tag.removeprefix("cq-") for tag in application_tags.get(conflict, []) if tag.startswith("cq-")
                )
        still_open = [q for q in questions if q["key"] not in answers]
        if still_open:
            open_questions.append(
                {
                    "id": inference,
                    "scheme": scheme,
                    "open": [{"key": q["key"], "text": q["text"]} for q in still_open],
                    "answered": sorted(answers & {q["key"] for q in questions}),
                    "message": f"{len(still_open)} of {len(questions)} critical questions of {scheme} are unanswered.",
                }
            )
    return {
        "unsupported_claims": unsupported,
        "premises_without_evidence": without_evidence,
        "unanswered_attacks": unanswered,
        "open_critical_questions": open_questions,
        "cycles": cycles(graph),
    }


def _statement(sid: str, row: dict, message: str) -> dict:
    return {"id": sid, "kind": row["kind"], "text": row["text"], "message": message}


def cycles(graph: ArgumentGraph) -> list[dict]:
    """Strongly connected components with more than one statement, or a statement reaching itself (Tarjan, iterative)."""
    successors: dict[NodeRef, list[tuple[NodeRef, str]]] = defaultdict(list)
    for aid, row in graph.applications.items():
        relation = "attack" if row["type"] == "conflict" else "support"
        if row["type"] == "preference":
            continue
        node = (APPLICATION, aid)
        for antecedent in graph.antecedents[aid]:
            successors[antecedent].append((node, relation))
        successors[node].append((graph.consequent[aid], relation))
    nodes = [(STATEMENT, sid) for sid in graph.statements] + [(APPLICATION, aid) for aid in graph.applications]
    index: dict[NodeRef, int] = {}
    low: dict[NodeRef, int] = {}
    on_stack: set[NodeRef] = set()
    stack: list[NodeRef] = []
    components: list[list[NodeRef]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = successors.get(node, [])
            if position < len(children):
                work.append((node, position + 1))
                child = children[position][0]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    found = []
    for component in components:
        members = set(component)
        if len(component) == 1:
            continue
        relations = {
            relation for node in component for successor, relation in successors.get(node, []) if successor in members
        }
        kind = "mixed" if len(relations) > 1 else f"{relations.pop()} only"
        found.append(
            {
                "statements": sorted(ref[1] for ref in component if ref[0] == STATEMENT),
                "applications": sorted(ref[1] for ref in component if ref[0] == APPLICATION),
                "kind": kind,
                "message": f"These statements depend on each other in a cycle ({kind}).",
            }
        )
    return found

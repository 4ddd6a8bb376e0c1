"""The official Argdown parser as a referee (``@argdown/cli`` 1.7.5's core and ``@argdown/core`` 2.0.1).

``config/scripts/ensure_argdown.sh`` (run by ``make test``) installs the pinned packages into ``var/node``;
:func:`official` runs ``config/argdown/referee.mjs`` once over a batch of texts and gives, per parser
version, the errors and the model it built. Tests skip with the reason when node is absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from argmap.interchange.argdown import KINDS

REPO = Path(__file__).resolve().parents[3]
HOME = REPO / "var" / "node"
SCRIPT = REPO / "config" / "argdown" / "referee.mjs"
VERSIONS = ("1.7.5", "2.0.1")


def _ready() -> str | None:
    """Why the referee cannot run, or None."""
    if shutil.which("node") is None:
        return "node is not installed (Debian's nodejs): the official Argdown parser cannot run"
    if not (HOME / "node_modules" / "@argdown" / "cli").is_dir():
        subprocess.run([str(REPO / "config" / "scripts" / "ensure_argdown.sh")], check=False, timeout=600)
    if not (HOME / "node_modules" / "@argdown" / "cli").is_dir():
        return f"the official Argdown parser is not installed in {HOME} (config/scripts/ensure_argdown.sh failed)"
    return None


def official(texts: dict[str, str]) -> dict[str, dict[str, dict]]:
    """``{name: text}`` → ``{name: {version: model}}`` from the official parsers (skips without node)."""
    reason = _ready()
    if reason:
        pytest.skip(reason)
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for i, (name, text) in enumerate(texts.items()):
            path = Path(folder) / f"{i}.argdown"
            path.write_text(text, encoding="utf-8")
            paths[str(path)] = name
        done = subprocess.run(
            ["node", str(SCRIPT)],
            input=json.dumps(list(paths)),
            capture_output=True,
            text=True,
            timeout=300,
            env={"ARGDOWN_HOME": str(HOME), "PATH": "/usr/bin:/bin"},
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    return {paths[path]: result for path, result in results.items()}


def counts_of_model(model: dict) -> dict:
    """What the official parser built: statements, arguments and relations by kind."""
    relations = Counter(r["kind"] for r in model["relations"])
    return {"statements": len(model["statements"]), "arguments": len(model["arguments"]), **relations}


def counts_of_graph(graph: dict) -> dict:
    """What the same counts should be for an argmap graph exported as Argdown: every statement, every inference
    as an argument, every conflict of one statement on a statement (attack) or an inference (undercut)."""
    statements = {row["id"] for row in graph["statements"]}
    types = {row["id"]: row["type"] for row in graph["scheme_applications"]}
    antecedents, consequent = Counter(), {}
    first = {}
    for edge in graph["edges"]:
        far = edge["statement_id"] or edge["other_application_id"]
        if edge["role"] == "antecedent":
            antecedents[edge["application_id"]] += 1
            first[edge["application_id"]] = far
        else:
            consequent[edge["application_id"]] = far
    targeted = set(consequent.values())
    counts = Counter(statements=len(statements), arguments=sum(1 for t in types.values() if t == "inference"))
    for ident, kind in types.items():
        if kind != "conflict" or antecedents[ident] != 1 or ident in targeted or first[ident] not in statements:
            continue
        target = consequent.get(ident)
        if target in statements:
            counts["attack"] += 1
        elif types.get(target) == "inference":
            counts["undercut"] += 1
    return dict(counts)


def assert_official_reads(texts: dict[str, str]) -> dict[str, dict[str, dict]]:
    """Both official parser versions read every text with 0 errors; their models, by name and version."""
    results = official(texts)
    for name, by_version in results.items():
        for version in VERSIONS:
            assert by_version[version]["errors"] == [], (name, version, by_version[version]["errors"][:5])
    return results


def assert_export_agrees(text: str, graph: dict, name: str = "export") -> dict:
    """An argmap export: 0 errors in both versions, and the official counts equal argmap's."""
    model = assert_official_reads({name: text})[name]
    expected = counts_of_graph(graph)
    for version in VERSIONS:
        assert counts_of_model(model[version]) == expected, version
    kinds = {title: set(row["tags"]) & set(KINDS) for title, row in model[VERSIONS[-1]]["statements"].items()}
    assert all(len(found) == 1 for found in kinds.values())
    return model

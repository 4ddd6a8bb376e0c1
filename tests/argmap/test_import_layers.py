"""The import route is one way: doors → argmap.interchange (parse, locate errors) → argmap.services (write).

Pure Python, no database: every ``import`` of every module under ``argmap/`` is read with ``ast``,
function-level imports included, so a loop hidden inside a function shows up too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "argmap"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.relative_to(ROOT).parts
    }


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The argmap modules ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _path(graph: dict[str, set[str]], start: str, goal_prefix: str) -> list[str] | None:
    """A chain of imports from ``start`` to a module under ``goal_prefix``, if there is one."""
    seen, stack = {start}, [[start]]
    while stack:
        chain = stack.pop()
        for target in sorted(graph.get(chain[-1], ())):
            if target == goal_prefix or target.startswith(goal_prefix + "."):
                return [*chain, target]
            if target not in seen:
                seen.add(target)
                stack.append([*chain, target])
    return None


def _in(package: str, name: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_walk_sees_function_level_and_relative_imports():
    graph = _graph()
    assert "argmap.services.anchors" in graph["argmap.services.bulk"]  # imported inside a method
    assert "argmap.interchange.aif" in graph["argmap.interchange.argdown"]  # from .aif import …


def test_no_import_cycle_between_services_and_interchange():
    graph = _graph()
    for name in sorted(graph):
        if _in("argmap.services", name):
            assert _path(graph, name, "argmap.interchange") is None, _path(graph, name, "argmap.interchange")


def test_parsers_and_exporters_do_not_import_the_services():
    """Only argmap.interchange.imports, the import door, writes through the services."""
    graph = _graph()
    for name, targets in graph.items():
        if _in("argmap.interchange", name) and name != "argmap.interchange.imports":
            assert not [t for t in targets if _in("argmap.services", t)], name


def test_the_rules_import_neither_services_nor_interchange():
    graph = _graph()
    for name in graph:
        if _in("argmap.rules", name):
            for forbidden in ("argmap.services", "argmap.interchange", "argmap.selectors"):
                assert _path(graph, name, forbidden) is None, _path(graph, name, forbidden)

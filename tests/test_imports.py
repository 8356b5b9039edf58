"""The import graph of detector/ and training/: no circles, and the runtime never needs training/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
           for folder in ("detector", "training") for p in (ROOT / folder).rglob("*.py")}


def _imports(name: str, path: Path, top_level_only: bool = False) -> set[str]:
    """Modules of MODULES that ``name`` imports, lazily inside functions too unless ``top_level_only``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{prefix}.{alias.name}"
                out.add(full if full in MODULES else prefix)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_no_import_circles_between_modules():
    """A module and one it imports (even inside a function) never import each other, through any
    chain of modules; packages' __init__ re-exports are left out (Python handles those)."""
    packages = {n for n, p in MODULES.items() if p.name == "__init__.py"}
    graph = {n: GRAPH[n] - packages for n in GRAPH if n not in packages}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            n = todo.pop()
            if n == goal:
                return True
            if n not in seen:
                seen.add(n)
                todo.extend(graph.get(n, ()))
        return False

    circles = sorted({tuple(sorted((a, b))) for a in graph for b in graph[a] if reaches(b, a)})
    assert circles == []


def test_the_runtime_imports_training_only_inside_the_training_commands():
    offenders = sorted((a, b) for a, deps in GRAPH.items() for b in deps
                       if a.startswith("detector") and b.startswith("training") and a != "detector.cli_training")
    assert offenders == []
    top = _imports("detector.cli_training", MODULES["detector.cli_training"], top_level_only=True)
    assert not [m for m in top if m.startswith("training")]

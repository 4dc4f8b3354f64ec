"""The layout's rules, checked: small modules, imports that go one way, private names kept private.

Imports inside functions count too: an import written inside a function to
dodge a cycle is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "careplan"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> list[tuple[str, list[str]]]:
    """(imported careplan module, names taken from it) for every import in the module, at any depth."""
    found = []
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith("careplan")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("careplan"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.append((sub, []) if sub in MODULES else (node.module, [alias.name]))
    return found


def _edges() -> dict[str, set[str]]:
    """Module -> careplan modules it imports. Importing careplan.a.b also runs careplan.a's __init__,
    so that counts as an import of careplan.a too (unless careplan.a is the importer's own package)."""
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        targets = set()
        for target, _ in _imports(name):
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            while target != "careplan":
                if target in MODULES and target != name and not name.startswith(target + "."):
                    targets.add(target)
                target = target.rsplit(".", 1)[0]
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _is_package_init(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def test_no_import_cycles() -> None:
    graph = _edges()
    # A package's __init__ re-exporting its own modules is not a cycle of design: leave those edges out.
    for name in graph:
        if _is_package_init(name):
            graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    assert _cycles(graph) == []


def test_no_module_is_over_the_limit() -> None:
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_private_names_stay_in_their_module() -> None:
    reached = [(name, target, n) for name in MODULES for target, names in _imports(name)
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert reached == []


def _private_attributes(name: str, source: str | None = None) -> list[tuple[str, str, int]]:
    """(careplan module, private name, line) for every `module._name` this module reads through
    a careplan module it imported (`from careplan.files import writefile` ... `writefile._x`)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8") if source is None else source)
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bound.update((a.asname, a.name) for a in node.names if a.asname and a.name in MODULES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("careplan"):
            bound.update((a.asname or a.name, f"{node.module}.{a.name}") for a in node.names
                         if f"{node.module}.{a.name}" in MODULES)
    return [(bound[node.value.id], node.attr, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
            and bound[node.value.id] != name and node.attr.startswith("_") and not node.attr.startswith("__")]


def test_private_names_are_not_reached_through_a_module() -> None:
    """Importing the module and reading `module._name` is the same reach as importing `_name`."""
    reached = {name: found for name in MODULES if (found := _private_attributes(name))}
    assert reached == {}


def test_the_checks_see_the_whole_package() -> None:
    """The rules above would pass on an empty list: make sure they read the real modules and their imports."""
    graph = _edges()
    assert {"careplan.cli", "careplan.planning.triage", "careplan.render.handout"} <= set(MODULES)
    assert any(graph.values())
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    reach = "from careplan.files import writefile\nimport careplan.render.fonts as f\nwritefile._x(f._y, writefile.z)\n"
    assert sorted(_private_attributes("careplan.errors", reach)) == [
        ("careplan.files.writefile", "_x", 3), ("careplan.render.fonts", "_y", 3)]
    assert _private_attributes("careplan.files.writefile", "from careplan.files import writefile\nwritefile._x\n") == []

"""The package's import graph has no cycles: data flows one way (STYLE.md:
file → reader → Article → engine → Result → reporter), and a function-level
import counts as much as one at the top of a module. Imports under
`if TYPE_CHECKING:` (annotations only) do not run and are not counted."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "provenance"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        edges = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    edges.add(sub if sub in files else target)
            elif isinstance(node, ast.Import):
                edges.update(a.name for a in node.names)
        graph[name] = {e for e in edges if e in files and e != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    graph = import_graph()
    loops = cycles(graph)
    detail = "\n".join(f"{c}: " + "; ".join(f"{m} -> {sorted(graph[m] & set(c))}" for m in c) for c in loops)
    assert not loops, f"import cycles:\n{detail}"


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_import_graph_sees_function_level_imports():
    graph = import_graph()
    assert "provenance.audit" in graph["provenance.cli"]          # imported inside _check()
    assert "provenance.ruleset" not in graph["provenance.checks.context"]   # TYPE_CHECKING only


def reachable(graph: dict[str, set[str]], start: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph[m])
    return seen


# What a reader must not import, directly or through another module: the
# language layer (the run hands the readers its PhraseBook) and everything
# that knows rules, checks, configuration or reports.
ABOVE_READERS = ("provenance.phrases", "provenance.language", "provenance.signals", "provenance.checks",
                 "provenance.ruleset", "provenance.engine", "provenance.run", "provenance.config",
                 "provenance.report", "provenance.audit", "provenance.cli", "provenance.fix")


def test_readers_import_no_language_or_rule_layer():
    graph = import_graph()
    readers = [m for m in graph if m.startswith("provenance.readers")]
    found = {m for m in reachable(graph, readers)
             if any(m == top or m.startswith(top + ".") for top in ABOVE_READERS)}
    why = {r: sorted(graph[r] & found) for r in readers if graph[r] & found}
    assert not found, f"readers reach {sorted(found)}: {why}"


def test_the_layer_check_sees_a_reader_importing_the_phrase_book():
    graph = {"provenance.readers.text": {"provenance.suppressions"},
             "provenance.suppressions": {"provenance.phrases"}, "provenance.phrases": set()}
    assert "provenance.phrases" in reachable(graph, ["provenance.readers.text"])


# The language layer is handed to readers and checks: it reaches neither,
# nor anything above them.
ABOVE_PHRASES = ("provenance.readers", "provenance.detect", "provenance.signals", "provenance.checks",
                 "provenance.ruleset", "provenance.engine", "provenance.run", "provenance.config",
                 "provenance.report", "provenance.audit", "provenance.cli", "provenance.fix",
                 "provenance.language")


def test_the_phrase_layer_imports_no_reader_or_rule_layer():
    graph = import_graph()
    phrases = [m for m in graph if m.startswith("provenance.phrases")]
    found = {m for m in reachable(graph, phrases)
             if any(m == top or m.startswith(top + ".") for top in ABOVE_PHRASES)}
    assert not found, f"the phrase layer reaches {sorted(found)}"

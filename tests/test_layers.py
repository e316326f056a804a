"""The modules of the pipeline import each other in layers: no cycle, counting
the imports inside functions too (a late import must not hide one)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute name an ``ImportFrom`` reads from."""
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the pipeline modules it imports (anywhere in its body)."""
    paths = {module_name(p): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(node, name, path.name == "__init__.py")
                # "from . import extract" imports a module; "from .x import f" imports x
                targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in paths else source
                           for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in paths:   # a name inside a module: the module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _package_edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Importing ``pipeline.a.b`` runs ``pipeline/a/__init__`` first: a module
    depends on the subpackages of what it imports too. Not on ``pipeline``
    itself: every module is inside it, and it imports the store only when
    ``pipeline.open_db`` is called."""
    edges = {name: set(targets) for name, targets in graph.items()}
    for name in graph:
        for target in graph[name]:
            parts = target.split(".")
            edges[name].update(p for p in (".".join(parts[:i]) for i in range(2, len(parts))) if p in graph and p != name
                               and not name.startswith(p + "."))
    return edges


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of modules (first = last), or None."""
    state: dict[str, int] = {}   # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_imports_in_every_form():
    graph = import_graph()
    assert "pipeline.lexicon" in graph["pipeline.places.mentions"]           # from ..lexicon import Lexicon
    assert "pipeline.extract" in graph["pipeline.language"]                  # from . import extract
    assert "pipeline.nlp.entity_ruler" in graph["pipeline.language"]         # from .nlp import entity_ruler
    assert "pipeline.language" in graph["pipeline.runner"]                   # inside a function


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_pipeline_module_imports_another_in_a_cycle():
    assert find_cycle(_package_edges(import_graph())) is None


def test_every_import_inside_a_function_says_why_it_is_deferred():
    """A late import is for a heavy dependency only (spaCy, DuckDB, Dask ...),
    and its line says which: never a way around a cycle."""
    silent = []
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)) and "#" not in lines[inner.lineno - 1]:
                        silent.append(f"{path.relative_to(PACKAGE.parent)}:{inner.lineno}")
    assert silent == []

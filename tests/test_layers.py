"""A baked project's packages layer: no package imports, directly or through others, a package
that imports it back.

A package is a top-level subpackage of the project package (`auth/`, `core/`, `db/`, ...); a
top-level module (`main.py`, `settings.py`, ...) is a node of its own, and so is a program a
package holds (its `__main__.py`, or a module with an `if __name__ == "__main__":` block, as
`users/initial_data.py`): run from the command line and imported by none of the package's
code, it stands at the top, like `main.py`. An import inside an `if TYPE_CHECKING:` block is
not an edge: it is how two models name each other for a two-way relationship, and nothing
runs it.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import Bake
from .matrix import SCENARIOS

BAKES: dict[str, dict[str, Any]] = {
    "default": SCENARIOS["default"].answers,
    "all-on": SCENARIOS["all-on"].answers,
    "all-on-filesystem": SCENARIOS["all-on-filesystem"].answers,
}

# Which nodes each node imports, and through which files (relative to the package).
Graph = dict[str, dict[str, list[str]]]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, leaving out the body of `if TYPE_CHECKING:` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def _node(root: Path, parts: tuple[str, ...], programs: set[tuple[str, ...]]) -> str | None:
    """The graph node a module of the package (its path parts below the package) belongs to:
    the program it is or is in, its top-level subpackage, or the top-level module itself.
    """
    if not parts:
        return None
    module = (*parts[:-1], parts[-1].removesuffix(".py"))
    for length in range(len(module), 0, -1):
        if module[:length] in programs:
            return ".".join(module[:length])
    first = parts[0]
    return first if (root / first).is_dir() else first.removesuffix(".py")


def _is_program(file: Path, tree: ast.Module) -> bool:
    """Whether the module is run as a program: a `__main__.py`, or one that checks for it."""
    return file.name == "__main__.py" or any(
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
        for node in tree.body
    )


def import_graph(root: Path) -> Graph:
    """Which nodes of the package at `root` import which others, through which of their files
    (a node's imports of itself left out).
    """
    package = root.name
    trees = {
        file: ast.parse(file.read_text(encoding="utf-8"), str(file))
        for file in sorted(root.rglob("*.py"))
    }
    programs = {
        (*file.relative_to(root).parent.parts, file.stem)
        for file, tree in trees.items()
        if file.parent != root and _is_program(file, tree)
    }
    graph: Graph = {}
    for file, tree in trees.items():
        relative = file.relative_to(root).parts
        source = _node(root, relative, programs)
        assert source is not None
        edges = graph.setdefault(source, {})
        here = list(relative[:-1])  # the module's own package, below the project package
        for statement in _imports(tree):
            targets: list[tuple[str, ...]] = []
            if isinstance(statement, ast.Import):
                targets = [tuple(alias.name.split(".")) for alias in statement.names]
                targets = [parts[1:] for parts in targets if parts[0] == package]
            elif statement.level:
                base = here[: len(here) - (statement.level - 1)] if statement.level > 1 else here
                module = tuple(statement.module.split(".")) if statement.module else ()
                if module:
                    targets = [(*base, *module)]
                else:  # from . import name: each name may be a module
                    targets = [(*base, alias.name) for alias in statement.names]
            elif statement.module and statement.module.split(".")[0] == package:
                module = tuple(statement.module.split(".")[1:])
                targets = [module] if module else [(alias.name,) for alias in statement.names]
            for parts in targets:
                path = (parts[0] + ".py",) if _is_module(root, parts) else parts
                target = _node(root, path, programs)
                if target is not None and target != source:
                    files = edges.setdefault(target, [])
                    if (name := "/".join(relative)) not in files:
                        files.append(name)
    return graph


def _is_module(root: Path, parts: tuple[str, ...]) -> bool:
    return len(parts) >= 1 and not (root / parts[0]).is_dir()


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle of the graph, as the nodes along it with the first repeated at the end."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_find_cycle_names_the_loop() -> None:
    graph: Graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": []}, "b": {}}) is None


def test_type_checking_imports_are_not_edges_and_programs_stand_apart(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    for name in ("a", "b"):
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
    (root / "a" / "models.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..settings import x\n"
        "if TYPE_CHECKING:\n    from ..b.models import B\n"
    )
    (root / "a" / "__main__.py").write_text("from .. import settings\nfrom ..b import models\n")
    (root / "b" / "models.py").write_text("from pkg.a import models\n")
    (root / "settings.py").write_text("")
    assert import_graph(root) == {
        "a": {"settings": ["a/models.py"]},
        "a.__main__": {"settings": ["a/__main__.py"], "b": ["a/__main__.py"]},
        "b": {"a": ["b/models.py"]},
        "settings": {},
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", BAKES)
def test_packages_import_one_another_without_a_cycle(bake: Bake, name: str) -> None:
    project = bake(BAKES[name])
    (root,) = (path for path in (project / "src").iterdir() if path.is_dir())
    graph = import_graph(root)
    cycle = find_cycle(graph)
    assert cycle is None, describe(graph, cycle)


def describe(graph: Graph, cycle: list[str]) -> str:
    """The cycle, and for each of its arrows the files that make it."""
    arrows = [
        f"  {source} -> {target}: {', '.join(graph[source][target])}"
        for source, target in itertools.pairwise(cycle)
    ]
    return "\n".join(["packages import one another: " + " -> ".join(cycle), *arrows])

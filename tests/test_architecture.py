"""The shape of the code: three layers (bot → rituals → storage), no import cycles, small modules.

The import graph is read from the source with ``ast`` for the packages the project
installs: every import that runs, at module level or inside a function (so an import
deferred to run time counts too); imports only for type checkers (``if TYPE_CHECKING:``)
do not run and do not count. ``greenroom demo`` and ``greenroom sandbox`` are commands of
the bot's command line, so ``bot.cli`` alone may reach up into ``sandbox`` (at run time).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "rituals", "storage", "sandbox")
MAX_LINES = 300

# A layer may not import these (as a prefix of the imported module's dotted name).
FORBIDDEN = {
    "storage": ("bot", "rituals", "sandbox"),
    "rituals": ("bot", "sandbox", "slack_sdk", "slack_bolt"),
    "bot.listeners": ("storage", "sqlalchemy"),
    "bot.views": ("storage", "sqlalchemy"),
    "bot": ("sandbox",),
}
ALLOWED = {("bot.cli", "sandbox")}

# Not yet moved onto the service layer (issue 13): each entry goes when its feature is
# ported, and the tests fail on an entry that no longer applies, so the lists only shrink.
PENDING_IMPORTS: set[str] = set()
PENDING_LONG: set[str] = set()
PENDING_CYCLES = [["sandbox.sandbox", "sandbox.standalone"]]


def _modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


MODULES = dict(_modules())


def _imports(name: str, path: Path, *, typing_too: bool = False) -> set[str]:
    """The project modules (and third-party top-level names) ``name`` imports."""
    tree = ast.parse(path.read_text(), filename=str(path))
    if not typing_too:  # drop what only type checkers import
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            for alias in node.names:  # "from pkg import module" imports pkg.module
                if f"{base}.{alias.name}" in MODULES:
                    found.add(f"{base}.{alias.name}")
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}
# The layers hold for type checkers too: a view naming a storage record depends on storage.
TYPED_GRAPH = {name: _imports(name, path, typing_too=True) for name, path in MODULES.items()}


def _layer(name: str) -> str | None:
    return next(
        (layer for layer in FORBIDDEN if name == layer or name.startswith(layer + ".")), None
    )


def _violations() -> list[str]:
    found = []
    for name, imported in TYPED_GRAPH.items():
        for layer, banned in FORBIDDEN.items():
            if not (name == layer or name.startswith(layer + ".")):
                continue
            for target in sorted(imported):
                if any(
                    name.startswith(source) and target.startswith(allowed)
                    for source, allowed in ALLOWED
                ):
                    continue
                if any(target == b or target.startswith(b + ".") for b in banned):
                    found.append(f"{name} imports {target}")
    return sorted(set(found))


def test_layers_import_only_downwards() -> None:
    found = set(_violations())
    assert found - PENDING_IMPORTS == set(), "new imports across layers"
    assert PENDING_IMPORTS - found == set(), "fixed: remove these from PENDING_IMPORTS"


def _project_edges(name: str) -> set[str]:
    """Imported project modules, each reduced to the module that exists."""
    edges = set()
    for target in GRAPH[name]:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name:
            edges.add(target)
    return edges


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    edges = {name: _project_edges(name) for name in MODULES}

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            # a package's __init__ importing its own submodules is not a cycle of concern
            if target.startswith(node + "."):
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    import sys

    sys.setrecursionlimit(10_000)
    for name in MODULES:
        if name not in index:
            visit(name)
    return components


def test_no_import_cycles() -> None:
    assert _cycles() == PENDING_CYCLES


@pytest.mark.parametrize("folder", [*PACKAGES, "tests", "benchmarks"])
def test_no_module_is_over_300_lines(folder: str) -> None:
    long = {
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts and len(path.read_text().splitlines()) > MAX_LINES
    }
    pending = {name for name in PENDING_LONG if name.startswith(folder + "/")}
    assert long - pending == set(), f"over {MAX_LINES} lines"
    assert pending - long == set(), "now short enough: remove these from PENDING_LONG"

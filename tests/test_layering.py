"""The import directions between our packages, checked so that the layering cannot rot.

Every .py file under events/, gazetteer/ and schemas/ is read with `ast` (nothing is imported). Every import
counts for the layering, wherever it sits: in a function, in an `if TYPE_CHECKING:` block. Only the imports
that run when the module is loaded make the module graph that must have no cycles.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

# One row a layer: the layers its modules may import, besides their own layer. A layer is a package (with its
# modules and the subpackages that have no row of their own) or a single module. An allow-list, not a
# deny-list: a new edge between layers fails here until someone decides it belongs in the architecture.
# `"*"`: anything of ours.
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    # the contract and the place resolver sit under all of events and know nothing of it (or of each other)
    "schemas": (),
    "gazetteer": (),
    # leaves every part of events may use
    "events.errors": (),
    "events.version": (),
    "events.files": ("events.errors",),  # how the tool creates and reads files: no link followed, no FIFO read
    "events": ("events.version",),  # the package root only re-exports the version
    "events.lexicon": ("events.errors",),
    # extraction is pure (no I/O, no store): shared helpers (text, matcher) at the bottom, then
    # mentions -> claims -> assembly, each seeing only what comes before it
    "events.extract": ("schemas", "gazetteer", "events.errors", "events.lexicon"),
    "events.extract.mentions": ("schemas", "gazetteer", "events.errors", "events.lexicon", "events.extract"),
    "events.extract.claims": ("schemas", "gazetteer", "events.errors", "events.lexicon", "events.extract",
                              "events.extract.mentions"),
    "events.extract.assembly": ("schemas", "gazetteer", "events.errors", "events.lexicon", "events.extract",
                                "events.extract.mentions", "events.extract.claims"),
    # toponyms only: the place mentions, never claims or assembled events
    "events.geoparse": ("schemas", "gazetteer", "events.errors", "events.files", "events.lexicon", "events.extract",
                        "events.extract.mentions"),
    # lexicons + gazetteer -> extraction; knows nothing of where articles come from or go to
    "events.pipeline": ("schemas", "gazetteer", "events.errors", "events.version", "events.lexicon",
                        "events.extract", "events.extract.mentions", "events.extract.claims",
                        "events.extract.assembly"),
    # the store knows rows, not extraction; merging runs inside its write transaction, hence both directions
    "events.store": ("schemas", "gazetteer", "events.errors", "events.files", "events.version", "events.lexicon",
                     "events.store.merge"),
    "events.store.merge": ("schemas", "events.errors", "events.lexicon", "events.store"),
    # reading in drives the pipeline and writes through the Store (never into the merge internals)
    "events.ingest": ("schemas", "gazetteer", "events.errors", "events.files", "events.version", "events.lexicon",
                      "events.extract", "events.extract.mentions", "events.extract.claims",
                      "events.extract.assembly", "events.pipeline", "events.store"),
    # the Dask engine: the same reading and pipeline on a cluster, results into the store or a Parquet dataset
    "events.cluster": ("schemas", "gazetteer", "events.errors", "events.files", "events.version", "events.lexicon",
                       "events.pipeline", "events.ingest", "events.store"),
    # outputs read the store only
    "events.outputs": ("schemas", "gazetteer", "events.errors", "events.files", "events.version", "events.store"),
    # the commands sit on top; no other row names events.cli
    "events.cli": ("*",),
}

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("events", "gazetteer", "schemas")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module of ours, relative imports resolved
    lineno: int
    runtime: bool  # runs when the module is loaded: not in a function, not under `if TYPE_CHECKING:`


@dataclass(frozen=True)
class Module:
    name: str
    path: str  # relative to the repo root, for messages
    is_package: bool
    source: str


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, known: frozenset[str]) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.known = known
        self.runtime = True
        self.found: list[Import] = []

    def _visit_body(self, nodes: Iterable[ast.AST], runtime: bool) -> None:
        saved, self.runtime = self.runtime, runtime
        for node in nodes:
            self.visit(node)
        self.runtime = saved

    def _deferred(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self._visit_body(ast.iter_child_nodes(node), runtime=False)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _deferred

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._visit_body(node.body, runtime=False)
            self._visit_body(node.orelse, runtime=self.runtime)  # the else branch runs
        else:
            self.generic_visit(node)

    def _add(self, target: str, lineno: int) -> None:
        if target.split(".")[0] in PACKAGES:
            self.found.append(Import(self.module, target, lineno, self.runtime))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parts = self.package.split(".")
            if node.level - 1 >= len(parts):
                raise ValueError(f"{self.module}:{node.lineno}: relative import beyond the top-level package")
            base = ".".join(parts[: len(parts) - (node.level - 1)] + ([base] if base else []))
        targets: list[str] = []
        for alias in node.names:
            # `from pkg import mod` loads the submodule: the edge goes to it, not to pkg's __init__
            sub = f"{base}.{alias.name}"
            target = sub if sub in self.known else base
            if target not in targets:
                targets.append(target)
        for target in targets:
            self._add(target, node.lineno)


def imports_in(module: str, source: str, is_package: bool, known: Iterable[str]) -> list[Import]:
    collector = _Collector(module, is_package, frozenset(known))
    collector.visit(ast.parse(source, filename=module))
    return collector.found


def layer_of(module: str, table: Mapping[str, object] = MAY_IMPORT) -> str | None:
    """The row with the longest dotted prefix of `module`."""
    matches = [layer for layer in table if module == layer or module.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


def violations(imports: Iterable[Import], path: str, table: Mapping[str, tuple[str, ...]] = MAY_IMPORT) -> list[str]:
    found: list[str] = []
    for imp in imports:
        own, theirs = layer_of(imp.module, table), layer_of(imp.target, table)
        if own is None or theirs is None:
            found.append(f"{path}:{imp.lineno}: {imp.module} imports {imp.target}: no layer for "
                         f"{imp.module if own is None else imp.target} in MAY_IMPORT")
            continue
        allowed = table[own]
        if theirs == own or "*" in allowed or theirs in allowed:
            continue
        found.append(f"{path}:{imp.lineno}: {imp.module} imports {imp.target}: layer {own} may not import "
                     f"{theirs} (it may import: {', '.join(allowed) or 'nothing of ours'})")
    return found


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle (a path that ends where it starts) for each strongly connected component of more than one
    module, found with Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            connect(node)

    cycles: list[list[str]] = []
    for component in components:
        members = set(component)
        start = min(component)
        # breadth-first from start inside the component, back to start: the shortest such cycle
        parent: dict[str, str] = {}
        frontier = [start]
        end: str | None = None
        while frontier and end is None:
            following: list[str] = []
            for node in frontier:
                for nxt in sorted(graph.get(node, ())):
                    if nxt == start:
                        end = node
                        break
                    if nxt in members and nxt not in parent:
                        parent[nxt] = node
                        following.append(nxt)
                if end is not None:
                    break
            frontier = following
        assert end is not None  # a component of two or more modules has a cycle through each of them
        path = [end]
        while path[-1] != start:
            path.append(parent[path[-1]])
        cycles.append([*reversed(path), start])
    return cycles


@cache
def our_modules() -> tuple[Module, ...]:
    modules: list[Module] = []
    for top in PACKAGES:
        for file in sorted((ROOT / top).rglob("*.py")):
            parts = file.relative_to(ROOT).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            modules.append(Module(name, file.relative_to(ROOT).as_posix(), is_package,
                                  file.read_text(encoding="utf-8")))
    return tuple(modules)


@cache
def our_imports() -> dict[str, tuple[Import, ...]]:
    known = {m.name for m in our_modules()}
    return {m.name: tuple(imports_in(m.name, m.source, m.is_package, known)) for m in our_modules()}


def test_the_tree_is_found() -> None:
    names = {m.name for m in our_modules()}
    assert {"events", "events.cli.commands", "events.store.merge.sql", "gazetteer.core", "schemas"} <= names


def test_every_module_has_a_layer_and_every_layer_a_module() -> None:
    modules = [m.name for m in our_modules()]
    # the root row is the package itself: a new module directly under events/ needs a row of its own
    homeless = [m for m in modules if layer_of(m) is None or (layer_of(m) == "events" and m != "events")]
    assert not homeless, f"modules with no row in MAY_IMPORT: {homeless}"
    stale = [layer for layer in MAY_IMPORT if not any(layer_of(m) == layer for m in modules)]
    assert not stale, f"rows of MAY_IMPORT with no module: {stale}"
    unknown = sorted({t for allowed in MAY_IMPORT.values() for t in allowed} - set(MAY_IMPORT) - {"*"})
    assert not unknown, f"MAY_IMPORT names layers that have no row: {unknown}"


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    found: list[str] = []
    for module in our_modules():
        if layer_of(module.name) == layer:
            found += violations(our_imports()[module.name], module.path)
    assert not found, "imports against the layering (MAY_IMPORT in tests/test_layering.py):\n" + "\n".join(found)


def test_no_import_cycles_between_modules() -> None:
    # Loaded-time imports only: an import in a function or under TYPE_CHECKING cannot take part in a circular
    # import. No edge to the parent packages Python also loads: every package whose __init__ re-exports its
    # modules would be a cycle, and a harmless one.
    graph = {name: sorted({i.target for i in imports if i.runtime and i.target != name})
             for name, imports in our_imports().items()}
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


# The checker must be able to fail: fake modules that break the rules.

_FAKE_SOURCE = '''
from __future__ import annotations

from typing import TYPE_CHECKING

from events.errors import EventsError

if TYPE_CHECKING:
    from events.ingest.readers import read_documents


def later() -> None:
    from ...cli import commands
'''


def test_checker_reports_a_violation_in_a_fake_module() -> None:
    known = {m.name for m in our_modules()}
    imports = imports_in("events.extract.mentions.fake", _FAKE_SOURCE, is_package=False, known=known)
    assert [(i.target, i.lineno, i.runtime) for i in imports] == [
        ("events.errors", 6, True),
        ("events.ingest.readers", 9, False),
        ("events.cli.commands", 13, False),  # `...` from events.extract.mentions.fake is events
    ]
    assert violations(imports, "fake.py") == [
        "fake.py:9: events.extract.mentions.fake imports events.ingest.readers: layer events.extract.mentions "
        "may not import events.ingest (it may import: schemas, gazetteer, events.errors, events.lexicon, "
        "events.extract)",
        "fake.py:13: events.extract.mentions.fake imports events.cli.commands: layer events.extract.mentions "
        "may not import events.cli (it may import: schemas, gazetteer, events.errors, events.lexicon, "
        "events.extract)",
    ]


def test_checker_resolves_relative_imports_to_other_layers() -> None:
    known = {m.name for m in our_modules()}
    imports = imports_in("schemas.fake", "from . import models\nfrom events import store\n", is_package=False,
                         known=known)
    assert [i.target for i in imports] == ["schemas.models", "events.store"]
    assert violations(imports, "schemas/fake.py") == [
        "schemas/fake.py:2: schemas.fake imports events.store: layer schemas may not import events.store "
        "(it may import: nothing of ours)"]


def test_cycle_finder_reports_a_fake_cycle() -> None:
    assert find_cycles({"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": []}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": ["b"], "b": []}) == []

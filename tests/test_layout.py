"""The plugin's rooms and their layers: imports only ever point down.

Each room is a folder with a docstring saying what it owns. A module may import
its own room and the rooms below it; only the Pelican layer imports Pelican, and
only the history room's git module runs a process. A new import that climbs a
layer fails here, naming the module and the import.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections import defaultdict
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[1] / "plugins" / "legalsite"
# Lowest first. A room may import rooms of a lower layer and its own.
LAYERS = {
    "errors": 0,
    "settings": 0,
    "text": 1,
    "contacts": 2,
    "archive": 3,
    "html": 3,
    "history": 4,
    "site": 4,
    "page": 5,
    "pelican": 6,
}
# Modules allowed to touch processes, files or the environment.
EDGES = {"history/git.py"}
PELICAN_PARTS = {"jinja2"}
IO_MODULES = {"subprocess", "shutil", "os", "pathlib", "tempfile", "socket"}

MODULES = sorted(p for p in PLUGIN.rglob("*.py") if p.name != "__init__.py")


def _room(path: Path) -> str:
    relative = path.relative_to(PLUGIN)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path}:{node.lineno}: use absolute imports")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PLUGIN)))
def test_imports_point_down(path):
    room = _room(path)
    for line, name in _imports(path):
        parts = name.split(".")
        if parts[0] != "legalsite" or len(parts) < 2:
            continue
        target = parts[1]
        assert LAYERS[target] < LAYERS[room] or target == room, (
            f"{path.relative_to(PLUGIN)}:{line}: {room} imports {name}, "
            f"a layer above or beside it"
        )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PLUGIN)))
def test_pure_rooms_do_no_io(path):
    relative = str(path.relative_to(PLUGIN))
    room = _room(path)
    for line, name in _imports(path):
        top = name.split(".")[0]
        if top == "pelican":
            assert room == "pelican", f"{relative}:{line}: imports Pelican"
        if top in IO_MODULES:
            assert room == "pelican" or relative in EDGES, (
                f"{relative}:{line}: imports {name} in a pure room"
            )


def test_each_library_has_one_importer():
    importers = defaultdict(set)
    for path in MODULES:
        for _, name in _imports(path):
            top = name.split(".")[0]
            if top in sys.stdlib_module_names or top in {"legalsite", "pelican"}:
                continue
            # Pelican's own template engine belongs to the Pelican layer.
            if top in PELICAN_PARTS and _room(path) == "pelican":
                continue
            importers[top].add(str(path.relative_to(PLUGIN)))
    shared = {lib: sorted(paths) for lib, paths in importers.items() if len(paths) > 1}
    assert shared == {}
    assert set(importers) >= {"ftfy", "phonenumbers", "lxml", "markdown"}


def test_every_room_says_what_it_owns():
    rooms = [p for p in PLUGIN.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert {p.name for p in rooms} == {
        k for k in LAYERS if k not in {"errors", "settings"}
    }
    for room in rooms:
        doc = importlib.import_module(f"legalsite.{room.name}").__doc__
        assert doc and len(doc.split()) >= 20, f"{room.name}: no docstring"

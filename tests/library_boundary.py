"""Checks shared by the three libraries' public-surface tests: who imports what, error codes.

A library's modules may change; the CMS and the benchmarks stay on the names its ``__init__``
lists, so an AST scan of their sources finds every ``from lib.module import`` that slipped in.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CALLERS = ("heritage_cms", "benchmarks")
CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _sources() -> Iterator[Path]:
    for folder in CALLERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "node_modules" not in path.parts:
                yield path


def deep_imports(library: str) -> list[str]:
    """``file:line: what`` for every caller import past a library's ``__all__``: an inner module
    (``from lib.module import x``, ``import lib.module``) or a name ``__all__`` does not list."""
    public = set(importlib.import_module(library).__all__)
    found = []
    for path in _sources():
        where = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith(f"{library}."):
                    found.append(f"{where}:{node.lineno}: from {node.module}")
                elif node.module == library:
                    found += [
                        f"{where}:{node.lineno}: {alias.name} (not in __all__)"
                        for alias in node.names
                        if alias.name not in public
                    ]
            elif isinstance(node, ast.Import):
                found += [
                    f"{where}:{node.lineno}: import {alias.name}"
                    for alias in node.names
                    if alias.name.startswith(f"{library}.")
                ]
    return found


def unresolved(library: str) -> list[str]:
    """Names a library's ``__all__`` promises but ``from library import name`` cannot give."""
    module = importlib.import_module(library)
    missing = []
    for name in module.__all__:
        try:
            getattr(module, name)
        except AttributeError:
            missing.append(name)
    return missing


def subclasses(base: type) -> list[type]:
    """The base and every class under it, however deep."""
    found, todo = [], [base]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found

"""What a library does as it is imported that careplan seldom needs, left for its first use.

Importing ReportLab costs more than careplan's own modules and work together,
and part of that cost is for things a handout never uses:

- PIL (Pillow), which ReportLab imports for raster images (about 20 ms);
  careplan draws none.
- Regular expressions: Python compiles every pattern anew in each process.

So the modules in MODULES_LATER are loaded by importlib's LazyLoader: the
import gives a module object whose code runs at the first use of any of its
names, as if it had been imported then (LazyLoader is not thread-safe before
Python 3.12.3; careplan never uses Pillow, so it is never loaded). HarfBuzz
(17 ms) is not deferred: whether it loads decides whether a script that needs
shaping is drawn at all, and a deferred module that then fails to load looks
present to ReportLab and fontTools (render/shaping.py, can_shape). And the
modules in PATTERNS_LATER compile their patterns on first use:

- ReportLab's paragraph module compiles a pattern for web addresses (to split
  a long one over two lines) that takes about 35 ms: a quarter of importing
  ReportLab, and more than careplan's own modules take to import. Its
  textsplit module compiles one for wrapping CJK text (4 ms) that careplan
  never calls (render/cjk.py breaks Chinese lines itself), PyFontify one
  for colouring Python code (1 ms), and rl_safe_eval one for the names its
  safe evaluator refuses (0.7 ms), which careplan never calls. That one joins
  a set's names, in an order that changes from run to run: compiled, it
  would be a new pattern to keep in every run (compiled_patterns.py).
- PyYAML compiles some fifteen (7 ms), see files/yamlimport.py.

A pattern compiled later is an object that compiles the real one on its first use
and hands every attribute on to it, so the library behaves as before; it
only holds for patterns the library uses by their methods (a test checks
each module named here for that, and that the pattern is the same).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from importlib.util import LazyLoader
from types import ModuleType
from typing import Any


class Later:
    """A pattern compiled the first time it is used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if name in ("_pattern", "_flags", "_compiled"):  # not set yet (a copy being made): not the pattern's
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return getattr(self._compiled, name)


@contextmanager
def compiling_later(modules: frozenset[str] | None = None) -> Iterator[None]:
    """While the block runs, re.compile of a str pattern called from one of `modules` (from
    anywhere: None) returns a Later. re.compile is the module's for the block's length: careplan
    imports in one thread."""
    compile_ = re.compile

    def compile_later(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and isinstance(flags, int) and (
                modules is None or sys._getframe(1).f_globals.get("__name__") in modules):
            return Later(pattern, flags)
        return compile_(pattern, flags)

    re.compile = compile_later
    try:
        yield
    finally:
        re.compile = compile_


#: ReportLab's modules whose import-time patterns wait for their first use (see above).
PATTERNS_LATER = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.textsplit", "reportlab.lib.PyFontify",
                            "reportlab.lib.rl_safe_eval"})
#: Modules ReportLab imports at once, loaded at their first use.
MODULES_LATER = frozenset({"PIL.Image"})


class _Loader(Loader):
    """A module's own loader, running the module with its patterns compiled later."""

    def __init__(self, loader: Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with compiling_later(frozenset({module.__name__})):
            self._loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename ...: the module's own loader's
        return getattr(self._loader, name)


class _Finder(MetaPathFinder):
    """Finds `modules` as Python would, and loads each through _Loader (patterns later) or
    LazyLoader (the whole module later). It stays in sys.meta_path, answering nothing once each
    was found: leaving while Python walks that list would skip the finder after it."""

    def __init__(self, patterns: frozenset[str], modules: frozenset[str]) -> None:
        self.patterns, self.modules = patterns, modules
        self.left = set(patterns | modules)

    def find_spec(self, name: str, path: Any, target: ModuleType | None = None) -> ModuleSpec | None:
        if name not in self.left:
            return None
        self.left.discard(name)
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _Loader(spec.loader) if name in self.patterns else LazyLoader(spec.loader)
        return spec


def install(patterns: frozenset[str] = PATTERNS_LATER, modules: frozenset[str] = MODULES_LATER) -> None:
    """From now on, those of `patterns` and `modules` not imported yet are imported as said
    above when they are; nothing is imported now. Installing again changes nothing."""
    if any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    patterns = frozenset(m for m in patterns if m not in sys.modules)
    modules = frozenset(m for m in modules if m not in sys.modules)
    if patterns or modules:
        sys.meta_path.insert(0, _Finder(patterns, modules))

"""Regular expressions compiled once per computer, not once per run.

Python compiles every pattern anew in each process: it parses the pattern
and writes the matching engine's code in Python, about 0.1 ms a pattern and
up to 0.7 ms for a long one. A cold handout compiles some 70 (the standard
library's, PyYAML's, ReportLab's and careplan's own): 7 to 10 ms, more than
an English handout's own work above the import of ReportLab. What the
compiler hands the engine for a pattern (its code, groups and flags)
depends only on the pattern, its flags and the Python that compiled it. So
it is kept in $XDG_CACHE_HOME/careplan/patterns (else ~/.cache/careplan/...)
and handed straight to the engine (_sre.compile) in later runs.

What a pattern matches never depends on the cache:
- the key covers Python's version, the engine's (its MAGIC and code size)
  and this module's source; an entry is sealed with a checksum and must be
  private (files/cachefile.py); anything else is ignored;
- a pattern's parts are kept under the pattern and flags they were made
  for; the engine checks the code it is given, and the pattern it makes
  must have the flags asked for; if not, or if anything about the kept
  parts is off, the pattern is compiled as before;
- tests compare each kept pattern with Python's own compile of it (equal
  patterns have the same code), for every pattern a handout compiles and for
  patterns drawn by hypothesis.

Only patterns written in code are kept: those compiled while a module is
imported, those a module asked to compile at first use (lazyimport.Later),
and those that are constants of the function that compiles them. None of
careplan's patterns is built from what a patient or clinician wrote; should
a library build one from other text, it is compiled as before and never
written down.

Only careplan's own process keeps patterns (console.run installs this);
cli.main called from a program, and the tests, compile as Python does.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from careplan.files import cachefile

FORMAT = b"careplan-patterns-1\n"
MAX_ENTRY_BYTES = 4 * 1024 * 1024
MAX_KEPT = 1024  # patterns in an entry; beyond it, an entry keeps only what the last run used

Key = tuple[Any, int]  # (the pattern, str or bytes; its flags)
Args = tuple[Any, ...]  # what the compiler handed the engine after the pattern


class _State:
    """The process's kept patterns, those its run has used, and where they are kept."""

    def __init__(self, path: Path, kept: dict[Key, Args]) -> None:
        self.path = path
        self.kept = kept
        self.used: dict[Key, Args] = {}
        self.new = False


_STATE: list[_State] = []


def _name() -> str:
    import _sre  # type: ignore[import-not-found]  # the engine: no stubs

    h = hashlib.sha256(FORMAT + cachefile.source_digest(("compiled_patterns.py",)))
    h.update(f"{sys.version}\0{sys.implementation.cache_tag}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0".encode())
    return f"patterns-{h.hexdigest()[:40]}.bin"


def _read(path: Path) -> dict[Key, Args]:
    payload = cachefile.payload(path, FORMAT, MAX_ENTRY_BYTES)
    if payload is None:
        return {}
    try:
        kept = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return kept if type(kept) is dict else {}  # each pattern's own parts are checked when used


def install(folder: Path | None = None) -> None:
    """From now on, compile patterns through the kept ones, and keep what this run compiles
    (written as the process ends). Nothing happens without a cache folder; installing again
    changes nothing."""
    from re import _compiler  # type: ignore[attr-defined]  # the standard library's own compiler

    if _STATE:
        return
    path = cachefile.entry(folder or cachefile.folder("patterns"), _name)
    if path is None:
        return
    _STATE.append(_State(path, _read(path)))
    real = _compiler.compile
    engine = _compiler._sre

    def compile_kept(p: Any, flags: int = 0) -> Any:
        if type(p) not in (str, bytes) or type(flags) is not int or flags & re.DEBUG:
            return real(p, flags)
        state = _STATE[0]
        key = (p, flags)
        args = state.kept.get(key)
        if args is not None:
            made = _made(engine, p, flags, args)
            if made is not None:
                state.used[key] = args
                return made
            del state.kept[key]
        if not _written_in_code(p):
            return real(p, flags)
        made, args = compiled(p, flags)
        if args is not None:
            state.used[key] = state.kept[key] = args
            state.new = True
        return made

    compile_kept.careplan_real = real  # type: ignore[attr-defined]  # Python's own, for the tests
    _compiler.compile = compile_kept
    import atexit

    atexit.register(save)


def compiled(p: Any, flags: int) -> tuple[Any, Args | None]:
    """Python's own compile of `p`, and what its compiler handed the engine after the pattern
    (None if that is not plain data)."""
    from re import _compiler  # type: ignore[attr-defined]

    real = getattr(_compiler.compile, "careplan_real", _compiler.compile)
    engine = _compiler._sre
    recorder = _Recorder(engine)
    _compiler._sre = recorder
    try:
        made = real(p, flags)
    finally:
        _compiler._sre = engine
    if recorder.args is None or recorder.args[0] is not p:
        return made, None
    try:
        return made, _plain(recorder.args[1:])
    except ValueError:  # something marshal would not give back as it is
        return made, None


def from_kept(p: Any, flags: int, args: Any) -> Any:
    """The engine's pattern for `p` and `flags` from kept `args`, or None when they do not make it."""
    from re import _compiler  # type: ignore[attr-defined]

    return _made(_compiler._sre, p, flags, args)


def _made(engine: Any, p: Any, flags: int, args: Any) -> Any:
    """The engine's pattern from kept `args`, or None when they do not make `p` with `flags` (the
    compiler adds flags of its own, the pattern's inline ones and Unicode for text: never fewer)."""
    if type(args) is not tuple or not args or type(args[0]) is not int:
        return None
    try:
        made = engine.compile(p, *args)
    except (TypeError, ValueError, RuntimeError, OverflowError, IndexError):  # the engine's checks refused it
        return None
    return made if made.pattern == p and made.flags & flags == flags else None


class _Recorder:
    """The engine as the compiler sees it, noting what the compiler hands it."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self.args: tuple[Any, ...] | None = None

    def compile(self, *args: Any) -> Any:
        self.args = args
        return self._engine.compile(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


def _plain(value: Any) -> Any:
    """`value` as plain data marshal writes and reads back as the same types: the compiler's
    opcodes are int subclasses (named constants), and the engine reads them as ints.
    ValueError when it holds anything else."""
    if type(value) in (str, bytes, type(None)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if type(value) in (list, tuple):
        items = [_plain(v) for v in value]
        return items if type(value) is list else tuple(items)
    if type(value) is dict and all(type(k) is str for k in value):
        return {k: _plain(v) for k, v in value.items()}
    raise ValueError(f"not plain data: {type(value).__name__}")


_IMPORTING = ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>")
_NOT_THE_CALLER = ("re", "careplan.compiled_patterns", "careplan.lazyimport")


def _written_in_code(pattern: Any) -> bool:
    """Whether `pattern` comes from code, not from text met at run time: a constant of the
    function compiling it, a pattern a module left for its first use (lazyimport.Later), or
    any pattern compiled while a module is being imported."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") in _NOT_THE_CALLER:
        if frame.f_code.co_name == "__getattr__" and frame.f_globals.get("__name__") == "careplan.lazyimport":
            return True  # a Later: made at a module's import
        frame = frame.f_back
    if frame is not None and pattern in frame.f_code.co_consts:
        return True
    while frame is not None:
        if frame.f_code.co_filename in _IMPORTING:
            return True
        frame = frame.f_back
    return False


def save() -> None:
    """Write the kept patterns if this run compiled any new one (at most MAX_KEPT: beyond it,
    those this run used). Never an error."""
    if not _STATE or not _STATE[0].new:
        return
    state = _STATE[0]
    state.new = False
    table = state.kept if len(state.kept) <= MAX_KEPT else state.used
    if not cachefile.keepable(state.path.parent):
        return
    data = marshal.dumps(table)  # read back by marshal, or made plain by _plain: always writable
    if len(data) + 256 <= MAX_ENTRY_BYTES:
        cachefile.put_latest(state.path, cachefile.seal(FORMAT, data))

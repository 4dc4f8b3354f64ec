"""Patterns compiled once per computer (compiled_patterns): the same patterns, never patient text."""

from __future__ import annotations

import atexit
import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from re import _compiler  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan import compiled_patterns as cp
from careplan.files import cachefile

from .conftest import EXAMPLES


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[Path]:
    """compiled_patterns installed in this process with its entries in tmp_path; undone after."""
    assert not cp._STATE
    before = _compiler.compile
    cp.install(tmp_path)
    try:
        yield tmp_path
    finally:
        _compiler.compile = before
        cp._STATE.clear()
        atexit.unregister(cp.save)
        re.purge()


def _entry(folder: Path) -> dict:
    (path,) = folder.glob("patterns-*.bin")
    payload = cachefile.payload(path, cp.FORMAT, cp.MAX_ENTRY_BYTES)
    assert payload is not None
    return marshal.loads(payload)


def _careplan(tmp_path: Path, cache: Path, out: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([sys.executable, "-m", "careplan", "--answers", str(EXAMPLES / "sciatica.yaml"),
                           "--lang", "ar", "-o", str(tmp_path / out), "--date", "2026-11-22"],
                          capture_output=True, text=True, env=env, check=False, timeout=300)


def test_a_handout_s_patterns_are_kept_and_each_is_python_s_own(tmp_path: Path) -> None:
    """careplan's process keeps the patterns a handout compiles; each kept one makes the pattern
    Python's compiler makes (equal patterns have equal engine code), the handout is the same
    byte for byte when they come from the cache, and a run with nothing new writes nothing."""
    cache = tmp_path / "cache"
    first = _careplan(tmp_path, cache, "first.pdf")
    assert first.returncode == 0, first.stderr
    folder = cache / "careplan" / "patterns"
    (path,) = folder.glob("patterns-*.bin")
    kept = _entry(folder)
    assert len(kept) >= 40
    assert any(isinstance(p, str) and "true|True|TRUE" in p for p, _ in kept)  # PyYAML's resolver
    assert any(isinstance(p, bytes) for p, _ in kept)  # the .po reader's
    for (p, flags), args in kept.items():
        assert cp.from_kept(p, flags, args) == re._compiler.compile(p, flags), p
    stamp = path.stat().st_mtime_ns, path.stat().st_ino
    for name in ("second.pdf", "third.pdf"):  # each run its own hash seed: nothing new to keep
        again = _careplan(tmp_path, cache, name)
        assert again.returncode == 0, again.stderr
        assert (path.stat().st_mtime_ns, path.stat().st_ino) == stamp
    assert (tmp_path / "second.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()


_PIECES = st.sampled_from(["a", "b", ".", r"\d", r"\w+", r"\s*", "[a-c]", "[^x]", "(?:ab|c)", "(x)", "(?P<n>y)",
                           "a*?", "b{1,3}", "^", "$", r"\b", "(?=a)", "(?<!b)", "é", "[à-ÿ]", "\u0645+", r"\.",
                           "[\ue000-\uf8ff]", "(?i:k)", "|"])
_FLAGS = st.sampled_from([0, re.I, re.M, re.S, re.X, re.A, re.I | re.M, re.U | re.S])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8).map("".join), _FLAGS, st.booleans())
def test_what_is_kept_makes_the_same_pattern(text: str, flags: int, as_bytes: bool) -> None:
    """For any pattern, what the compiler hands the engine, written and read back as the cache
    does, makes a pattern equal to Python's compile of it; a pattern Python refuses is refused."""
    p: str | bytes = text
    if as_bytes:
        if not text.isascii() or flags & re.A:
            return
        p = text.encode()
    flags = int(flags)
    try:
        expected = re._compiler.compile(p, flags)
    except (re.error, ValueError) as refused:  # a bad pattern, or flags it cannot take
        with pytest.raises(type(refused)):
            cp.compiled(p, flags)
        return
    made, args = cp.compiled(p, flags)
    assert made == expected and args is not None
    again = marshal.loads(marshal.dumps(args))
    assert cp.from_kept(p, flags, again) == expected
    if not again[0] & re.I:
        assert cp.from_kept(p, flags | re.I, again) is None  # kept for other flags


def test_a_pattern_made_from_run_time_text_is_never_kept(installed: Path) -> None:
    """A pattern built from text met at run time (a name) is compiled as before and never written;
    the constant pattern beside it is kept."""
    name = "Ana María Olsen"

    def find(text: str) -> bool:
        return re.compile(f"(?:{name})").search(text) is not None and re.compile(r"[0-9]{3}-k").match("123-k") \
            is not None

    assert find("for Ana María Olsen")
    cp.save()
    kept = _entry(installed)
    assert (r"[0-9]{3}-k", 0) in kept
    assert not any(isinstance(p, str) and "María" in p for p, _ in kept)
    (path,) = installed.glob("patterns-*.bin")
    assert "María".encode() not in path.read_bytes() and b"Mar\xc3" not in path.read_bytes()


def test_damaged_kept_patterns_are_compiled_as_before(installed: Path) -> None:
    """Kept parts the engine refuses, or that make another pattern, are dropped: the pattern is
    compiled as Python compiles it, and kept afresh."""
    state = cp._STATE[0]
    good = r"(\w+)@(\w+)\.org"
    _, args = cp.compiled(good, 0)
    assert args is not None
    state.kept[(good, 0)] = (args[0], [99999, 1, 2], *args[2:])  # code the engine's check refuses
    state.kept[("b+", 0)] = ("not", "args")
    state.kept[("c+", re.I)] = (0, *cp.compiled("c+", 0)[1][1:])  # flags other than asked
    for pattern, flags in ((good, 0), ("b+", 0), ("c+", re.I)):
        re.purge()
        assert re.compile(pattern, flags) == re._compiler.compile.careplan_real(pattern, flags)
    assert state.kept[(good, 0)] == args


def test_an_entry_that_is_not_intact_is_ignored(tmp_path: Path) -> None:
    """A damaged, foreign or hand-made entry is never read: patterns are compiled as before."""
    folder = tmp_path / "patterns"
    path = cachefile.entry(folder, cp._name)
    assert path is not None
    folder.mkdir(mode=0o700)
    for data in (b"garbage", cp.FORMAT + b"\0" * 40, cachefile.seal(cp.FORMAT, b"\xff\xfe not marshal"),
                 cachefile.seal(cp.FORMAT, marshal.dumps([1, 2, 3]))):
        path.write_bytes(data)
        path.chmod(0o600)
        assert cp._read(path) == {}


def test_no_cache_folder_means_nothing_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative/home")  # no usable home: no cache folder
    before = _compiler.compile
    cp.install()
    assert _compiler.compile is before and not cp._STATE


def test_the_private_use_pattern_is_the_private_use_area() -> None:
    """shaping's pattern is written out as a constant (so it is kept): it must be exactly the range."""
    from careplan.render import shaping

    assert shaping._private_pattern().pattern == f"[{chr(0xE000)}-{chr(0xF8FF)}]"
    for code, inside in ((0xDFFF, False), (0xE000, True), (0xF000, True), (0xF8FF, True), (0xF900, False)):
        assert shaping._private(f"a{chr(code)}b") is inside

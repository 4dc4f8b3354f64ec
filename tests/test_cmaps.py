"""The fallback fonts' characters cached by font file: a hit is what the font gives, a changed
file or a bad entry is read afresh, and the fallback chosen for a text is the same."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from careplan.render import cmaps, fonts


def _reader(value: frozenset[int], calls: list[int]):
    def read() -> frozenset[int]:
        calls.append(1)
        return value
    return read


@pytest.fixture
def font(tmp_path) -> Path:
    path = tmp_path / "Font-Regular.ttf"
    path.write_bytes(b"not really a font, only its identity matters here")
    return path


def test_a_hit_is_what_the_reader_gave(font, tmp_path) -> None:
    calls: list[int] = []
    value = frozenset({65, 66, 0x4E2D})
    assert cmaps.code_points(font, "x", _reader(value, calls), tmp_path / "c") == value
    assert cmaps.code_points(font, "x", _reader(frozenset(), calls), tmp_path / "c") == value
    assert calls == [1]
    assert cmaps.code_points(font, "another face", _reader(frozenset({1}), calls), tmp_path / "c") == {1}


def test_a_rewritten_font_is_read_afresh(font, tmp_path) -> None:
    calls: list[int] = []
    cmaps.code_points(font, "x", _reader(frozenset({65}), calls), tmp_path / "c")
    st = font.stat()
    font.write_bytes(font.read_bytes())  # same bytes, same size, old time stamps put back ...
    os.utime(font, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cmaps.code_points(font, "x", _reader(frozenset({66}), calls), tmp_path / "c") == {66}  # ... still new
    assert calls == [1, 1]


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "not_a_set"])
def test_a_bad_entry_is_ignored_and_rebuilt(font, tmp_path, damage) -> None:
    folder = tmp_path / "c"
    cmaps.code_points(font, "x", _reader(frozenset({65, 66}), []), folder)
    (entry,) = folder.iterdir()
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[:-3])
    elif damage == "flip":
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "garbage":
        entry.write_bytes(b"\xff" * 40)
    else:
        import marshal

        from careplan.files import cachefile
        entry.write_bytes(cachefile.seal(cmaps.FORMAT, marshal.dumps(["A", "B"])))
    calls: list[int] = []
    assert cmaps.code_points(font, "x", _reader(frozenset({65, 66}), calls), folder) == {65, 66}
    assert calls == [1] and entry.read_bytes() == data


def test_an_unusable_folder_is_no_error(font, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cmaps.code_points(font, "x", lambda: frozenset({7}), blocker / "sub") == {7}


def test_the_chain_answers_as_the_fonts_do(tmp_path, monkeypatch) -> None:
    """Every installed fallback: the cached set is the font's own, and a text finds the same font."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    fonts.fallback_cmap.cache_clear()
    try:
        cached = {fb.name: fonts.fallback_cmap(fb) for fb in fonts.FALLBACKS}  # filled
        fonts.fallback_cmap.cache_clear()
        again = {fb.name: fonts.fallback_cmap(fb) for fb in fonts.FALLBACKS}  # read back
        assert again == cached
        assert len(list((tmp_path / "xdg" / "careplan" / "cmaps").iterdir())) == sum(1 for v in cached.values() if v)
        fonts.fallback_cmap.cache_clear()
        shutil.rmtree(tmp_path / "xdg")
        monkeypatch.setattr(fonts.cmaps, "code_points", lambda path, how, read, folder=None: read())
        assert {fb.name: fonts.fallback_cmap(fb) for fb in fonts.FALLBACKS} == cached  # straight from the fonts
        assert fonts.font_for("中文") is fonts.CJK and fonts.font_for("عربي").name == "CarePlanArabic"
    finally:
        fonts.fallback_cmap.cache_clear()

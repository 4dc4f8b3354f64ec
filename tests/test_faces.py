"""Parsed font faces kept in the cache: a face rebuilt from its entry is the face
ReportLab parses, attribute by attribute, for every font careplan draws with;
an entry that does not belong to the font's bytes, or is damaged, is ignored;
and a handout is the same, byte for byte, whether the cache was empty or full."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase import ttfonts

from careplan.files import cachefile
from careplan.render import faces, fonts, shaping

ROOT = Path(__file__).resolve().parents[1]


def _files() -> list[tuple[str, Path, int]]:
    found = [(name, path, 0) for name, path in fonts.font_files().items()]
    for fb in fonts.FALLBACKS:
        if fb.weights:
            continue  # Noto Sans SC is cut into instances first (slow); the handout test below covers it
        for rel in filter(None, (fb.regular, fb.bold)):
            path = fonts._path(fb, rel)
            if path is not None:
                found.append((fb.name, path, fb.subfont))
    return found


FILES = _files()


def _same_face(cached: Any, parsed: Any) -> None:
    for attr in faces._LAZY:
        getattr(cached, attr)  # unpacked on first use
    assert cached.__dict__.keys() - {"_careplan_lazy"} == parsed.__dict__.keys()
    for attr, value in parsed.__dict__.items():
        if attr == "_pdfScale":
            for x in (0, 1, 7, 500, 1000, 2048, -33):
                assert cached._pdfScale(x) == value(x)
        else:
            assert cached.__dict__[attr] == value, attr
            assert type(cached.__dict__[attr]) is type(value), attr
            if isinstance(value, ttfonts.TTFNameBytes):
                assert cached.__dict__[attr].ustr == value.ustr, attr


@pytest.mark.parametrize(("name", "path", "subfont"), FILES, ids=[p.name for _, p, _ in FILES])
def test_a_face_from_the_cache_is_the_face_reportlab_parses(name: str, path: Path, subfont: int, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    kind = shaping.shaped_font_class() if any(fb.shaping and fb.name == name for fb in fonts.FALLBACKS) \
        else ttfonts.TTFont
    parsed = kind(name, str(path), subfontIndex=subfont)
    first = faces.font(kind, name, path, subfont, tmp_path)
    assert len(list(tmp_path.iterdir())) == 1  # stored

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the face was parsed although its entry was there")

    monkeypatch.setattr(ttfonts.TTFontFile, "extractInfo", no_parsing)
    cached = faces.font(kind, name, path, subfont, tmp_path)
    assert type(cached) is type(parsed) is kind and isinstance(cached.face, ttfonts.TTFontFace)
    assert not set(faces._LAZY) & cached.face.__dict__.keys()  # not unpacked until read
    with pytest.raises(AttributeError):
        cached.face.no_such_attribute  # noqa: B018
    _same_face(cached.face, parsed.face)
    _same_face(first.face, parsed.face)
    others = {k: v for k, v in cached.__dict__.items() if k not in ("face", "state", "encoding")}
    assert others == {k: v for k, v in parsed.__dict__.items() if k not in ("face", "state", "encoding")}
    assert cached.__dict__.keys() == parsed.__dict__.keys()
    assert ttfonts.TTFontFace.__name__ == "TTFontFace"  # ReportLab's own class is back in place


@pytest.fixture
def pt_sans(tmp_path: Path) -> Path:
    copy = tmp_path / "PT_Sans-Web-Regular.ttf"
    shutil.copyfile(fonts.font_files()[fonts.FAMILY], copy)
    return copy


def test_an_entry_is_used_only_with_the_bytes_it_was_made_from(pt_sans: Path, tmp_path: Path) -> None:
    made = ttfonts.TTFont("x", str(pt_sans))
    payload = faces._state(made.face)
    assert payload is not None
    data = pt_sans.read_bytes()
    assert faces._face(payload, data) is not None
    changed = data[:-1] + bytes([data[-1] ^ 1])  # one bit of the file: a font rewritten in place
    assert faces._face(payload, changed) is None
    assert faces._face(b"not marshal", data) is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_entry_is_ignored_and_rebuilt(pt_sans: Path, tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "faces"
    faces.font(ttfonts.TTFont, "x", pt_sans, 0, folder)
    (entry,) = folder.iterdir()
    data = entry.read_bytes()
    entry.write_bytes({"truncate": data[:-3], "flip": data[:-1] + bytes([data[-1] ^ 1]),
                       "garbage": b"\xff" * 40}[damage])
    again = faces.font(ttfonts.TTFont, "x", pt_sans, 0, folder)
    _same_face(again.face, ttfonts.TTFont("x", str(pt_sans)).face)
    assert cachefile.unseal(faces.FORMAT, entry.read_bytes()) is not None  # rebuilt whole


def test_a_face_holding_something_marshal_cannot_keep_is_not_stored(pt_sans: Path, tmp_path: Path) -> None:
    made = ttfonts.TTFont("x", str(pt_sans))
    made.face.surprise = object()
    assert faces._state(made.face) is None


def test_an_unwritable_cache_is_no_error(pt_sans: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    font = faces.font(ttfonts.TTFont, "x", pt_sans, 0, blocker / "faces")
    assert font.face.name == b"PTSans-Regular"


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_a_handout_is_the_same_with_an_empty_or_a_full_face_cache(lang: str, tmp_path: Path) -> None:
    if fonts.needs_font(lang):
        pytest.skip(f"the font package for {lang} is not installed")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    # the cut Chinese instances come from the test session's cache folder (cutting takes seconds)
    shared = Path(os.environ["XDG_CACHE_HOME"]) / "careplan" / "fonts"
    shared.mkdir(parents=True, exist_ok=True, mode=0o700)
    (tmp_path / "cache" / "careplan").mkdir(parents=True, mode=0o700)
    os.symlink(shared, tmp_path / "cache" / "careplan" / "fonts")
    outs = []
    for run in ("empty", "full"):
        out = tmp_path / f"{run}.pdf"
        subprocess.run([sys.executable, "-m", "careplan", "--answers", str(ROOT / "examples" / "sciatica.yaml"),
                        "--lang", lang, "--date", "2026-11-22", "-o", str(out)], check=True, env=env,
                       capture_output=True)
        outs.append(out.read_bytes())
        if run == "empty":
            assert any((tmp_path / "cache" / "careplan" / "faces").iterdir())
    assert outs[0] == outs[1]


def test_a_new_entry_replaces_the_older_ones_of_the_same_face_only(pt_sans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "faces"
    other = tmp_path / "other" / pt_sans.name  # the same file name elsewhere: another face
    other.parent.mkdir()
    shutil.copyfile(pt_sans, other)
    faces.font(ttfonts.TTFont, "x", pt_sans, 0, folder)
    faces.font(ttfonts.TTFont, "y", other, 0, folder)
    assert len(list(folder.iterdir())) == 2
    os.utime(pt_sans, ns=(1, 1))  # the font reinstalled: a new key
    faces.font(ttfonts.TTFont, "x", pt_sans, 0, folder)
    assert len(list(folder.iterdir())) == 2  # the stale entry went; the other file's stayed


def test_a_font_kept_for_this_run_only_stores_no_entry(pt_sans: Path, tmp_path: Path) -> None:
    faces.font(ttfonts.TTFont, "x", pt_sans, 0, tmp_path / "faces", keep=False)
    assert not (tmp_path / "faces").exists()


def test_a_copy_of_a_cached_face_unpacks_its_lazy_tables_too(pt_sans: Path, tmp_path: Path) -> None:
    import copy

    faces.font(ttfonts.TTFont, "x", pt_sans, 0, tmp_path)
    face = faces.font(ttfonts.TTFont, "x", pt_sans, 0, tmp_path).face
    twin = copy.copy(face)
    assert face.glyphToChar == twin.glyphToChar == ttfonts.TTFont("x", str(pt_sans)).face.glyphToChar


def test_a_cached_face_makes_the_subsets_a_parsed_face_makes(pt_sans: Path, tmp_path: Path) -> None:
    """A cached face reads 'glyf' in place (faces._Table); composite glyphs (accented
    letters) have their component numbers rewritten, so those are in the subsets too."""
    parsed = ttfonts.TTFont("x", str(pt_sans)).face
    faces.font(ttfonts.TTFont, "x", pt_sans, 0, tmp_path)
    cached = faces.font(ttfonts.TTFont, "x", pt_sans, 0, tmp_path).face
    assert isinstance(cached.get_table("glyf"), faces._Table)
    composite = [c for c in parsed.charToGlyph if c > 0xBF and parsed.get_table("glyf")[
        parsed.glyphPos[parsed.charToGlyph[c]]:parsed.glyphPos[parsed.charToGlyph[c]] + 2] >= b"\x80"]
    assert composite  # PT Sans builds accented letters from parts
    for subset in ([ord(c) for c in "Hello, world"], composite[:255], sorted(parsed.charToGlyph)[:255]):
        assert cached.makeSubset(subset) == parsed.makeSubset(subset)
    assert cached.get_table("head") == parsed.get_table("head")  # other tables as ReportLab reads them


@given(st.binary(max_size=64), st.integers(0, 70), st.integers(0, 70), st.integers(-80, 80), st.integers(-80, 80))
def test_a_table_slices_as_the_bytes_it_stands_for(data: bytes, pos: int, length: int, start: int, stop: int) -> None:
    pos, length = min(pos, len(data)), min(length, max(0, len(data) - pos))
    assert faces._Table(data, pos, length)[start:stop] == data[pos:pos + length][start:stop]
    assert len(faces._Table(data, pos, length)) == length

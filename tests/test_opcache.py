"""Picture operators kept between runs (render/opcache.py): a handout drawn
from the cache is the handout drawn fresh, and a bad, foreign or unusable
cache is ignored, never an error."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from careplan.render import fonts, opcache, sharing
from careplan.render.drawing import SCALE, drawing
from careplan.render.perobject import PerObject


def _ops(flowable) -> list[str]:
    canvas = Canvas(io.BytesIO())
    flowable.drawOn(canvas, 10, 20)
    return list(canvas._code)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    """An empty cache folder of its own, and no picture made in this process yet."""
    fonts.register()  # a drawing starts in the handout's font
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(sharing, "_SHARED", PerObject())
    return tmp_path / "xdg" / "careplan" / "pictures"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ops")) if folder.exists() else []


def test_a_picture_from_the_cache_draws_what_a_fresh_one_does(content, cache: Path, monkeypatch) -> None:
    names = sorted(content.pictures)[:6]
    for name in names:
        for rtl in (False, True):
            sharing.shared(content.pictures[name], scale=SCALE, rtl=rtl).drawOn(Canvas(io.BytesIO()), 0, 0)
    kept = _entries(cache)
    assert len(kept) == 2 * len(names)
    assert all(os.stat(p).st_mode & 0o077 == 0 for p in kept)  # private, as a handout
    monkeypatch.setattr(sharing, "_SHARED", PerObject())  # the next run
    built: list[str] = []
    from careplan.render import drawing as drawing_mod  # sharing imports it only to draw anew

    monkeypatch.setattr(drawing_mod, "drawing", lambda *a, **k: built.append("x") or drawing(*a, **k))
    for name in names:
        for rtl in (False, True):
            fresh = _ops(drawing(content.pictures[name], scale=SCALE, rtl=rtl))
            assert _ops(sharing.shared(content.pictures[name], scale=SCALE, rtl=rtl)) == fresh, name
    assert built == []  # every one came from the cache


def test_another_picture_size_or_option_finds_no_entry(content) -> None:
    pic = content.pictures["knee_rocking"]
    keys = {opcache.path(pic, (None, s, p, r, st)) for s in (1.0, 1.1) for p in (False, True)
            for r in (False, True) for st in (False, True)}
    assert len(keys) == 16
    options = (None, 1.0, False, False, False)
    assert opcache.path(pic, options) != opcache.path(content.pictures["pelvic_tilt"], options)


@pytest.mark.parametrize("damage", ["truncate", "flip", "group-writable", "empty"])
def test_a_damaged_or_foreign_entry_is_ignored_and_replaced(content, cache: Path, monkeypatch, damage: str) -> None:
    pic = content.pictures["walking"]
    fresh = _ops(drawing(pic, scale=SCALE))
    sharing.shared(pic, scale=SCALE).drawOn(Canvas(io.BytesIO()), 0, 0)
    (entry,) = _entries(cache)
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[:-7])
    elif damage == "flip":
        entry.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
    elif damage == "group-writable":
        os.chmod(entry, 0o620)
    else:
        entry.write_bytes(b"")
    assert opcache.get(opcache.path(pic, (None, SCALE, False, False, False))) is None
    monkeypatch.setattr(sharing, "_SHARED", PerObject())
    assert _ops(sharing.shared(pic, scale=SCALE)) == fresh
    if damage != "group-writable":  # written again, whole
        assert opcache.get(opcache.path(pic, (None, SCALE, False, False, False))) is not None


def test_an_unusable_cache_folder_is_no_error(content, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    fonts.register()
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    monkeypatch.setattr(sharing, "_SHARED", PerObject())
    pic = content.pictures["cat_camel"]
    assert _ops(sharing.shared(pic, scale=SCALE)) == _ops(drawing(pic, scale=SCALE))
    assert opcache.put(opcache.path(pic, (None, SCALE, False, False, False)), ["x"]) is False


def test_a_pictures_size_from_kept_boxes_is_the_size_worked_out_afresh(content, cache: Path, monkeypatch) -> None:
    from careplan.render import picture_layout as layout_mod

    names = sorted(content.pictures)
    fresh = {}
    for run in ("first", "next"):
        monkeypatch.setattr(layout_mod, "_PRIMS", PerObject())  # a new process: nothing worked out yet
        monkeypatch.setattr(layout_mod, "_BOXES", PerObject())
        if run == "first":  # worked out, and kept
            for name in names:
                for pregnant in (False, True):
                    picture = content.pictures[name]
                    fresh[name, pregnant] = (layout_mod.built(picture, pregnant)[1],
                                             layout_mod.size(picture, scale=1.0, pregnant=pregnant),
                                             layout_mod.size(picture, 150.0, pregnant=pregnant, stacked=True))
                    monkeypatch.setattr(layout_mod, "_PRIMS", PerObject())
                    assert layout_mod.frame_boxes(picture, pregnant) == fresh[name, pregnant][0]
    assert len(list(cache.glob("*.boxes"))) == 2 * len(names)

    def no_building(*args: object) -> None:
        raise AssertionError("the boxes were worked out although they were kept")

    monkeypatch.setattr(layout_mod, "built", no_building)
    for (name, pregnant), (boxes, size, stacked) in fresh.items():
        picture = content.pictures[name]
        assert layout_mod.frame_boxes(picture, pregnant) == boxes
        assert layout_mod.size(picture, scale=1.0, pregnant=pregnant) == size
        assert layout_mod.size(picture, 150.0, pregnant=pregnant, stacked=True) == stacked


@pytest.mark.parametrize("payload", [[(1.0, 2.0, 3.0)], [[1.0, 2.0, 3.0, 4.0]], [(1.0, 2.0, 3.0, "4")], {"a": 1}])
def test_kept_boxes_of_another_shape_are_ignored(tmp_path: Path, payload: object) -> None:
    import marshal

    from careplan.files import cachefile

    entry = tmp_path / "x.ops"
    tmp_path.chmod(0o700)
    assert cachefile.put(entry, cachefile.seal(opcache.FORMAT, marshal.dumps(payload)))
    assert opcache.get_boxes(entry) is None
    assert opcache.put_boxes(entry, [(1.0, 2, 3.5, 4.0)]) and opcache.get_boxes(entry) == [(1.0, 2, 3.5, 4.0)]


def test_a_handout_whose_pictures_are_kept_never_imports_reportlab_graphics(tmp_path: Path) -> None:
    """Sizes and layouts come from render/picture_layout.py and the drawn pictures from the
    cache: ReportLab's graphics (2 to 3 ms of a cold start) are imported only to draw anew."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    script = ("import io, sys\nfrom careplan.cli import main\n"
              f"main(['--answers', {str(root / 'examples' / 'sciatica.yaml')!r}, '-o', {str(tmp_path / 'h.pdf')!r}],"
              " stdout=io.StringIO())\n"
              "print('reportlab.graphics.shapes' in sys.modules)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert [r.stdout for r in runs] == ["True\n", "False\n"], [r.stderr for r in runs]

"""Pictures: every file loads and draws, exercises show a movement (start and
end), figures stay on their canvas and share one scale, bad pose files are
refused with file and line, the pregnancy variant differs, and drawing stays
cheap (a handout draws five or six pictures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from careplan import records
from careplan.content import figures
from careplan.content.pictures import EXTRA_PICTURES, load_picture
from careplan.errors import CareplanError
from careplan.render import drawing as drawing_mod
from careplan.render import sharing
from careplan.render.drawing import SCALE, drawing
from careplan.render.fonts import register

register()  # drawings name the embedded font

ROOT = Path(__file__).resolve().parents[1]
PICTURES = sorted((ROOT / "templates" / "pictures").glob("*.yaml"))
TEXT_WIDTH = A4[0] - 2 * 17 * mm


def pdf_bytes(d) -> bytes:
    return renderPDF.drawToString(d)


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.stem)
def test_every_picture_file_loads_and_renders(path: Path) -> None:
    pic = load_picture(path)
    for pregnant in (False, True):
        d = drawing(pic, pregnant=pregnant)
        assert d.width > 0 and d.height > 0
        assert pdf_bytes(d).startswith(b"%PDF")


def test_every_file_is_used(content) -> None:
    """A picture file nobody shows is a picture nobody checks."""
    used = {it.picture for it in (*content.positions, *content.exercises)} | set(EXTRA_PICTURES)
    assert used == {p.stem for p in PICTURES}


def test_exercises_show_start_and_end_positions_show_a_pose(content) -> None:
    for item in content.exercises:
        pic = content.pictures[item.picture]
        assert len(pic.frames) >= 2, item.id
        assert all(f.figure is not None for f in pic.frames), item.id
    for item in content.positions:
        pic = content.pictures[item.picture]
        assert len(pic.frames) >= 1 and pic.frames[0].figure is not None, item.id
    up = content.pictures["getting_up"]
    assert len(up.frames) == 3 and all(f.figure is not None for f in up.frames)


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.stem)
def test_poses_and_props_stay_on_the_canvas(path: Path) -> None:
    pic = load_picture(path)
    for frame in pic.frames:
        for pregnant in (False, True):
            x0, y0, x1, y1 = figures.extent(figures.build(frame.figure, pregnant))
            assert 0 <= x0 < x1 <= pic.frame_width and 0 <= y0 < y1 <= pic.height


def test_one_scale_for_every_figure_and_lying_figures_are_large(content) -> None:
    lying_widths = []
    for path in PICTURES:
        pic = load_picture(path)
        d = drawing(pic)
        _, y0, x1, y1 = drawing_mod.bounds(pic)
        assert d.width == pytest.approx(x1 * SCALE) and d.height == pytest.approx((y1 - y0) * SCALE)
        assert d.width <= TEXT_WIDTH, path.stem  # fits the A4 text width without shrinking
        for frame in pic.frames:
            f = frame.figure
            if f.view == "side" and abs(f.angles.get("trunk", 90) - 180) < 15 and f.angles.get("thigh", 0) < 70:
                x0, _, x1, _ = figures.extent(figures.build(f))
                lying_widths.append((path.stem, (x1 - x0) * SCALE))
    assert lying_widths
    for name, w in lying_widths:  # lying with the legs down, as a reader sees it first
        assert w >= TEXT_WIDTH / 3, (name, w / mm)


def test_pregnant_variant_differs(content) -> None:
    for path in PICTURES:
        pic = load_picture(path)
        assert pdf_bytes(drawing(pic)) != pdf_bytes(drawing(pic, pregnant=True)), path.stem


@pytest.mark.parametrize("text,where", [
    ("size: [200, 100]\nframes:\n  - figure: {view: side, hip: [100, 20], elbow: 30}\n",
     "line 3: frame 1, figure: unknown key 'elbow'"),
    ("size: [200, 100]\nframes:\n  - figure: {view: side, hip: [100, 14], trunk: 180}\n"
     "  - figure: {view: side, hip: [100, 14], trunk: up}\n",
     "line 4: frame 2, figure.trunk: expected a number"),
    ("size: [200, 100]\nframes:\n  - figure:\n      view: side\n      hip: [100, 95]\n",
     "line 3: frame 1, figure: the body reaches"),
    ("size: [200, 100]\nframes:\n  - figure: {view: back, hip: [100, 20]}\n", "line 3: frame 1, figure.view"),
    ("size: [200, 100]\nframes:\n  - figure: {view: front, hip: [100, 60], thigh_l: [-90, 5]}\n",
     "line 3: frame 1, figure.thigh_l: expected an angle or [angle, length factor"),
    ("size: [200, 100]\nframes:\n  - shapes:\n      - mat: [10, 150]\n      - arrow: [10, 10, 250, 10]\n",
     "line 5: frame 1, shape 2 (arrow) goes outside the canvas"),
    ("size: [200, 100]\nframes: []\n", "line 2: frames must be a list of 1 to 4 frames"),
])
def test_a_bad_pose_file_names_file_line_and_field(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CareplanError) as info:
        load_picture(path)
    message = str(info.value)
    assert message.startswith(f"{path}, ") and where in message, message


def test_picture_row_passes_the_pregnancy_flag(content) -> None:
    from careplan.i18n import translator
    from careplan.render.blocks import Blocks
    from careplan.render.styles import make_styles

    b = Blocks(translator("en"), make_styles(False), content, TEXT_WIDTH)
    item = content.item("pelvic_tilt_standing")
    plain = b.picture_row(item, [b.p("x")])
    bump = b.picture_row(item, [b.p("x")], pregnant=True)
    assert _ops(plain._cellvalues[0][0]) != _ops(bump._cellvalues[0][0])


def _ops(d, times: int = 1) -> list[str]:
    """The page operators `d` writes when drawn `times` times on one canvas."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO())
    for _ in range(times):
        d.drawOn(canvas, 10, 20)
    return list(canvas._code)


@pytest.mark.parametrize("rtl", [False, True])
def test_a_shared_picture_draws_what_a_fresh_one_does(content, rtl: bool) -> None:
    """Handouts share one Drawing per picture and size, built once and replaying
    its first draw: every later draw must write exactly the fresh operators."""
    for name in sorted(content.pictures)[:8]:
        pic = content.pictures[name]
        for pregnant in (False, True):
            fresh = _ops(drawing(pic, scale=0.7 * SCALE, pregnant=pregnant, rtl=rtl))
            shared = sharing.shared(pic, scale=0.7 * SCALE, pregnant=pregnant, rtl=rtl)
            assert shared is sharing.shared(pic, scale=0.7 * SCALE, pregnant=pregnant, rtl=rtl)
            assert _ops(shared, times=3) == fresh * 3
    bump = sharing.shared(pic, scale=0.7 * SCALE, pregnant=True, rtl=rtl)
    assert _ops(bump) != _ops(sharing.shared(pic, scale=0.7 * SCALE, pregnant=False, rtl=rtl))


def test_the_width_at_scale_one_is_the_drawn_width(content) -> None:
    """The handout picks its picture scale from size() at scale 1, without drawing."""
    for name, pic in content.pictures.items():
        assert drawing_mod.size(pic, scale=1.0)[0] == drawing(pic, scale=1.0).width, name


def test_the_stacked_size_is_the_drawn_size(content) -> None:
    """The layout measures a picture's frames one under the other with
    size(stacked=True), without drawing: it must match the drawing exactly."""
    for name, pic in content.pictures.items():
        d = drawing(pic, scale=0.8, stacked=True)
        assert drawing_mod.size(pic, scale=0.8, stacked=True) == pytest.approx((d.width, d.height), abs=1e-9), name


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.stem)
def test_every_picture_passes_reportlabs_shape_checks(path: Path) -> None:
    """Handouts build pictures with ReportLab's attribute checks off (for speed);
    built with them on, every picture is accepted and draws the same."""
    pic = load_picture(path)
    for pregnant in (False, True):
        for rtl in (False, True):
            fast = drawing(pic, pregnant=pregnant, rtl=rtl)
            checked = drawing(pic, pregnant=pregnant, rtl=rtl, checked=True)
            assert _ops(checked) == _ops(fast)


def test_frames_stacked_keep_the_one_scale(content) -> None:
    """Frames one under the other (beside an item's steps) are each drawn at the
    same scale as side by side: the column is as wide as the widest frame, no wider
    than the row, and taller than it."""
    stacked = 0
    for path in PICTURES:
        pic = load_picture(path)
        if len(pic.frames) < 2:
            continue
        row, column = drawing(pic), drawing(pic, stacked=True)
        one_frame = [records.replace(pic, width=pic.frame_width, frames=(f,)) for f in pic.frames]
        widest = max(drawing(p).width for p in one_frame)
        assert column.width == pytest.approx(widest), path.stem
        assert column.width < row.width and column.height > row.height, path.stem
        stacked += 1
    assert stacked >= 10


def test_a_shared_picture_has_the_size_of_its_drawing_before_it_is_built(content) -> None:
    """The layout reads a shared picture's size without building it: the size
    must be the Drawing's, for every picture, layout, scale and width."""
    for name, pic in content.pictures.items():
        for kw in ({"scale": 0.8}, {"scale": 0.8, "stacked": True}, {"width": 300.0}, {"scale": 1.3, "pregnant": True}):
            fresh = drawing(pic, **kw)
            assert drawing_mod.size(pic, **kw) == (fresh.width, fresh.height), (name, kw)
            assert sharing.shared(pic, **kw).wrap(0, 0) == (fresh.width, fresh.height), (name, kw)

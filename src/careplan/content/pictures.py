"""Pictures as data: posed figures and props described in YAML, validated at load.

A content author adds or changes a picture by editing one YAML file in
templates/pictures/; no Python, no words inside pictures. A picture is one
or more frames (start, end, or the steps of a movement) shown side by side
at one scale. Each frame has a canvas of `size` units (about 1 cm of a
grown-up; y points up, the floor is y = 0), at most one figure, and shapes.

    size: [190, 110]
    frames:
      - figure: {view: side, hip: [100, 14], face: right, trunk: 180, thigh: 50, shin: -50}
        shapes:
          - mat: [10, 180]
          - curve: [120, 50, 110, 80, 90, 70]

Figure (see figures.py; angles in degrees on the page: 0 right, 90 up,
180 left, 270 or -90 down; each limb's direction, not the bend at the joint):
  side view:  hip: [x, y] (the hip joint), face: right|left (the way the
              front of the body faces when standing), trunk, bend (rounds
              the back), head, gaze (where the nose points), thigh, shin,
              foot, arm, forearm; thigh2, shin2, foot2, arm2, forearm2 for
              the far leg and arm (drawn lighter; they default to the near ones).
              A limb may be [angle, length factor] when it points at or away
              from the reader and so looks shorter.
  front view: hip: [x, y] (centre of the pelvis), trunk, head, turn (-1..1:
              the head turned to the reader's left or right), twist (degrees
              the shoulders turn), shrug (units the shoulders lift), arm_l,
              forearm_l, arm_r, forearm_r, thigh_l, shin_l, thigh_r, shin_r,
              foot_l, foot_r; limbs may be [angle, length factor] too. _r is
              the figure's right side, on the reader's left.

Shapes (numbers are canvas units):
  floor:  [x1, y, x2]             the floor: a grey line
  mat:    [x1, x2]                an exercise mat on the floor (y = 0)
  bed:    [x1, x2, h]             a bed whose mattress top is at height h
  pillow: [x, y, w, h]            a pillow, cushion or rolled towel (also: cushion)
  chair:  [x1, x2, h]             a chair from the side: seat from x1 to x2 at
                                  height h, its back at x1 (x1 > x2 puts the back on the right)
  seat:   [x1, x2, h]             a chair or stool from the front
  wall:   [x1, x2, h]             a wall from the floor up to h
  object: [x, y, w, h]            any other furniture: a plain light box
  arrow:  [x1, y1, x2, y2]        the movement: a straight arrow
  curve:  [x1, y1, cx, cy, x2, y2] the movement: a curved arrow through a control point
  both:   true on an arrow or curve for a head at each end (back-and-forth)
  line, circle, dot, ghost        free strokes, kept for older pictures:
                                  [x1, y1, x2, y2, ...], [cx, cy, r], [cx, cy, r], dashed line

The older form, `size` and `shapes` with no frames, is one frame with no figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from careplan.content import figures
from careplan.content.loader import LineDict, LineList, read_yaml
from careplan.errors import N_, CareplanError
from careplan.records import record

SHAPES = {
    "line": None,  # any even count of 4 or more
    "ghost": None,
    "circle": 3,
    "dot": 3,
    "cushion": 4,
    "pillow": 4,
    "object": 4,
    "floor": 3,
    "mat": 2,
    "bed": 3,
    "chair": 3,
    "seat": 3,
    "wall": 3,
    "arrow": 4,
    "curve": 6,
}
MAT_HEIGHT = 2.5
# Pictures that no position or exercise names; the handout shows them next to
# other steps (getting_up: next to "Getting out of bed").
EXTRA_PICTURES = ("getting_up",)
# Where the picture layout leaves room between frames (canvas units).
FRAME_GAP = 10.0

#: Builds the error for a line of the picture file being read.
Fail = Callable[[int, str], CareplanError]


@record
class Shape:
    """A prop or a movement arrow; `points` as the shape's kind reads them (see SHAPES)."""

    kind: str
    points: tuple[float, ...]
    both: bool = False


@record
class Frame:
    """One step of a picture: at most one posed figure, and its props."""

    figure: figures.Pose | None
    shapes: tuple[Shape, ...]


@record
class Picture:
    """`width` and `height`: the whole layout, frames side by side."""
    id: str
    width: float
    height: float
    frames: tuple[Frame, ...]
    frame_width: float = 0.0

    @property
    def shapes(self) -> tuple[Shape, ...]:
        """Every shape of every frame (older callers drew a single frame)."""
        return tuple(s for f in self.frames for s in f.shapes)


def shape_box(s: Shape) -> tuple[float, float, float, float]:
    """The box a shape covers (x0, y0, x1, y1); a curve's control point counts."""
    p, k = s.points, s.kind
    if k in ("line", "ghost", "arrow", "curve"):
        xs, ys = p[0::2], p[1::2]
        return min(xs), min(ys), max(xs), max(ys)
    if k == "floor":
        return min(p[0], p[2]), p[1], max(p[0], p[2]), p[1]
    if k == "mat":
        return min(p[0], p[1]), 0.0, max(p[0], p[1]), MAT_HEIGHT
    if k == "bed":
        return min(p[0], p[1]) - 3, 0.0, max(p[0], p[1]) + 3, p[2]
    if k in ("chair", "seat", "wall"):
        top = p[2] * 2 if k == "chair" else p[2]
        return min(p[0], p[1]), 0.0, max(p[0], p[1]), top
    if k in ("cushion", "pillow", "object"):
        return p[0], p[1], p[0] + p[2], p[1] + p[3]
    return p[0] - p[2], p[1] - p[2], p[0] + p[2], p[1] + p[2]


def load_picture(path: Path) -> Picture:
    """Read and check one picture file; errors name the file, line and field."""
    doc = read_yaml(path)

    def fail(line: int, problem: str) -> CareplanError:
        return CareplanError(N_("{path}, line {line}: {problem}"), path=str(path), line=line, problem=problem)

    if (not isinstance(doc, LineDict) or "size" not in doc or set(doc) - {"size", "shapes", "frames"}
            or ("shapes" in doc) == ("frames" in doc)):
        raise fail(getattr(doc, "line", 1) or 1,
                   "a picture needs the keys 'size' and 'frames' (or 'size' and 'shapes')")
    size = doc["size"]
    if (not isinstance(size, list) or len(size) != 2
            or not all(_number(v) and 10 <= v <= 1000 for v in size)):
        raise fail(doc.line_of("size"), "size must be [width, height], each from 10 to 1000")
    width, height = float(size[0]), float(size[1])
    if "shapes" in doc:
        shapes = _shapes(doc["shapes"], doc.line_of("shapes"), "", width, height, fail)
        frames: tuple[Frame, ...] = (Frame(None, shapes),)
    else:
        raw = doc["frames"]
        if not isinstance(raw, LineList) or not raw or len(raw) > 4:
            raise fail(doc.line_of("frames"), "frames must be a list of 1 to 4 frames")
        frames = tuple(_frame(f, raw.lines[i], f"frame {i + 1}", width, height, fail) for i, f in enumerate(raw))
    n = len(frames)
    return Picture(path.stem, n * width + (n - 1) * FRAME_GAP, height, frames, width)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _frame(f: Any, line: int, where: str, width: float, height: float, fail: Fail) -> Frame:
    if not isinstance(f, LineDict) or not f or set(f) - {"figure", "shapes"}:
        raise fail(line, f"{where}: a frame has a 'figure', 'shapes' or both")
    shapes = _shapes(f["shapes"], f.line_of("shapes"), f"{where}, ", width, height, fail) if "shapes" in f else ()
    pose = _pose(f["figure"], f.line_of("figure"), f"{where}, figure", fail) if "figure" in f else None
    if pose is not None:
        # the pregnant figure covers the plain one (the bump only adds), so one check does for both
        x0, y0, x1, y1 = figures.extent(figures.build(pose, pregnant=True))
        if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
            raise fail(f.line_of("figure"),
                       f"{where}, figure: the body reaches ({x0:.0f}..{x1:.0f}, {y0:.0f}..{y1:.0f}), "
                       f"outside the canvas of {width:g} x {height:g}")
    return Frame(pose, shapes)


def _pose(d: Any, line: int, where: str, fail: Fail) -> figures.Pose:
    if not isinstance(d, LineDict):
        raise fail(line, f"{where}: expected a mapping such as {{view: side, hip: [100, 20], trunk: 90}}")
    view = d.get("view", "side")
    if view not in ("side", "front"):
        raise fail(d.line_of("view"), f"{where}.view: 'side' or 'front', not {view!r}")
    allowed = figures.SIDE_KEYS if view == "side" else figures.FRONT_KEYS
    for key in d:
        if key not in allowed:
            raise fail(d.line_of(key), f"{where}: unknown key '{key}' for the {view} view; allowed: "
                                       f"{', '.join(sorted(allowed))}")
    hip = d.get("hip")
    if not isinstance(hip, list) or len(hip) != 2 or not all(_number(v) for v in hip):
        raise fail(d.line_of("hip"), f"{where}.hip: expected [x, y], where the hip is on the canvas")
    face = d.get("face", "right")
    if face not in ("right", "left"):
        raise fail(d.line_of("face"), f"{where}.face: 'right' or 'left', not {face!r}")
    angles: dict[str, float] = {}
    scales: dict[str, float] = {}
    for key, value in d.items():
        if key in ("view", "hip", "face"):
            continue
        if key in figures.SCALABLE and isinstance(value, list):
            if len(value) != 2 or not all(_number(v) for v in value) or not 0.1 <= value[1] <= 1.5:
                raise fail(d.line_of(key), f"{where}.{key}: expected an angle or [angle, length factor 0.1 to 1.5]")
            angles[key], scales[key] = float(value[0]), float(value[1])
        elif _number(value) and -720 <= value <= 720:
            angles[key] = float(value)
        else:
            raise fail(d.line_of(key), f"{where}.{key}: expected a number (degrees), found {value!r}")
    if "turn" in angles and not -1 <= angles["turn"] <= 1:
        raise fail(d.line_of("turn"), f"{where}.turn: from -1 to 1")
    return figures.Pose(view, (float(hip[0]), float(hip[1])), angles, scales, face)


def _shapes(raw: Any, line: int, where: str, width: float, height: float, fail: Fail) -> tuple[Shape, ...]:
    if not isinstance(raw, LineList) or not raw:
        raise fail(line, f"{where}shapes must be a non-empty list")
    shapes = []
    for i, s in enumerate(raw):
        line = raw.lines[i]
        if not isinstance(s, dict):
            raise fail(line, f"{where}shape {i + 1} must be a mapping such as {{arrow: [0, 0, 10, 10]}}")
        kinds = [k for k in s if k != "both"]
        if len(kinds) != 1 or kinds[0] not in SHAPES:
            raise fail(line, f"{where}shape {i + 1}: use one of {', '.join(SHAPES)}")
        kind = kinds[0]
        pts = s[kind]
        if not isinstance(pts, list) or not all(_number(v) for v in pts):
            raise fail(line, f"{where}shape {i + 1} ({kind}): expected a list of numbers")
        want = SHAPES[kind]
        if (want is None and (len(pts) < 4 or len(pts) % 2)) or (want is not None and len(pts) != want):
            raise fail(line, f"{where}shape {i + 1} ({kind}): wrong count of numbers ({len(pts)})")
        both = s.get("both", False)
        if not isinstance(both, bool) or (both and kind not in ("arrow", "curve")):
            raise fail(line, f"{where}shape {i + 1}: 'both' is true or false, and only on an arrow or curve")
        shape = Shape("cushion" if kind == "pillow" else kind, tuple(float(v) for v in pts), both)
        x0, y0, x1, y1 = shape_box(shape)
        if x0 < 0 or x1 > width or y0 < 0 or y1 > height:
            raise fail(line, f"{where}shape {i + 1} ({kind}) goes outside the canvas of {width:g} x {height:g}")
        shapes.append(shape)
    return tuple(shapes)


class Pictures(Mapping[str, Picture]):
    """Pictures by name, each parsed and validated the first time it is used.

    A handout draws five or six of them, so reading all of them on every run
    would be wasted start-up time; ``load(all_pictures=True)`` (used by
    ``careplan check``, the gallery and the tests) validates every one.
    """

    def __init__(self, files: Mapping[str, Path]) -> None:
        self._files = dict(files)
        self._loaded: dict[str, Picture] = {}

    def __getitem__(self, name: str) -> Picture:
        if name not in self._loaded:
            self._loaded[name] = load_picture(self._files[name])
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

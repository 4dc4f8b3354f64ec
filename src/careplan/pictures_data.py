"""Pictures as data: line drawings described in YAML, validated at load.

A picture is a list of simple shapes on a small canvas (y points up).
Content authors draw or replace a picture by editing one YAML file in
templates/pictures/; no Python, no words inside pictures.

Shapes (numbers are canvas units):
  line:   [x1, y1, x2, y2, ...]   the figure: a thick line through the points
  circle: [cx, cy, r]             a head (outline)
  dot:    [cx, cy, r]             a small filled circle (a hand, a joint)
  cushion: [x, y, w, h]           a pillow, bolster or mat: a light rounded box
  object: [x, y, w, h]            furniture (chair, bed, wall): a plain outline box
  floor:  [x1, y, x2]             the floor or bed surface
  ghost:  [x1, y1, x2, y2, ...]   a dashed line: where the movement goes to
  arrow:  [x1, y1, x2, y2]        a straight arrow showing the movement
  curve:  [x1, y1, cx, cy, x2, y2] a curved arrow through a control point
  both:   true on an arrow or curve for a head at each end (back-and-forth)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .errors import N_, CareplanError

SHAPES = {
    "line": None,  # any even count of 4 or more
    "ghost": None,
    "circle": 3,
    "dot": 3,
    "cushion": 4,
    "object": 4,
    "floor": 3,
    "arrow": 4,
    "curve": 6,
}


@dataclass(frozen=True)
class Shape:
    kind: str
    points: tuple[float, ...]
    both: bool = False


@dataclass(frozen=True)
class Picture:
    id: str
    width: float
    height: float
    shapes: tuple[Shape, ...]


def load_picture(path: Path, read_yaml: Callable[[Path], Any]) -> Picture:
    """Read and check one picture file; errors name the file, line and shape."""
    doc = read_yaml(path)

    def fail(line: int, problem: str) -> CareplanError:
        return CareplanError(N_("{path}, line {line}: {problem}"), path=str(path), line=line, problem=problem)

    if not isinstance(doc, dict) or set(doc) - {"size", "shapes"} or "size" not in doc or "shapes" not in doc:
        raise fail(1, "a picture needs exactly the keys 'size' and 'shapes'")
    size = doc["size"]
    if (not isinstance(size, list) or len(size) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 10 <= v <= 1000 for v in size)):
        raise fail(doc.line_of("size"), "size must be [width, height], each from 10 to 1000")
    width, height = float(size[0]), float(size[1])
    shapes = []
    raw = doc["shapes"]
    if not isinstance(raw, list) or not raw:
        raise fail(doc.line_of("shapes"), "shapes must be a non-empty list")
    for i, s in enumerate(raw):
        line = raw.lines[i]
        if not isinstance(s, dict):
            raise fail(line, f"shape {i + 1} must be a mapping such as {{line: [0, 0, 10, 10]}}")
        kinds = [k for k in s if k != "both"]
        if len(kinds) != 1 or kinds[0] not in SHAPES:
            raise fail(line, f"shape {i + 1}: use one of {', '.join(SHAPES)}")
        kind = kinds[0]
        pts = s[kind]
        if not isinstance(pts, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pts):
            raise fail(line, f"shape {i + 1} ({kind}): expected a list of numbers")
        want = SHAPES[kind]
        if (want is None and (len(pts) < 4 or len(pts) % 2)) or (want is not None and len(pts) != want):
            raise fail(line, f"shape {i + 1} ({kind}): wrong count of numbers ({len(pts)})")
        both = s.get("both", False)
        if not isinstance(both, bool) or (both and kind not in ("arrow", "curve")):
            raise fail(line, f"shape {i + 1}: 'both' is true or false, and only on an arrow or curve")
        if kind in ("line", "ghost", "arrow", "curve"):
            xs, ys = pts[0::2], pts[1::2]
        elif kind == "floor":
            xs, ys = [pts[0], pts[2]], [pts[1]]
        elif kind in ("cushion", "object"):
            xs, ys = [pts[0], pts[0] + pts[2]], [pts[1], pts[1] + pts[3]]
        else:
            xs, ys = [pts[0] - pts[2], pts[0] + pts[2]], [pts[1] - pts[2], pts[1] + pts[2]]
        if min(xs) < 0 or max(xs) > width or min(ys) < 0 or max(ys) > height:
            raise fail(line, f"shape {i + 1} ({kind}) goes outside the canvas of {width:g} x {height:g}")
        shapes.append(Shape(kind, tuple(float(v) for v in pts), both))
    return Picture(path.stem, width, height, tuple(shapes))

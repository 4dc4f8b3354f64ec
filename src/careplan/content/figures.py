"""A pictogram figure from pose data: forward kinematics to simple shapes.

A pose is a handful of segment directions (degrees, 0 = to the right,
90 = up, measured on the page) for one skeleton, seen from the side or from
the front. `build` turns a pose into primitives in canvas units (about one
centimetre of a grown-up), which the renderer strokes and fills. Every
figure uses the same body proportions, so pictures drawn at one scale show
people of one size.

Kept free of ReportLab so a pose can be checked (inside the canvas?) when
the file is loaded, without drawing anything.
"""

from __future__ import annotations

import functools
import math
from dataclasses import field
from itertools import pairwise

from careplan.records import record

# Body proportions (canvas units, about 1 cm of a 170 cm adult).
TRUNK = 50.0       # hip joint to base of the neck
HEAD_R = 10.5
HEAD_GAP = 18.0    # base of the neck to the centre of the head (the head sits slightly apart)
UPPER_ARM = 28.0
FOREARM = 25.0
HAND_R = 4.3
THIGH = 43.0
SHIN = 42.0
FOOT = 13.0
SHOULDER_HALF = 18.0   # front view: half the shoulder width
HIP_HALF = 8.5         # front view: half the distance between the hip joints

# Stroke widths of limbs (thighs thicker than shins, as in the pictogram sets).
W_THIGH, W_SHIN, W_UPPER_ARM, W_FOREARM, W_FOOT = 13.0, 9.5, 8.5, 7.0, 5.5

# Greys (0 black, 1 white): the near side of the body, the far side, props.
NEAR, FAR = 0.12, 0.52

SIDE_KEYS = {"view", "hip", "face", "trunk", "bend", "head", "gaze",
             "thigh", "shin", "foot", "thigh2", "shin2", "foot2",
             "arm", "forearm", "arm2", "forearm2"}
FRONT_KEYS = {"view", "hip", "trunk", "head", "turn", "twist", "shrug",
              "arm_l", "forearm_l", "arm_r", "forearm_r",
              "thigh_l", "shin_l", "thigh_r", "shin_r", "foot_l", "foot_r"}
# Front-view limbs may be [angle, length factor]: a thigh pointing at the reader looks short.
SCALABLE = {"thigh_l", "shin_l", "thigh_r", "shin_r", "arm_l", "forearm_l", "arm_r", "forearm_r",
            "thigh", "shin", "thigh2", "shin2", "arm", "forearm", "arm2", "forearm2"}


@record
class Prim:
    """One thing to draw: a filled polygon, a round-capped stroke or a disc."""
    kind: str                      # "poly" | "stroke" | "disc"
    points: tuple[float, ...]      # poly/stroke: x, y, ...; disc: cx, cy, r
    grey: float = NEAR
    width: float = 0.0             # stroke width
    halo: float = 0.0              # a white edge drawn first, so overlapping parts stay apart
    part: int = 0                  # parts of one limb share a number: one halo for the whole limb


@record
class Pose:
    """Segment directions of one figure; see SIDE_KEYS and FRONT_KEYS."""
    view: str
    hip: tuple[float, float]
    angles: dict[str, float] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    face: str = "right"


def _step(p: tuple[float, float], angle: float, length: float) -> tuple[float, float]:
    a = math.radians(angle)
    return p[0] + length * math.cos(a), p[1] + length * math.sin(a)


def _lerp(profile: tuple[tuple[float, float], ...], t: float) -> float:
    for (t0, v0), (t1, v1) in pairwise(profile):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return profile[-1][1] if t > profile[-1][0] else profile[0][1]


@functools.lru_cache(maxsize=512)
def _smooth(profile: tuple[tuple[float, float], ...], t: float) -> float:
    """A body outline: the profile averaged over a short window, so it has no corners or waves."""
    return sum(_lerp(profile, t + k * 0.03) for k in range(-3, 4)) / 7


# Side view: distance from the spine line to the back and to the front.
BACK = ((-0.14, 3.0), (-0.06, 9.0), (0.1, 11.0), (0.3, 9.0), (0.5, 8.0), (0.8, 9.0), (1.0, 7.0), (1.12, 2.0))
FRONT = ((-0.14, 3.0), (-0.06, 8.0), (0.15, 8.5), (0.45, 8.0), (0.75, 10.0), (0.95, 8.0), (1.12, 2.0))
# Front view: half the width of the trunk.
WIDTH = ((-0.12, 12.0), (0.0, 15.5), (0.18, 15.0), (0.45, 12.5), (0.78, 16.0), (0.92, 19.0), (1.04, 12.0),
         (1.1, 6.0))


def _bump(t: float) -> float:
    """The pregnancy bump, as extra depth at the front of the lower trunk."""
    d = abs(t - 0.3) / 0.3
    return 0.0 if d >= 1 else 11.0 * (1 + math.cos(math.pi * d)) / 2


def build(pose: Pose, pregnant: bool = False) -> list[Prim]:
    """The primitives of one figure, far side first; each limb numbered as one part."""
    prims = _side(pose, pregnant) if pose.view == "side" else _front(pose, pregnant)
    out, part, prev = [], 0, None
    for p in prims:
        joined = prev is not None and p.kind != "poly" and prev.kind != "poly" and _touches(prev, p)
        part += 0 if joined else 1
        out.append(Prim(p.kind, p.points, p.grey, p.width, p.halo, part))
        prev = p
    return out


def _touches(a: Prim, b: Prim) -> bool:
    """Does b start where a ends (the next segment of the same limb)?"""
    if a.kind != "stroke" or a.grey != b.grey:
        return False
    ex, ey = a.points[-2], a.points[-1]
    return math.hypot(b.points[0] - ex, b.points[1] - ey) < 4.0


def _side(pose: Pose, pregnant: bool) -> list[Prim]:
    a = pose.angles
    trunk = a.get("trunk", 90.0)
    bend = a.get("bend", 0.0)
    turn = -1.0 if pose.face == "right" else 1.0   # towards the front
    # The spine as an arc: `bend` > 0 rounds the back (curls forwards).
    t_lo, t_hi, steps = -0.14, 1.12, 30
    start = _step(pose.hip, trunk + turn * bend * (t_lo - 0.5), t_lo * TRUNK)
    spine, dirs, tt = [start], [trunk + turn * bend * (t_lo - 0.5)], [t_lo]
    dt = (t_hi - t_lo) / steps
    p = start
    for i in range(steps):
        d = trunk + turn * bend * (t_lo + (i + 0.5) * dt - 0.5)
        p = _step(p, d, dt * TRUNK)
        spine.append(p)
        dirs.append(d)
        tt.append(t_lo + (i + 1) * dt)

    def at(t: float) -> tuple[tuple[float, float], float]:
        i = min(range(len(tt)), key=lambda k: abs(tt[k] - t))
        return spine[i], dirs[i]

    front_pts, back_pts = [], []
    for p, d, t in zip(spine, dirs, tt, strict=True):
        f = _smooth(FRONT, t) + (_bump(t) if pregnant else 0.0)
        b = _smooth(BACK, t)
        front_pts.append(_step(p, d + 90 * turn, f))
        back_pts.append(_step(p, d - 90 * turn, b))
    torso = [c for pt in front_pts + back_pts[::-1] for c in pt]

    neck, neck_dir = at(1.0)
    shoulder, _ = at(0.9)
    head_dir = a.get("head", neck_dir)
    head = _step(neck, head_dir, HEAD_GAP)
    gaze = a.get("gaze", head_dir - 90 if pose.face == "right" else head_dir + 90)
    tip = _step(head, gaze, HEAD_R + 2.6)
    side1 = _step(head, gaze + 28, HEAD_R - 0.8)
    side2 = _step(head, gaze - 28, HEAD_R - 0.8)
    nose = [*side1, *tip, *side2]

    sc = pose.scales

    def leg(thigh: float, shin: float, foot: float | None, grey: float, halo: float, far: str = "") -> list[Prim]:
        knee = _step(pose.hip, thigh, THIGH * sc.get("thigh" + far, sc.get("thigh", 1.0)))
        ankle = _step(knee, shin, SHIN * sc.get("shin" + far, sc.get("shin", 1.0)))
        fdir = foot if foot is not None else shin + (90 if pose.face == "right" else -90)
        heel = _step(ankle, fdir + 180, 2.5)
        toe = _step(ankle, fdir, FOOT)
        return [Prim("stroke", (*pose.hip, *knee), grey, W_THIGH, halo),
                Prim("stroke", (*knee, *ankle), grey, W_SHIN, halo),
                Prim("stroke", (*heel, *toe), grey, W_FOOT, halo)]

    def arm(upper: float, fore: float, grey: float, halo: float, far: str = "") -> list[Prim]:
        elbow = _step(shoulder, upper, UPPER_ARM * sc.get("arm" + far, sc.get("arm", 1.0)))
        wrist = _step(elbow, fore, FOREARM * sc.get("forearm" + far, sc.get("forearm", 1.0)))
        hand = _step(wrist, fore, 2.0)
        return [Prim("stroke", (*shoulder, *elbow), grey, W_UPPER_ARM, halo),
                Prim("stroke", (*elbow, *wrist), grey, W_FOREARM, halo),
                Prim("disc", (*hand, HAND_R), grey, 0, halo)]

    thigh = a.get("thigh", trunk + 180)
    shin = a.get("shin", thigh)
    arm_a = a.get("arm", trunk + 180)
    fore = a.get("forearm", arm_a)
    out: list[Prim] = []
    out += arm(a.get("arm2", arm_a), a.get("forearm2", fore), FAR, 0, "2")
    out += leg(a.get("thigh2", thigh), a.get("shin2", shin), a.get("foot2", a.get("foot")), FAR, 0, "2")
    out.append(Prim("poly", tuple(torso), NEAR))
    out += leg(thigh, shin, a.get("foot"), NEAR, 1.4)
    out.append(Prim("disc", (*head, HEAD_R), NEAR, 0, 1.4))
    out.append(Prim("poly", tuple(nose), NEAR))
    out += arm(arm_a, fore, NEAR, 1.4)
    return out


def _front(pose: Pose, pregnant: bool) -> list[Prim]:
    a, s = pose.angles, pose.scales
    trunk = a.get("trunk", 90.0)
    twist = a.get("twist", 0.0)         # upper body turned: shoulders look narrower
    narrow = math.cos(math.radians(twist))
    hip = pose.hip
    perp = trunk - 90                   # towards the figure's left side (the reader's right)

    def spine(t: float) -> tuple[float, float]:
        return _step(hip, trunk, t * TRUNK)

    left, right = [], []
    for i in range(25):
        t = -0.12 + (1.1 + 0.12) * i / 24
        w = _smooth(WIDTH, t)
        if t > 0.5:
            w = w * (1 - (1 - narrow) * min(1.0, (t - 0.5) / 0.4))
        if pregnant:
            w += _bump(t) * 0.2
        c = spine(t)
        right.append(_step(c, perp, w))
        left.append(_step(c, perp + 180, w))
    torso = [c for pt in right + left[::-1] for c in pt]

    neck = spine(1.0)
    shrug = a.get("shrug", 0.0)
    sh_half = SHOULDER_HALF * narrow
    sh_l = _step(_step(spine(0.9), perp, sh_half - 4), trunk, shrug)
    sh_r = _step(_step(spine(0.9), perp + 180, sh_half - 4), trunk, shrug)
    if shrug:  # lift the outline of the shoulders with them
        torso = _lift_shoulders(torso, spine(0.9), trunk, shrug)
    head_dir = a.get("head", trunk)
    head = _step(neck, head_dir, HEAD_GAP)
    turn = a.get("turn", math.sin(math.radians(twist)))
    parts: list[Prim] = []

    def limb(root: tuple[float, float], upper: float, lower: float, l1: float, l2: float, w1: float, w2: float,
             key1: str, key2: str, end: str) -> list[Prim]:
        mid = _step(root, upper, l1 * s.get(key1, 1.0))
        tip = _step(mid, lower, l2 * s.get(key2, 1.0))
        out = [Prim("stroke", (*root, *mid), NEAR, w1, 1.4), Prim("stroke", (*mid, *tip), NEAR, w2, 1.4)]
        if end == "hand":
            out.append(Prim("disc", (*_step(tip, lower, 2.0), HAND_R), NEAR, 0, 1.4))
        return out

    hip_l = _step(hip, perp, HIP_HALF)
    hip_r = _step(hip, perp + 180, HIP_HALF)
    behind: list[Prim] = []
    in_front: list[Prim] = []
    for side, root in (("r", hip_r), ("l", hip_l)):
        th = a.get(f"thigh_{side}", trunk + 180)
        sn = a.get(f"shin_{side}", th)
        leg = limb(root, th, sn, THIGH, SHIN, W_THIGH, W_SHIN, f"thigh_{side}", f"shin_{side}", "foot")
        knee = _step(root, th, THIGH * s.get(f"thigh_{side}", 1.0))
        ankle = _step(knee, sn, SHIN * s.get(f"shin_{side}", 1.0))
        out_dir = a.get(f"foot_{side}", sn + (-60 if side == "r" else 60))
        leg.append(Prim("stroke", (*ankle, *_step(ankle, out_dir, 6.0)), NEAR, W_FOOT + 1.5, 1.4))
        # a thigh drawn short points at the reader, so it is in front of the trunk
        (in_front if s.get(f"thigh_{side}", 1.0) < 0.6 else behind).extend(leg)
    parts += behind
    parts.append(Prim("poly", tuple(torso), NEAR))
    parts += in_front
    # head: a disc with ears; turned, the nose shows at one side and the far ear hides
    parts.append(Prim("disc", (*head, HEAD_R), NEAR, 0, 1.4))
    for sign in (1, -1):
        if turn * sign > 0.5:
            continue  # the ear on the side the face turned to is hidden behind the head
        ear = _step(head, head_dir - 90 * sign + turn * 25 * sign, HEAD_R - 0.5)
        parts.append(Prim("disc", (*ear, 2.6), NEAR))
    if abs(turn) > 0.3:
        g = head_dir - 90 if turn > 0 else head_dir + 90
        tip = _step(head, g, HEAD_R + 3.5)
        parts.append(Prim("poly", (*_step(head, g + 32, HEAD_R - 0.8), *tip, *_step(head, g - 32, HEAD_R - 0.8)),
                          NEAR))
    for side, root in (("r", sh_r), ("l", sh_l)):
        up = a.get(f"arm_{side}", trunk + 180 + (-8 if side == "r" else 8))
        lo = a.get(f"forearm_{side}", up)
        parts += limb(root, up, lo, UPPER_ARM, FOREARM, W_UPPER_ARM, W_FOREARM, f"arm_{side}", f"forearm_{side}",
                      "hand")
    return parts


def _lift_shoulders(torso: list[float], base: tuple[float, float], trunk: float, rise: float) -> list[float]:
    """Move the outline points above the chest up by `rise`, smoothly."""
    ux, uy = math.cos(math.radians(trunk)), math.sin(math.radians(trunk))
    out = []
    for x, y in zip(torso[0::2], torso[1::2], strict=True):
        along = (x - base[0]) * ux + (y - base[1]) * uy
        k = max(0.0, min(1.0, (along + 10) / 10))
        out += [x + ux * rise * k, y + uy * rise * k]
    return out


def extent(prims: list[Prim]) -> tuple[float, float, float, float]:
    """The box the primitives cover, stroke widths included (halos are white: left out)."""
    xs, ys = [], []
    for p in prims:
        if p.kind == "disc":
            r = p.points[2]
            xs += [p.points[0] - r, p.points[0] + r]
            ys += [p.points[1] - r, p.points[1] + r]
        else:
            pad = p.width / 2
            xs += [v - pad for v in p.points[0::2]] + [v + pad for v in p.points[0::2]]
            ys += [v - pad for v in p.points[1::2]] + [v + pad for v in p.points[1::2]]
    return min(xs), min(ys), max(xs), max(ys)

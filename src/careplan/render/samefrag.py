"""ReportLab's sameFrag for the fragments its parser makes, without the exceptions.

Line breaking asks sameFrag whether two neighbouring fragments have one style
at every word of a paragraph with more than one fragment (every Arabic one:
its words are in <font> runs). ReportLab's C version asks with hasattr and
getattr for attributes a fragment seldom has (cbDefn, lineBreak, us_lines,
link, backColor, nobr), and each missing one raises and clears an
AttributeError: about 15 microseconds a call here, 1,300 calls in a cold
Arabic handout. A ParaFrag keeps its attributes in its __dict__ (its class
and ABag define none of these names and no __getattr__), so looking there
gives the same answer: same_frag() does that and hands any other object to
ReportLab's own. tests/test_samefrag.py compares the two over fragments
with these attributes present, absent, None, equal and different.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# the attributes ReportLab's sameFrag compares, in its order (rl_accel's _rl_accel.c)
NAMES = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_SPECIAL = ("cbDefn", "lineBreak")  # a fragment with either is never the same as another
_ABSENT = object()


@cache
def _plain_class() -> type | None:
    """ParaFrag when its attributes can only live in an instance's __dict__, else None."""
    from reportlab.platypus.paraparser import ParaFrag

    if (any(hasattr(ParaFrag, n) for n in (*NAMES, *_SPECIAL, "__getattr__"))
            or ParaFrag.__getattribute__ is not object.__getattribute__):
        return None
    plain: type = ParaFrag
    return plain


def same_frag(f: Any, g: Any) -> bool:
    """ReportLab's sameFrag(f, g): True when two fragments draw in one style."""
    plain = _plain_class()
    if plain is None or type(f) is not plain or type(g) is not plain:
        from reportlab.lib.rl_accel import sameFrag

        return bool(sameFrag(f, g))
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "cbDefn" in gd or "lineBreak" in fd or "lineBreak" in gd:
        return False
    for name in NAMES:
        a, b = fd.get(name, _ABSENT), gd.get(name, _ABSENT)
        if a is b:  # one object, or absent from both: the same (the C code compares only when both have it)
            continue
        if a is _ABSENT or b is _ABSENT or a != b:
            return False
    return True


@cache
def install() -> None:
    """Make ReportLab's line breaking compare fragments with same_frag (once per process)."""
    from reportlab.platypus import paragraph

    paragraph.sameFrag = same_frag

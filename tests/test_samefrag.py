"""samefrag.same_frag must answer as ReportLab's C sameFrag for every pair of fragments."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color, black, red
from reportlab.lib.rl_accel import sameFrag
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

from careplan.render import samefrag

_SHARED = [1, 2]
_VALUES = st.sampled_from([None, 0, 0.0, 1, 12, 12.0, "CarePlanSans", "CarePlanArabic", black, red,
                           Color(0, 0, 0), Color(1, 0, 0), _SHARED, [1, 2], [], "", False, True])
_NAMES = st.sampled_from([*samefrag.NAMES, "cbDefn", "lineBreak", "text", "sps", "bold"])


def _frag(attrs: dict[str, Any]) -> ParaFrag:
    return ParaFrag(**attrs)


@settings(max_examples=1500)
@given(common=st.dictionaries(_NAMES, _VALUES, max_size=6), f_only=st.dictionaries(_NAMES, _VALUES, max_size=3),
       g_only=st.dictionaries(_NAMES, _VALUES, max_size=3))
def test_same_answer_as_reportlab_s(common: dict[str, Any], f_only: dict[str, Any], g_only: dict[str, Any]) -> None:
    f, g = _frag({**common, **f_only}), _frag({**common, **g_only})
    assert samefrag.same_frag(f, g) is sameFrag(f, g)
    assert samefrag.same_frag(g, f) is sameFrag(g, f)
    assert samefrag.same_frag(f, f) is sameFrag(f, f)


def test_a_fragment_of_another_class_is_compared_by_reportlab() -> None:
    class Shadowed(ParaFrag):
        link = "x"  # a class attribute: only getattr sees it

    f, g = ParaFrag(fontName="A"), Shadowed(fontName="A")
    # what C answers here depends on its order of lookups (True one way, False the other): the same
    assert [samefrag.same_frag(f, g), samefrag.same_frag(g, f)] == [sameFrag(f, g), sameFrag(g, f)] == [True, False]
    assert samefrag.same_frag(ABag(fontName="A"), ABag(fontName="A")) is True


def test_line_breaking_uses_it_once_a_paragraph_class_is_made() -> None:
    from reportlab.platypus import Paragraph

    from careplan.render.memo import memo_class

    memo_class(Paragraph)
    assert paragraph.sameFrag is samefrag.same_frag

"""render/subsetter.py must make, for any code list, the bytes ReportLab's makeSubset gives once
render/subset.py has trimmed them: every face careplan embeds, composite glyphs included."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from careplan.render import fonts, subset, subsetter


def _faces() -> list[Any]:
    """PT Sans (with composite glyphs), and the fallbacks of Arabic, Chinese (a cut weight) and Greek."""
    fonts.register()
    names = [fonts.FAMILY, fonts.BOLD]
    for fb in filter(None, (fonts.font_for(text) for text in ("مرحبا", "你好", "Ωμέγα"))):
        if fonts.register_fallback(fb) is not None:
            names += [fb.name, fb.face(bold=True)]
    faces = list({id(f): f for f in (pdfmetrics.getFont(n).face for n in dict.fromkeys(names))}.values())
    assert len(faces) >= 4
    return faces


FACES = _faces()


def _reportlab(face: Any, codes: list[int]) -> bytes:
    return subset.trim(TTFontFile.makeSubset(face, codes))


def _composites(face: Any) -> list[int]:
    """Characters of the face drawn by composite glyphs (accented letters in PT Sans)."""
    import struct

    start, pos = face.get_table_pos("glyf")[0], face.glyphPos
    found = []
    for code, gid in sorted(face.charToGlyph.items()):
        head = bytes(face._ttf_data[start + pos[gid]:start + pos[gid] + 2])
        if pos[gid + 1] - pos[gid] > 2 and struct.unpack(">h", head)[0] < 0:
            found.append(code)
    return found


def test_every_face_is_made_here_and_pt_sans_has_composite_glyphs() -> None:
    assert all(subsetter.usable(face) for face in FACES)
    assert len(_composites(FACES[0])) > 20


def _name(face: Any) -> str:
    return face.name.decode("latin-1") if isinstance(face.name, bytes) else str(face.name)


@pytest.mark.parametrize("face", FACES, ids=_name)
def test_a_documents_subsets_as_reportlab_makes_them(face: Any) -> None:
    chars = sorted(face.charToGlyph)
    first = [0] + [32] * 32 + chars[:200]  # a first subset as a document codes it: notdef, spaces, letters
    later = [0] + chars[-255:]  # a later one
    mixed = [0] + _composites(face)[:100] + chars[::max(1, len(chars) // 120)][:150]
    for codes in (first, later, mixed, [0], [0, 0x10FFFF, 0xE000]):
        assert subsetter.make(face, codes) == _reportlab(face, codes)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_code_list_as_reportlab_makes_it(data: st.DataObject) -> None:
    face = data.draw(st.sampled_from(FACES))
    known = sorted(face.charToGlyph)
    pool = st.one_of(st.sampled_from(known), st.sampled_from(_composites(face) or known), st.integers(0, 0x10FFFF))
    codes = data.draw(st.lists(pool, min_size=1, max_size=256))
    assert subsetter.make(face, codes) == _reportlab(face, codes)

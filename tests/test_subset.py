"""Embedded font subsets (render/subset.py): no hinting, a short name table that
still carries the copyright, the licence and the font's own name, the same
outlines, metrics and characters as ReportLab's subset, and the same bytes
every time."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from careplan.render import fonts
from careplan.render.fontparts import NAME_IDS
from careplan.render.subset import tables, trim

CHARS = sorted(map(ord, "Your plan for back pain: lie on your side, 20–30 minutes. Ваш план «ёЁ» ÄÖÜßéçñ"))


@pytest.fixture(scope="module", params=sorted(fonts.font_files()))
def pair(request) -> tuple[bytes, bytes]:
    face = TTFont(request.param, str(fonts.font_files()[request.param])).face
    original = type(face).makeSubset(face, CHARS)  # ReportLab's own subset
    return original, trim(original)


def test_hinting_goes_and_the_subset_shrinks(pair) -> None:
    original, trimmed = pair
    assert {"fpgm", "prep", "cvt "} <= set(tables(original))
    assert not {"fpgm", "prep", "cvt "} & set(tables(trimmed))
    assert len(trimmed) < len(original) / 2
    font = FontToolsFont(io.BytesIO(trimmed))
    glyf = font["glyf"]
    assert all(not hasattr(glyf[g], "program") or not glyf[g].program.getBytecode()
               for g in font.getGlyphOrder())


def test_outlines_metrics_and_characters_are_ReportLabs(pair) -> None:
    original, trimmed = pair
    old, new = FontToolsFont(io.BytesIO(original)), FontToolsFont(io.BytesIO(trimmed))
    assert old.getGlyphOrder() == new.getGlyphOrder()
    assert old["cmap"].getBestCmap() == new["cmap"].getBestCmap()
    assert old["hmtx"].metrics == new["hmtx"].metrics
    for g in old.getGlyphOrder():
        a, b = old["glyf"][g], new["glyf"][g]
        assert a.getCoordinates(old["glyf"])[0] == b.getCoordinates(new["glyf"])[0], g
        assert a.getCoordinates(old["glyf"])[2] == b.getCoordinates(new["glyf"])[2], g


def test_the_name_table_keeps_copyright_licence_and_name_once(pair) -> None:
    original, trimmed = pair
    old, new = FontToolsFont(io.BytesIO(original))["name"], FontToolsFont(io.BytesIO(trimmed))["name"]
    ids = [r.nameID for r in new.names]
    assert sorted(ids) == sorted(set(ids)) and set(ids) <= set(NAME_IDS)
    for name_id in (0, 1, 4, 6, 14):  # copyright, family, full name, PostScript name, licence URL
        assert new.getDebugName(name_id) == old.getDebugName(name_id)
    assert new.getDebugName(1) == "PT Sans"  # not renamed
    # the licence record: its copyright, reserved font names and the licence's name, not its full text
    # (the OFL's FAQ 1.10: an embedded font need not carry it)
    licence, full = new.getDebugName(13), old.getDebugName(13)
    assert len(full) > 4000 and full.startswith(licence)
    assert licence.startswith("Copyright (c) 2010, ParaType Ltd.") and 'Reserved Font Names "PT Sans"' in licence
    assert licence.endswith("This Font Software is licensed under the Open Font License, Version 1.1")
    assert new.getDebugName(14).startswith("http")


def test_the_same_subset_gives_the_same_bytes(pair) -> None:
    original, trimmed = pair
    assert trim(original) == trimmed
    assert trim(trimmed) == trimmed  # nothing left to drop


# ---------------------------------------------------------------- subsets kept in memory

def _fresh_trimmed(path, monkeypatch, keep: int):
    from careplan.render import subset

    monkeypatch.setattr(subset, "KEEP", keep)
    return subset.trimmed(TTFont("careplan-test-face", str(path)))


def _code_lists(n: int) -> list[list[int]]:
    """n different code lists, some sharing a start (as handouts do)."""
    letters = [ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    return [[0, *letters[: 10 + i % 40], *([ord("é")] if i % 3 else [])] for i in range(n)]


def test_a_kept_subset_is_the_one_ReportLab_and_trim_would_make(monkeypatch) -> None:
    """Asked in any order, more times than there is room to keep them (so some are
    made again after being dropped): always trim(ReportLab's subset), and a kept
    subset is the very same object (made once)."""
    import random

    path = fonts.font_files()[fonts.FAMILY]
    font = _fresh_trimmed(path, monkeypatch, keep=4)
    face = font.face
    lists = _code_lists(9)
    expected = [trim(type(face).makeSubset(face, codes)) for codes in lists]
    rng = random.Random(7)
    for _ in range(60):
        i = rng.randrange(len(lists))
        assert face.makeSubset(list(lists[i])) == expected[i]
    assert len(face._careplan_made.subsets) == 4
    codes = lists[0]
    first = face.makeSubset(codes)
    assert face.makeSubset(list(codes)) is first


def test_the_font_stream_is_flate_of_the_subset_and_the_pdf_is_the_same(monkeypatch) -> None:
    """A handout drawn twice in one process (the second time from kept subsets and
    their kept compression) gives the same bytes, and each embedded font file
    decompresses to a trimmed subset."""
    import datetime as dt
    import re
    import zlib

    from careplan.content import loading
    from careplan.contract import answers
    from careplan.planning.planner import make_plan
    from careplan.render.handout import HandoutOptions, render_handout
    from tests.conftest import EXAMPLES

    content = loading.load()
    a = answers.load(EXAMPLES / "sciatica.yaml")
    plan = make_plan(a, content, locale="ru", region=a.region)
    opts = HandoutOptions(date=dt.date(2026, 11, 22))
    first = render_handout(a, plan, content, opts)
    second = render_handout(a, plan, content, opts)
    assert first == second
    streams = re.findall(rb"/Length1 (\d+).*?stream\n(.*?)endstream", first, re.S)
    assert streams
    for length, data in streams:
        font = zlib.decompress(data)
        assert len(font) == int(length)
        assert not {"fpgm", "prep", "cvt "} & set(tables(font))


def test_each_to_unicode_map_is_flate_of_reportlabs_and_compressed_once_while_kept(monkeypatch) -> None:
    """The ToUnicode map of a subset is compressed once and kept by its text: the PDF carries exactly
    the Flate of ReportLab's map (render/flate.py), a second handout with the same letters reuses
    the compression, and a handout with other letters gets its own map."""
    import datetime as dt
    import re
    import zlib

    from careplan.content import loading
    from careplan.contract import answers
    from careplan.planning.planner import make_plan
    from careplan.render import flate
    from careplan.render.handout import HandoutOptions, render_handout
    from tests.conftest import EXAMPLES

    made: list[str] = []
    real = flate.kept

    def counted(data: bytes | str) -> bytes:
        if isinstance(data, str) and data.startswith("/CIDInit"):
            made.append(data)
        return real(data)

    content = loading.load()
    a = answers.load(EXAMPLES / "sciatica.yaml")
    opts = HandoutOptions(date=dt.date(2026, 11, 22))
    pdfs, counts = [], []
    monkeypatch.setattr(flate, "kept", counted)
    for locale in ("ru", "ru", "es"):
        pdfs.append(render_handout(a, make_plan(a, content, locale=locale, region=a.region), content, opts))
        counts.append(len(made))
    assert pdfs[0] == pdfs[1] and counts[1] == counts[0]  # the second: every map from the kept ones
    assert len(set(made)) == len(made)  # none compressed twice
    maps = []
    for pdf in pdfs:
        for data in re.findall(rb"stream\n(.*?)endstream", pdf, re.S):
            try:
                text = zlib.decompress(data)
            except zlib.error:
                continue
            if text.startswith(b"/CIDInit"):
                assert data == real(text)  # exactly the kept compression of ReportLab's own map
                maps.append(text)
    assert len(maps) >= 3


def test_each_font_s_widths_are_reportlabs_own_array_written_once(monkeypatch) -> None:
    """Each subset's /Widths written once per process gives the very PDF that ReportLab's own
    arrays give (each handout drawn again with the kept arrays turned off), handouts of other
    letters get arrays of their own, and the same widths are written once."""
    import datetime as dt
    import re

    from careplan.content import loading
    from careplan.contract import answers
    from careplan.planning.planner import make_plan
    from careplan.render import subset
    from careplan.render.handout import HandoutOptions, render_handout
    from tests.conftest import EXAMPLES

    content = loading.load()
    opts = HandoutOptions(date=dt.date(2026, 11, 22))
    kept = subset._kept_widths
    seen: dict[bytes, int] = {}
    for name, locale in (("sciatica.yaml", "ru"), ("sciatica.yaml", "en"), ("neck-office.yaml", "es"),
                         ("pregnancy-28-weeks.yaml", "ar"), ("sciatica.yaml", "ru")):
        a = answers.load(EXAMPLES / name)
        plan = make_plan(a, content, locale=locale, region=a.region)
        monkeypatch.setattr(subset, "_kept_widths", kept)
        pdf = render_handout(a, plan, content, opts)
        monkeypatch.setattr(subset, "_kept_widths", lambda doc: None)
        assert render_handout(a, plan, content, opts) == pdf
        arrays = re.findall(rb"/Widths (\[ .*? \])", pdf, re.S)
        assert len(arrays) >= 2  # regular and bold
        for array in arrays:
            seen[array] = seen.get(array, 0) + 1
    assert len(seen) >= 7  # different letters, different widths
    assert 2 in seen.values()  # the Russian handout again: the same arrays
    assert all(array in subset._WIDTHS.values() for array in seen)



def test_each_to_unicode_map_is_reportlabs_made_once_per_subset_name_and_codes() -> None:
    """ReportLab writes a map for every subset of every handout: the kept text is the one its
    makeToUnicodeCMap makes, made once for the same name and codes, apart for any other."""
    from reportlab.pdfbase import ttfonts

    from careplan.render import subset as subset_module

    fonts.register()
    subset_module.trimmed(pdfmetrics.getFont(fonts.FAMILY))  # as every handout font is
    kept = ttfonts.makeToUnicodeCMap
    made = kept.__wrapped__  # ReportLab's own
    subset = [32, 1046, 1078, 65]
    first = kept("AAAAAA+Test", list(subset))
    assert first == made("AAAAAA+Test", list(subset))
    assert kept("AAAAAA+Test", list(subset)) is first  # made once
    for name, other in (("AAAAAA+Test", [*subset, 66]), ("AAAAAB+Test", subset)):
        assert kept(name, list(other)) == made(name, list(other)) != first
    subset_module._keep_cmaps()
    assert ttfonts.makeToUnicodeCMap is kept  # installed once, never wrapped twice

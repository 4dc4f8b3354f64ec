"""render/glyph_first.py: a language whose font is shaped (Arabic) codes its catalog's glyphs first,
so its handouts share codes, font subsets and paragraph records; and what is printed never depends
on the cache or on what the process drew before."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml
from reportlab.pdfbase import pdfdoc

from careplan import i18n
from careplan.cli import main
from careplan.i18n.translation import compile_po
from careplan.render import glyph_first

DATE = "2026-11-28"
BASE = {"version": 1, "age": 40, "locations": ["lower_back"], "duration": "under_1_week",
        "onset": "sudden", "activity": "moderate", "region": "GB"}
CHILD = {**BASE, "age": 9, "region": "DE"}


def _planned() -> tuple[tuple[object, glyph_first.Rows], ...]:
    t = i18n.translator("ar")
    return glyph_first.plan(t.letters(), t.printed_words())


def _render(tmp_path: Path, answers: dict, name: str, lang: str = "ar") -> bytes:
    source = tmp_path / f"{name}.yaml"
    source.write_text(yaml.safe_dump(answers), encoding="utf-8")
    out = tmp_path / f"{name}-{lang}.pdf"
    assert main(["--answers", str(source), "--lang", lang, "--date", DATE, "-o", str(out)],
                stdout=io.StringIO(), stderr=io.StringIO()) == 0
    return out.read_bytes()


def _streams(pdf: bytes, font: str) -> list[bytes]:
    """The embedded font files, Widths and ToUnicode maps of the subsets of `font` (by BaseFont name)."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            f = ref.get_object()
            if font in f["/BaseFont"]:
                found.append(f["/FontDescriptor"]["/FontFile2"].get_object().get_data()
                             + repr(list(f["/Widths"])).encode() + f["/ToUnicode"].get_object().get_data())
    return sorted(set(found))


def test_only_languages_with_a_shaped_font_plan_glyphs() -> None:
    for locale in ("en", "ru", "es", "zh", i18n.PSEUDO_LOCALE):
        t = i18n.translator(locale)
        assert glyph_first.plan(t.letters(), t.printed_words()) == (), locale
    planned = _planned()
    assert [font.fontName for font, _ in planned] == ["CarePlanArabic", "CarePlanArabic-Bold"]
    for _, rows in planned:
        gids = [gid for gid, _ in rows]
        assert 100 < len(gids) == len(set(gids)) and 0 not in gids
        assert all(letters for _, letters in rows)


def test_catalog_glyphs_get_the_same_codes_whatever_a_document_draws_first() -> None:
    planned = _planned()
    font, rows = planned[0]
    glyph_first.code_first(pdfdoc.PDFDocument(), planned)  # glyphs without a character get their private codes
    drawn = [chr(font.face.glyphToChar[gid][0]) for gid, _ in rows]
    first, second = "".join(drawn[::-1]), "".join(drawn[len(drawn) // 2:] + drawn[:7])
    codes = []
    for text in (first, second):
        doc = pdfdoc.PDFDocument()
        glyph_first.code_first(doc, planned)
        font.splitString(text, doc)
        codes.append(font.state[doc].assignments)
        assert not doc.delayedFonts  # coding a glyph first embeds nothing by itself
    assert codes[0] == codes[1]
    # in the catalog's order, the most used first
    assert [codes[0][ord(c)] for c in drawn] == sorted(codes[0][ord(c)] for c in drawn)
    plain = pdfdoc.PDFDocument()
    font.splitString(second, plain)  # without: the glyphs drawn first take the first codes
    assert font.state[plain].assignments != codes[0]


def test_two_arabic_handouts_embed_the_same_arabic_subsets(tmp_path: Path) -> None:
    adult, child = _render(tmp_path, BASE, "adult"), _render(tmp_path, CHILD, "child")
    for face in ("IBMPlexSansArabic-Regular", "IBMPlexSansArabic-Bold"):
        assert _streams(adult, face) and _streams(adult, face) == _streams(child, face), face


def test_the_cache_gives_what_shaping_gives_and_a_bad_entry_is_shaped_again(tmp_path: Path, monkeypatch) -> None:
    faces = tuple(font for font, _ in _planned())
    words = i18n.translator("ar").printed_words()
    shaped = tuple(glyph_first.rows(font, words) for font in faces)
    assert glyph_first.load(faces, words, tmp_path) == shaped
    (entry,) = tmp_path.iterdir()
    with monkeypatch.context() as m:  # read back, not shaped again
        m.setattr(glyph_first, "rows", lambda *a: pytest.fail("shaped again"))
        assert glyph_first.load(faces, words, tmp_path) == shaped
    data = bytearray(entry.read_bytes())
    data[-3] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert glyph_first.load(faces, words, tmp_path) == shaped  # corrupt: ignored, shaped, stored again
    assert entry.read_bytes() != bytes(data)
    fewer = " ".join(words.split()[:20])  # the catalog changed: another key
    assert glyph_first.load(faces, fewer, tmp_path) == tuple(glyph_first.rows(font, fewer) for font in faces) != shaped
    (other,) = tmp_path.iterdir()  # its entry replaces the old one
    assert other != entry


def test_a_handout_is_the_same_whatever_the_cache_and_the_process_drew_before(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name, answers in (("a-child", CHILD), ("b-adult", BASE)):
        (tmp_path / "in" / f"{name}.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    env = dict(os.environ)  # the careplan these tests import (an installed one in CI, measured there too)

    def run(cache: Path, *args: str) -> None:
        if not cache.exists():
            cache.mkdir()
        subprocess.run([sys.executable, "-m", "careplan", *args, "--lang", "ar", "--date", DATE],
                       env={**env, "XDG_CACHE_HOME": str(cache)}, check=True, capture_output=True)

    single = ["--answers", str(tmp_path / "in" / "b-adult.yaml"), "-o"]
    run(tmp_path / "cache", *single, str(tmp_path / "miss.pdf"))  # nothing cached: shaped
    run(tmp_path / "cache", *single, str(tmp_path / "hit.pdf"))  # read back
    assert list((tmp_path / "cache" / "careplan" / "glyphs").iterdir())
    blocked = tmp_path / "a-file"  # a cache folder that cannot exist (a file in its place), even for root
    blocked.write_bytes(b"")
    run(blocked, *single, str(tmp_path / "none.pdf"))  # no cache at all
    # one process, the child's handout first: other glyphs drawn before the adult's
    run(tmp_path / "cache", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1")
    pdfs = [tmp_path / n for n in ("miss.pdf", "hit.pdf", "none.pdf")] + [tmp_path / "out" / "b-adult.pdf"]
    assert len({zlib.crc32(p.read_bytes()) for p in pdfs}) == 1


def test_printed_words_are_the_handouts_words_of_the_scripts_pt_sans_lacks() -> None:
    po = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: templates/exercises.yaml:3
msgid "Walk {minutes} minutes"
msgstr "امشِ {minutes} دقائق"

#: careplan/render/sections/intro.py:9
msgid "Rest"
msgstr "استرح (قليلاً) Rest"

#: careplan/cli/__init__.py:32
msgid "Ask me"
msgstr "اسألني"

#, fuzzy
#: templates/tips.yaml:1
msgid "Sleep"
msgstr "نم"

#: templates/tips.yaml:2
msgid "Move — now"
msgstr "Двигайтесь — сейчас"
"""
    mo, _ = compile_po(po.encode("utf-8"))
    import gettext

    t = i18n.Translator("ar", gettext.GNUTranslations(io.BytesIO(mo)))
    assert t.printed_words().split() == sorted(["امشِ", "دقائق", "استرح", "(قليلاً)"])


def test_a_glyph_coded_first_gets_the_width_reportlab_s_shaping_would_give_it() -> None:
    """code_first gives a glyph without a character its font's own advance as its width; ReportLab
    gives it the advance HarfBuzz placed it with in the first word it shaped. The two agree for
    every such glyph in every printed word, so which comes first never changes a byte."""
    import uharfbuzz

    from careplan.render import shaping

    words = i18n.translator("ar").printed_words().split()
    for font, rows in _planned():
        hb_font = font.hbFont(10)
        private = {gid for gid, _ in rows if shaping.private_code(font.face.glyphToChar.get(gid, [0xE000])[0])}
        assert private, font.fontName
        seen = set()
        for word in words:
            buf = uharfbuzz.Buffer()
            buf.add_str(word)
            buf.guess_segment_properties()
            uharfbuzz.shape(hb_font, buf, shaping.FEATURES)
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
                if info.codepoint in private:
                    assert pos.x_advance == hb_font.get_glyph_h_advance(info.codepoint), (font.fontName, word)
                    seen.add(info.codepoint)
        assert seen == private  # every such glyph, each in every word it appears in


def test_a_subset_s_copied_letters_follow_the_font_s_glyph_texts(tmp_path: Path) -> None:
    """A shaped font's ToUnicode maps are made once per subset and copied letters (shaping.py):
    a glyph whose copied letters change gets a new map, not the one made before."""
    from careplan.render import shaping

    before = _streams(_render(tmp_path, BASE, "adult"), "IBMPlexSansArabic-Regular")
    font, rows = _planned()[0]
    gid = next(g for g, _ in rows if shaping.private_code(font.face.glyphToChar[g][0]))
    kept = font.glyph_text[gid]
    font.glyph_text[gid] = "\u2603"  # a snowman: what copying that glyph now gives
    try:
        changed = _streams(_render(tmp_path, BASE, "adult"), "IBMPlexSansArabic-Regular")
    finally:
        font.glyph_text[gid] = kept
    assert changed != before and any(b"<2603>" in s for s in changed)
    assert _streams(_render(tmp_path, BASE, "adult"), "IBMPlexSansArabic-Regular") == before

"""The cache of a catalog's pieces (render/known_pieces.py): what pieces() answers from it is what
pieces() works out, it holds nothing but the catalog's messages, and it is not trusted past a change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan import i18n, records
from careplan.contract import answers as answers_mod
from careplan.planning.planner import make_plan
from careplan.render import fonts, known_pieces, pieces, runs
from careplan.render.handout import HandoutOptions, render_handout

from .conftest import EXAMPLES


@pytest.fixture
def fresh(tmp_path, monkeypatch) -> Path:
    """An empty cache folder, and a process that knows no pieces yet (restored after)."""
    monkeypatch.setattr(pieces, "KNOWN", {})
    monkeypatch.setattr(known_pieces, "_SEEN", {})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "careplan" / "pieces"


def _worked_out(text: str) -> list[pieces.Piece]:
    saved = dict(pieces.KNOWN)
    pieces.KNOWN.clear()
    try:
        return pieces.pieces(text)
    finally:
        pieces.KNOWN.update(saved)


def _builds(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = known_pieces._build

    def counting(messages):
        calls.append(1)
        return real(messages)

    monkeypatch.setattr(known_pieces, "_build", counting)
    return calls


@pytest.mark.parametrize("loc", [loc for loc in i18n.complete_locales() if loc != "en"])
def test_every_message_has_the_pieces_pieces_works_out(fresh, monkeypatch, loc) -> None:
    """Kept on a miss and read back on a hit, in every language: the same fonts and texts."""
    messages = i18n.Translator.for_locale(loc).messages()
    assert len(messages) > 300
    calls = _builds(monkeypatch)
    known_pieces.load(loc, messages)
    missed = dict(pieces.KNOWN)
    pieces.KNOWN.clear()
    known_pieces.load(loc, messages)  # a new process: read back
    assert len(calls) == 1 and missed == pieces.KNOWN
    for text in messages:
        if fonts.covered(text):
            assert text not in pieces.KNOWN  # PT Sans draws it: markup() never asks
        else:
            assert pieces.pieces(text) == _worked_out(text), text
    if loc in ("ar", "zh"):
        assert len(pieces.KNOWN) > 300  # nearly every message is in another script


def test_a_patients_words_are_never_kept(fresh, content, monkeypatch) -> None:
    """A name and notes in Arabic go through pieces() like the catalog's words, but only the
    catalog's messages are written to the cache, or kept."""
    name, notes = "سلمى الفرعوني", "ملاحظة خاصة جدا للطبيبة"
    clinic = answers_mod.Clinic(name="عيادة النور", clinician="د. هدى", notes=notes,
                                follow_up=dt.date(2026, 12, 7))
    a = records.replace(answers_mod.load(EXAMPLES / "sciatica.yaml"), patient_name=name, clinic=clinic)
    plan = make_plan(a, content, locale="ar", region="GB")
    asked: list[str] = []
    real = runs.pieces

    def recording(text: str) -> list[pieces.Piece]:
        asked.append(text)
        return real(text)

    monkeypatch.setattr(runs, "pieces", recording)
    render_handout(a, plan, content, HandoutOptions(date=dt.date(2026, 11, 22)))
    assert any("الفرعوني" in text for text in asked) and any("ملاحظة خاصة" in text for text in asked)
    [entry] = fresh.glob("ar-*.bin")
    data = entry.read_bytes()
    assert name.encode() not in data and name.split()[1].encode() not in data
    assert notes.encode() not in data and "عيادة النور".encode() not in data
    assert not any("الفرعوني" in text or "ملاحظة خاصة" in text or "النور" in text for text in pieces.KNOWN)


def test_a_changed_font_is_not_trusted(fresh, monkeypatch) -> None:
    """An entry names the font files its pieces depend on: one changed (a new size or time) and
    the pieces are worked out again."""
    messages = i18n.Translator.for_locale("ar").messages()
    known_pieces.load("ar", messages)
    calls = _builds(monkeypatch)
    real = fonts.cmap_source
    arabic = next(fb for fb in fonts.FALLBACKS if fb.name == "CarePlanArabic")
    monkeypatch.setattr(fonts, "cmap_source", lambda fb: real(fb) + "-changed" if fb is arabic else real(fb))
    pieces.KNOWN.clear()
    known_pieces.load("ar", messages)
    assert len(calls) == 1
    monkeypatch.setattr(fonts, "cmap_source", real)  # the font as it was: worked out and kept again
    known_pieces.load("ar", messages)
    assert len(calls) == 2
    calls.clear()
    # a font after the last one Arabic needs (Chinese) changed: the entry holds
    import marshal

    from careplan.files import cachefile

    [entry] = fresh.glob("ar-*.bin")
    depends = [i for i, _ in marshal.loads(cachefile.unseal(known_pieces.FORMAT, entry.read_bytes()))[0]]
    last = len(fonts.FALLBACKS) - 1
    assert depends == [-1, *range(fonts.FALLBACKS.index(arabic) + 1)]  # PT Sans, and the chain up to Arabic
    monkeypatch.setattr(fonts, "cmap_source", lambda fb: real(fb) + "-x" if fb is fonts.FALLBACKS[last] else real(fb))
    pieces.KNOWN.clear()
    known_pieces.load("ar", messages)
    assert calls == [] and pieces.KNOWN


@pytest.mark.parametrize("damage", [lambda b: b"", lambda b: b[: len(b) // 2],
                                    lambda b: b[:-10] + bytes(x ^ 0xFF for x in b[-10:])])
def test_a_damaged_entry_is_ignored_and_rebuilt(fresh, monkeypatch, damage) -> None:
    messages = i18n.Translator.for_locale("ar").messages()
    known_pieces.load("ar", messages)
    [entry] = fresh.glob("ar-*.bin")
    intact = entry.read_bytes()
    entry.write_bytes(damage(intact))
    calls = _builds(monkeypatch)
    pieces.KNOWN.clear()
    known_pieces.load("ar", messages)
    assert len(calls) == 1 and entry.read_bytes() == intact
    assert all(pieces.pieces(t) == _worked_out(t) for t in list(pieces.KNOWN)[:50])


def test_an_entry_of_another_shape_is_ignored(fresh, monkeypatch) -> None:
    """A sealed entry whose contents are not font sources and a table (or name a font past the
    chain) is not used; a text whose kept pieces are not what encode() writes is worked out."""
    import marshal

    from careplan.files import cachefile

    messages = i18n.Translator.for_locale("ar").messages()
    known_pieces.load("ar", messages)
    [entry] = fresh.glob("ar-*.bin")
    sources = known_pieces._sources([-1, 0, 1])
    for bad in [("x",), (((-5, "x"),), {}), ((("-1", "x"),), {}), (sources, ["not", "a", "table"])]:
        entry.write_bytes(cachefile.seal(known_pieces.FORMAT, marshal.dumps(bad)))
        calls = _builds(monkeypatch)
        pieces.KNOWN.clear()
        known_pieces.load("ar", messages)
        assert len(calls) == 1, bad
    text = next(m for m in messages if not fonts.covered(m))
    for kept in [99, (0, 10_000), (1, 2, 3), ((99, "x"),), ("x",), (("1", "x"),), 1.5, ()]:
        pieces.KNOWN[text] = kept
        assert pieces.pieces(text) == _worked_out(text), kept


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="بحر سلام كتب 911 ab.,؛ \u200d\ufe0f\u0301Ω中文\U0001f642\u0378", max_size=30))
def test_what_is_kept_is_what_pieces_works_out(text) -> None:
    """encode() then _decoded() gives pieces() back, for texts of Arabic, Latin, digits, invisible
    and combining characters, Chinese, an emoji and a character no font has."""
    found = _worked_out(text)
    assert pieces._decoded(text, pieces.encode(text, found)) == found


def test_a_handout_is_the_same_with_or_without_the_cache(fresh, content) -> None:
    a = answers_mod.load(EXAMPLES / "sciatica.yaml")
    plan = make_plan(a, content, locale="ar", region="GB")
    options = HandoutOptions(date=dt.date(2026, 11, 22))
    first = render_handout(a, plan, content, options)  # a miss: worked out, then kept
    pieces.KNOWN.clear()
    known_pieces._SEEN.clear()
    again = render_handout(a, plan, content, options)  # a hit
    assert again == first and pieces.KNOWN


def test_a_language_pt_sans_draws_keeps_nothing(fresh) -> None:
    """Russian, Spanish and the rest: every letter is PT Sans's, so there is nothing to look up."""
    known_pieces.load_for(i18n.Translator.for_locale("ru"))
    assert not pieces.KNOWN and not fresh.exists()
    known_pieces.load_for(i18n.Translator.for_locale("ar"))
    assert pieces.KNOWN and list(fresh.glob("ar-*.bin"))


@pytest.mark.parametrize("where", ["a file", "no home", "shared"])
def test_without_a_usable_cache_nothing_is_worked_out_ahead(tmp_path, monkeypatch, where) -> None:
    """Working out every message pays only if the result is kept: with no cache folder careplan
    can write and read back, pieces() answers each text as it is asked, as before."""
    monkeypatch.setattr(pieces, "KNOWN", {})
    if where == "a file":
        blocker = tmp_path / "a-file"
        blocker.write_text("")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a folder under a file cannot be made
    elif where == "no home":
        monkeypatch.setenv("XDG_CACHE_HOME", "relative")
        monkeypatch.setenv("HOME", "also-relative")
    else:
        shared = tmp_path / "xdg" / "careplan" / "pieces"
        shared.mkdir(parents=True)
        shared.chmod(0o777)  # another user could write an entry: it would never be read
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    calls = _builds(monkeypatch)
    messages = i18n.Translator.for_locale("ar").messages()
    known_pieces.load("ar", messages)
    assert calls == [] and pieces.KNOWN == {}
    text = next(m for m in messages if not fonts.covered(m))
    assert pieces.pieces(text) == _worked_out(text)

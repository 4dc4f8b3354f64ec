"""Localization: negotiation, catalogs complete and current, glyphs, plurals,
no English left in ru/es handouts, and the pseudo-locale for layout testing."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pypdf
import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from careplan import i18n, paths
from careplan.contract import answers as answers_mod
from careplan.errors import CareplanError
from careplan.i18n import catalogs as i18n_tools
from careplan.i18n.pseudo import pseudo
from careplan.planning.planner import make_plan
from careplan.render.fonts import font_for, missing_glyphs
from careplan.render.handout import HandoutOptions, render_handout
from careplan.render.markup import escape
from careplan.render.styles import make_styles

from .conftest import EXAMPLES

# Every shipped catalog, so a new one is held to the same checks (the ru and es
# specific tests below name their locales).
LOCALES = tuple(i18n_tools.catalog_locales())
# The .pot is generated (and git-ignored), never shipped: a checkout that made one must not change a test.
NO_POT = shutil.ignore_patterns("*.pot")


def catalog(loc):
    with i18n.catalog_path(loc).open("rb") as fh:
        return read_po(fh, locale=loc)


def msgstrs(loc):
    for m in catalog(loc):
        if m.id:
            yield from (s for s in (m.string if isinstance(m.string, (list, tuple)) else [m.string]) if s)


@pytest.mark.parametrize("asked,got", [("ru_RU", "ru"), ("ru-RU", "ru"), ("es_MX", "es"), ("es", "es"),
                                       ("en_GB", "en"), ("EN", "en"), ("en-XA", "en_XA")])
def test_negotiation(asked, got) -> None:
    assert i18n.negotiate(asked) == got


def test_unknown_locale_lists_the_available_ones() -> None:
    with pytest.raises(CareplanError) as info:
        i18n.negotiate("xx")
    assert "en, es, ru" in str(info.value) or all(loc in str(info.value) for loc in ("en", "es", "ru"))


def test_default_comes_from_the_system_locale(monkeypatch) -> None:
    from careplan.delivery.choices import resolve_locale, resolve_region

    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert resolve_locale(None, None) == "es"
    assert resolve_region(None, None) == "MX"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert resolve_locale(None, None) == "en"


def test_shipped_catalogs_are_checked() -> None:
    assert {"ru", "es"} <= set(LOCALES)


def _partial_catalog(tmp_path, monkeypatch, translations: dict[str, str]) -> str:
    """Start a catalog for a language careplan does not ship (Dutch) the way TRANSLATING.md says
    (careplan i18n init), in a private copy of the locales folder, and translate a few entries; return its path."""
    from babel.messages.pofile import write_po

    from careplan.cli import main

    root = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), root, ignore=NO_POT)
    monkeypatch.setattr(paths, "locales_dir", lambda: root)
    assert main(["i18n", "init", "nl"]) == 0
    path = i18n.catalog_path("nl")
    cat = catalog("nl")
    for msgid, msgstr in translations.items():
        cat[msgid].string = msgstr
    with path.open("wb") as fh:
        write_po(fh, cat)
    return str(path)


def test_a_translation_that_drops_a_placeholder_is_not_used(tmp_path, monkeypatch) -> None:
    path = _partial_catalog(tmp_path, monkeypatch,
                            {"Call {number} now if you have:": "Bel nu {nummer} als u dit heeft:",
                             "Page {page} of {total}": "Pagina {page} van {total}"})
    t = i18n.translator("nl")
    assert t.format("Call {number} now if you have:", number="112") == "Call 112 now if you have:"
    assert t.format("Page {page} of {total}", page=1, total=2) == "Pagina 1 van 2"
    report, ok = i18n_tools.check_catalogs(["nl"], strict=False)
    assert not ok
    assert re.search(re.escape(path) + r":\d+: \{number\} missing; \{nummer\} unknown", report), report
    assert "the English text is printed" in report


def test_an_unfinished_catalog_is_previewable_but_not_offered(tmp_path, monkeypatch, capsys) -> None:
    from careplan.cli import main

    _partial_catalog(tmp_path, monkeypatch, {"Page {page} of {total}": "Pagina {page} van {total}"})
    assert 0 < i18n.completeness("nl") < 0.05
    assert "nl" in i18n.available_locales() and "nl" not in i18n.complete_locales()
    assert {"en", "ru", "es"} <= set(i18n.complete_locales())
    out = tmp_path / "nl.pdf"
    assert main(["--answers", str(EXAMPLES / "sciatica.yaml"), "--lang", "nl", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "the nl translation is 0 percent done; the rest is shown in English." in err
    assert out.exists()


def test_missing_translation_falls_back_to_english() -> None:
    t = i18n.translator("ru")
    assert t.gettext("a string no catalog has") == "a string no catalog has"


@pytest.mark.parametrize("loc", LOCALES)
def test_catalog_is_current_and_complete(loc) -> None:
    missing, obsolete = i18n_tools.stale(i18n_tools.extract_catalog(), catalog(loc))
    assert not missing, f"run 'careplan i18n update': new strings {missing[:5]}"
    assert not obsolete, f"run 'careplan i18n update': obsolete strings {obsolete[:5]}"
    report, ok = i18n_tools.check_catalogs([loc], strict=True)
    assert ok, report


@pytest.mark.parametrize("loc", LOCALES)
def test_every_translation_builds_a_paragraph_and_has_glyphs(loc) -> None:
    st = make_styles(False)
    for s in msgstrs(loc):
        Paragraph(escape(s), st.body).wrap(400, 1000)
        assert not {c for c in missing_glyphs(s) if font_for(c) is None}, s  # Chinese: the CJK fallback


def test_plural_forms_in_russian() -> None:
    t = i18n.translator("ru")
    forms = {t.nformat("Repeat {n} time.", "Repeat {n} times.", n) for n in (1, 3, 5)}
    assert len(forms) == 3, forms
    twenty_one, twenty_five = (t.nformat("Repeat {n} time.", "Repeat {n} times.", n) for n in (21, 25))
    assert twenty_one != twenty_five


def test_dates_by_babel() -> None:
    day = dt.date(2026, 12, 4)
    assert i18n.translator("ru").format_date(day) == "4 декабря 2026\u00a0г."
    assert i18n.translator("es").format_date(day) == "4 de diciembre de 2026"
    assert i18n.translator("en").format_date(day) == "December 4, 2026"
    assert i18n.translator("en_XA").format_date(day) == "December 4, 2026"
    # the reader's country sets the conventions where babel knows the pair
    assert i18n.translator("en").in_region("GB").format_date(day) == "4 December 2026"
    assert i18n.translator("en").in_region("US").format_date(day) == "December 4, 2026"
    assert i18n.translator("es").in_region("MX").babel_locale == "es_MX"
    assert i18n.translator("ru").in_region("GB").format_date(day) == "4 декабря 2026\u00a0г."  # no ru_GB
    assert i18n.translator("en_XA").in_region("GB").format_date(day) == "4 December 2026"


def _english_sentences(content) -> set[str]:
    """English content sentences long enough to be unmistakable."""
    from careplan.i18n.extract import template_strings

    return {f.text for f in template_strings() if len(f.text) > 25 and " " in f.text}


@pytest.mark.parametrize("loc", LOCALES)
@pytest.mark.parametrize("name", ["sciatica.yaml", "pregnancy-28-weeks.yaml", "cauda-equina-signs.yaml",
                                  "fever-and-back-pain.yaml", "neck-office.yaml"])
def test_localised_handout_has_no_english_sentences(content, loc, name) -> None:
    a = answers_mod.load(EXAMPLES / name)
    plan = make_plan(a, content, locale=loc, region=a.region)
    pdf = render_handout(a, plan, content, HandoutOptions(date=dt.date(2026, 11, 22)))
    text = " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    leftovers = [s for s in _english_sentences(content) if s[:30] in text]
    assert not leftovers, leftovers[:3]
    for ui in ("Your plan", "When to get help", "Page 1 of", "Why these exercises", "This is because"):
        assert ui not in text


def test_pseudo_locale_is_longer_and_keeps_placeholders() -> None:
    s = "Call {number} now or go to the nearest emergency department."
    p = pseudo(s)
    assert "{number}" in p and len(p) >= len(s) * 1.3
    assert not missing_glyphs(p)


def test_every_profile_renders_in_the_pseudo_locale(content) -> None:
    """Long text must not overflow fixed boxes, lose glyphs or break the layout."""
    from careplan.content.audit import child_profiles

    assert i18n_tools.fit_problems("en_XA") == []
    profiles = [answers_mod.load(p) for p in sorted(EXAMPLES.glob("*.yaml"))] + list(child_profiles())[:3]
    for a in profiles:
        for large in (False, True):
            plan = make_plan(a, content, locale="en_XA", region=a.region)
            pdf = render_handout(a, plan, content, HandoutOptions(date=dt.date(2026, 11, 22), large_print=large))
            reader = pypdf.PdfReader(io.BytesIO(pdf))
            text = "".join(p.extract_text() for p in reader.pages)
            assert "ŕôřđ" in text and "[" in text
            # 18 pt large print with pictures at one scale is longer; fewer pages is the handout issue's work
            assert len(reader.pages) <= (3 if plan.level == "emergency" else 16 if large else 12)
    from careplan.i18n.extract import template_strings

    for f in template_strings():
        assert not missing_glyphs(pseudo(f.text)), f.text


def test_translation_review_status_is_read_reported_and_printed(content) -> None:
    """Until a clinician who is a native speaker has checked a catalog, the
    handout says so in that language, and i18n check reports the status."""
    _, review = i18n.catalog_credits("ru")
    assert review.startswith("none") and not i18n.clinically_reviewed("ru")
    assert i18n.clinically_reviewed("en")
    report, _ = i18n_tools.check_catalogs(["ru"], strict=False)
    assert "clinical review: none yet" in report
    a = answers_mod.load(EXAMPLES / "sciatica.yaml")
    for loc, line in (("ru", "Этот перевод ещё не проверен"), ("en", None)):
        plan = make_plan(a, content, locale=loc, region=a.region)
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(
            io.BytesIO(render_handout(a, plan, content, HandoutOptions(date=dt.date(2026, 11, 22))))).pages)
        if line:
            assert line in " ".join(text.split())
        else:
            assert "has not yet been checked by a health professional" not in text


def test_a_reviewed_catalog_prints_no_review_note(tmp_path, monkeypatch) -> None:
    root = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), root, ignore=NO_POT)
    monkeypatch.setattr(paths, "locales_dir", lambda: root)
    path = i18n.catalog_path("es")
    text = path.read_text(encoding="utf-8").replace("# Clinical review: none yet",
                                                    "# Clinical review: Dr A. Ruiz, 2026-11-20")
    path.write_text(text, encoding="utf-8")
    assert i18n.catalog_credits("es")[1] == "Dr A. Ruiz, 2026-11-20" and i18n.clinically_reviewed("es")


# ---------------------------------------------------------------- where the translator tools write


def _installed_copy(tmp_path, monkeypatch):
    """careplan as `pip install .` leaves it: its locales/ a copy inside site-packages (simulated)."""
    installed = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "careplan" / "locales"
    shutil.copytree(paths.locales_dir(), installed, ignore=NO_POT)
    monkeypatch.setattr(paths, "locales_dir", lambda: installed)
    return installed


def _checkout(folder):
    """A careplan checkout: its pyproject.toml, templates/ and locales/ (no src/: the running code is used)."""
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[project]\nname = "careplan"\n', encoding="utf-8")
    shutil.copytree(paths.templates_dir(), folder / "templates")
    shutil.copytree(paths.locales_dir(), folder / "locales", ignore=NO_POT)
    return folder


def test_init_never_writes_into_an_installed_copy(tmp_path, monkeypatch, capsys) -> None:
    from careplan.cli import main

    installed = _installed_copy(tmp_path, monkeypatch)
    monkeypatch.chdir(tmp_path)  # no checkout here
    for argv in (["i18n", "init", "nl"], ["i18n", "update"], ["i18n", "extract"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and str(installed) in err and "--root CHECKOUT" in err, err
    assert not (installed / "nl").exists() and not (installed / "careplan.pot").exists()
    assert main(["i18n", "update", "--check"]) == 0  # reading the installed copy is fine


def test_init_writes_into_the_checkout_it_runs_in_and_says_where(tmp_path, monkeypatch, capsys) -> None:
    from careplan.cli import main

    installed = _installed_copy(tmp_path, monkeypatch)
    checkout = _checkout(tmp_path / "careplan")
    (checkout / "docs").mkdir()
    monkeypatch.chdir(checkout / "docs")  # a folder inside the checkout, as git finds its repository
    assert main(["i18n", "init", "nl"]) == 0
    written = checkout / "locales" / "nl" / "LC_MESSAGES" / "careplan.po"
    assert capsys.readouterr().out.startswith(f"wrote {written}: started with ")
    assert written.exists() and not (installed / "nl").exists()
    assert main(["i18n", "check", "nl"]) == 0  # check reads the same checkout
    assert "nl: 0/" in capsys.readouterr().out


def test_root_names_the_checkout(tmp_path, monkeypatch, capsys) -> None:
    from careplan.cli import main

    _installed_copy(tmp_path, monkeypatch)
    checkout = _checkout(tmp_path / "work")
    monkeypatch.chdir(tmp_path)
    assert main(["i18n", "extract", "--root", str(checkout)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {checkout / 'locales' / 'careplan.pot'}: ")
    assert main(["i18n", "init", "nl", "--root", str(tmp_path)]) == 2
    assert "is not a careplan checkout" in capsys.readouterr().err


def test_a_catalog_saved_in_another_encoding_is_named_and_update_changes_nothing(tmp_path, monkeypatch,
                                                                                 capsys) -> None:
    """A translator's editor saved de as UTF-16: check, update and a handout in German each say
    which file is not UTF-8 (exit 2, no traceback), and update rewrites no other catalog first."""
    from careplan.cli import main

    _installed_copy(tmp_path, monkeypatch)
    checkout = _checkout(tmp_path / "work")
    broken = checkout / "locales" / "de" / "LC_MESSAGES" / "careplan.po"
    broken.write_bytes(broken.read_text(encoding="utf-8").encode("utf-16"))
    before = {p: p.read_bytes() for p in (checkout / "locales").rglob("*.po")}
    for argv in (["i18n", "check", "de"], ["i18n", "update"], ["i18n", "update", "--check"]):
        assert main([*argv, "--root", str(checkout)]) == 2
        err = capsys.readouterr().err
        assert err == f"careplan: {broken}: the file is not UTF-8 text\n", err
    assert {p: p.read_bytes() for p in (checkout / "locales").rglob("*.po")} == before
    monkeypatch.setattr(paths, "locales_dir", lambda: checkout / "locales")
    out = tmp_path / "de.pdf"
    assert main(["--answers", str(EXAMPLES / "sciatica.yaml"), "--lang", "de", "-o", str(out)]) == 2
    assert f"{broken}: the file is not UTF-8 text" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("closed,cut", [
    ('msgstr "{path}: Datei nicht gefunden"', 'msgstr "{path}: Datei nicht gefunden'),
    ('msgid "{path}: no such file"', 'msgid "{path}: no such file'),
    ('msgstr "{path}: Datei nicht gefunden"', 'msgstr "{path}: Datei \\"'),  # an escaped quote closes nothing
])
def test_a_string_with_no_closing_quote_is_named_with_its_line(tmp_path, monkeypatch, capsys, closed: str,
                                                               cut: str) -> None:
    """babel reads `msgstr "abc` as "ab" without a word, and a cut msgid as another message (which
    check counted as obsolete): check, update and a handout in German now name the file and line."""
    from careplan.cli import main

    _installed_copy(tmp_path, monkeypatch)
    checkout = _checkout(tmp_path / "work")
    broken = checkout / "locales" / "de" / "LC_MESSAGES" / "careplan.po"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.rstrip("\n") == closed)
    lines[line - 1] = cut + "\n"
    broken.write_text("".join(lines), encoding="utf-8")
    before = {p: p.read_bytes() for p in (checkout / "locales").rglob("*.po")}
    expected = f"careplan: {broken}, line {line}: the closing quote mark (\") is missing\n"
    for argv in (["i18n", "check", "de", "--strict"], ["i18n", "update"], ["i18n", "update", "--check"]):
        assert main([*argv, "--root", str(checkout)]) == 2
        captured = capsys.readouterr()
        assert captured.err == expected and "WARNING" not in captured.out, captured
    assert {p: p.read_bytes() for p in (checkout / "locales").rglob("*.po")} == before
    monkeypatch.setattr(paths, "locales_dir", lambda: checkout / "locales")
    out = tmp_path / "de.pdf"
    assert main(["--answers", str(EXAMPLES / "sciatica.yaml"), "--lang", "de", "-o", str(out)]) == 2
    assert capsys.readouterr().err == expected and not out.exists()


def test_a_catalog_with_a_byte_order_mark_reads_as_without(tmp_path, monkeypatch) -> None:
    """Some editors start a UTF-8 file with a BOM: the header (credits, language, plural forms) still counts."""
    from careplan.i18n.pot import read_catalog

    root = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), root, ignore=NO_POT)
    monkeypatch.setattr(paths, "locales_dir", lambda: root)
    path = i18n.catalog_path("ru")
    credits, header = i18n.catalog_credits("ru"), read_catalog(path, "ru").mime_headers
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert i18n.catalog_credits("ru") == credits and credits[0] != "not stated"
    assert read_catalog(path, "ru").mime_headers == header
    assert "Plural-Forms" in dict(header)


def test_init_spells_the_locale_as_babel_does_and_refuses_what_needs_no_catalog(tmp_path, monkeypatch,
                                                                               capsys) -> None:
    """pt-br makes locales/pt_BR (the folder careplan looks in); English, the test pseudo-locale
    and C (POSIX) get no catalog, each with its reason."""
    from careplan.cli import main

    _installed_copy(tmp_path, monkeypatch)
    checkout = _checkout(tmp_path / "work")
    assert main(["i18n", "init", "PT-br", "--root", str(checkout)]) == 0
    assert (checkout / "locales" / "pt_BR" / "LC_MESSAGES" / "careplan.po").exists()
    assert not (checkout / "locales" / "PT_br").exists()
    capsys.readouterr()
    for tag, reason in (("en", "English is the source text"), ("en-XA", "English is the source text"),
                        ("C", "is not a locale babel knows")):
        assert main(["i18n", "init", tag, "--root", str(checkout)]) == 2
        assert reason in capsys.readouterr().err, tag
    assert sorted(p.name for p in (checkout / "locales").iterdir() if p.is_dir()) == sorted(
        [*(p.name for p in paths.locales_dir().iterdir() if p.is_dir()), "pt_BR"])


def test_every_reader_kind_has_its_translator_note() -> None:
    """A wording for a reader kind the extractor does not know is never
    extracted (its text would silently print in English in every language)."""
    from careplan.content.model import READER_KINDS
    from careplan.i18n.extract import VARIANTS

    assert set(VARIANTS) == {"default", *READER_KINDS}


def test_a_folder_where_a_catalog_belongs_is_named_without_a_handout_example(tmp_path) -> None:
    from babel.messages.catalog import Catalog

    from careplan.i18n.pot import write_catalog

    (tmp_path / "careplan.pot").mkdir()
    with pytest.raises(CareplanError) as caught:
        write_catalog(Catalog(), tmp_path / "careplan.pot")
    assert "is a folder, but careplan needs to write a file there; move the folder aside" in caught.value.render()
    assert "handout.pdf" not in caught.value.render()


class _ClosedAfter(io.StringIO):
    """A stdout whose reader is gone after its first line (`careplan i18n update | head -1`)."""

    def write(self, text: str) -> int:
        if self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_update_finishes_every_catalog_when_stdout_closes(tmp_path, monkeypatch, capsys) -> None:
    """`careplan i18n update | head -1`: the reader stops after the first line, and every catalog
    is still updated (it stopped after the first, with the rest left as they were, and exit 0)."""
    from careplan.cli import main

    _installed_copy(tmp_path, monkeypatch)
    checkout = _checkout(tmp_path / "work")
    catalogs = sorted((checkout / "locales").rglob("*.po"))
    assert len(catalogs) > 2
    for path in catalogs:  # a message no longer in careplan: update removes it
        path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "gone from careplan"\nmsgstr "x"\n',
                        encoding="utf-8")
    out = _ClosedAfter()
    assert main(["i18n", "update", "--root", str(checkout)], stdout=out) == 0
    assert out.getvalue().count("\n") == 1
    assert [p for p in catalogs if "gone from careplan" in p.read_text(encoding="utf-8")] == []
    assert capsys.readouterr().err == ""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["{n}", "{number}", "{page}", "{nummer}", "{number!r}", "{", "}}", "%s", "a ", "b"]),
                max_size=5).map("".join),
       st.lists(st.sampled_from(["{n}", "{number}", "{page}", "{nummer}", "{number!r}", "{", "}}", "%s", "a ", "b"]),
                max_size=5).map("".join),
       st.booleans())
def test_a_translation_is_used_exactly_when_no_placeholder_is_lost_or_made_up(source: str, translation: str,
                                                                              plural: bool) -> None:
    """placeholders.usable, kept per pair, gives placeholder_mismatch's answer, asked either way round
    (a plural form may leave out {n}; the same pair may be usable as a plural and not otherwise)."""
    from careplan.placeholders import placeholder_mismatch, usable

    for kind in (plural, not plural, plural):
        assert usable(source, translation, kind) is not any(placeholder_mismatch(source, translation, plural=kind))

"""`careplan i18n check`: what babel does not know about careplan's catalogs.

Placeholders, markup, characters no font of the chain can draw (render/fonts.py) and text that
will not fit its box on the page, plus the English templates' own
placeholders (every catalog falls back to them) and reading ease, as
information. `careplan check` runs the same report for content authors.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog

from careplan.content import loading as content_mod
from careplan.errors import N_, CareplanError
from careplan.i18n.catalog_files import SOURCE_LOCALE, catalog_credits, catalog_path, clinically_reviewed
from careplan.i18n.checkout import Sources, runtime_sources
from careplan.i18n.extract import template_strings
from careplan.i18n.pot import catalog_locales, extract_catalog, msgid, read_catalog
from careplan.i18n.readability import reading_ease
from careplan.i18n.template_rules import placeholder_details, template_placeholder_problems
from careplan.i18n.translation import Translator
from careplan.placeholders import placeholder_mismatch

MARKUP = re.compile(r"<[^>]*>|&[a-zA-Z#0-9]+;")


def fit_problems(locale: str, sources: Sources | None = None) -> list[str]:
    """Translated text that cannot fit where the page puts it.

    Paragraphs wrap and boxes grow, so what can still overflow is a word too
    long for its table column (no place to break it), a chart header wider than
    its day column, and the footer line.
    """
    # ReportLab and the page's modules load only for a check, not for extract, init or update
    from careplan.render import runs
    from careplan.render.cjk import chunks
    from careplan.render.layout import CHART_FIRST_COLUMN, MARGIN, PAPER
    from careplan.render.styles import make_styles
    from careplan.render.texts import plan_title

    sources = sources or runtime_sources()
    t = Translator.for_locale(locale, sources.locales)
    c = content_mod.load(sources.templates)
    problems = []
    page_w = min(size[0] for size in PAPER.values())
    width = page_w - 2 * MARGIN
    for large in (False, True):
        st = make_styles(large)
        where = " in large print" if large else ""
        first = width * CHART_FIRST_COLUMN - 12
        day = (width - width * CHART_FIRST_COLUMN) / 7 - 12
        cells = [(t.gettext(i.title), first, "the 7-day chart's first column") for i in c.exercises]
        cells.append((t.gettext("Pain score (0 = none, 10 = worst)"), first, "the 7-day chart's first column"))
        cells.append((t.gettext("Tick each time you do it"), first, "the 7-day chart's first column"))
        cells.append((t.format("Day {n}", n=7), day, "a day column of the chart"))
        for text, room, place in cells:
            for word in chunks(text):  # Chinese breaks between characters; each part in its own font
                if runs.word_width(word, st.cell.fontSize) > room:
                    problems.append(f"'{word}' in '{text}' is too long for {place}{where}")
        footer_size = 11 if large else 9
        for locs in (("neck",), ("lower_back",), ("neck", "lower_back")):
            line = plan_title(t, locs) + "    " + t.format("Page {page} of {total}", page=10, total=10)
            if runs.word_width(line, footer_size) > width:
                problems.append(f"the footer '{line}' is wider than the page{where}")
    return problems


def _translated(cat: Catalog, text: str) -> str | None:
    message = cat.get(text)
    return message.string if message is not None and isinstance(message.string, str) and message.string else None


def reading_ease_line(texts: list[str], locale: str) -> str:
    """One line of information (never a problem): the language's formula, score and target."""
    found = reading_ease(texts, locale)
    if found is None:
        return "no published reading-ease formula for this language (information only)"
    formula, score = found
    return f"{formula.name} {score:.1f} (target: {formula.easy}; information only)"


def _entry_problems(path: Path, lineno: int | None, source: str, strings: list[str], plural: bool) -> list[str]:
    """Placeholder, markup and glyph problems of one catalog entry's translations."""
    from careplan.render.fonts import font_for, missing_glyphs  # ReportLab: lazy, as in fit_problems

    problems = []
    at = f"{path}:{lineno}" if lineno else str(path)
    for s in strings:
        lost, extra = placeholder_mismatch(source, s, plural=plural)
        if lost or extra:
            problems.append(f"{at}: {placeholder_details(lost, extra)} in {s!r}; "
                            "until fixed, the English text is printed")
        if MARKUP.search(s):
            problems.append(f"{at}: markup such as < > or &name; is not allowed: {s!r}")
        gaps = {c for c in missing_glyphs(s) if font_for(c) is None}  # what the fallback fonts draw is fine
        if gaps:
            problems.append(f"{at}: the font has no glyph for {''.join(sorted(gaps))!r} in {s!r}")
    return problems


def check_catalogs(locales: Sequence[str], strict: bool, sources: Sources | None = None) -> tuple[str, bool]:
    """A report per locale; ok is False on any problem (or any gap, with strict).

    `sources` says which code, templates and catalogs to check (by default
    those careplan runs with)."""
    sources = sources or runtime_sources()
    template = extract_catalog(sources)
    ids = {msgid(m) for m in template if m.id}
    out = io.StringIO()
    ok = True
    # The English is what every catalog falls back to: it must be sound first.
    for line in template_placeholder_problems(sources.templates):
        out.write(f"templates: problem: {line}\n")
        ok = False
    # what patients read as sentences (steps, paragraphs, warnings), not headings, labels or messages
    reader_texts = [f.text for f in template_strings(sources.templates) if f.text.rstrip().endswith((".", "!", "?"))]
    out.write(f"{SOURCE_LOCALE} (source): {reading_ease_line(reader_texts, SOURCE_LOCALE)}\n")
    for loc in locales or catalog_locales(sources.locales):
        path = catalog_path(loc, sources.locales)
        if not path.exists():
            raise CareplanError(N_("no catalog for '{lang}'; start one with: careplan i18n init {lang}"), lang=loc)
        cat = read_catalog(path, loc)
        translated = fuzzy = 0
        problems: list[str] = []
        missing: list[str] = []
        for m in cat:
            if not m.id or msgid(m) not in ids:
                continue
            forms = list(m.string) if isinstance(m.string, (list, tuple)) else [m.string]
            strings = [s for s in forms if s]
            if m.fuzzy:
                fuzzy += 1
            elif strings and len(strings) == len(forms):
                translated += 1
            else:
                missing.append(msgid(m))
                continue
            source = m.id if isinstance(m.id, str) else " ".join(m.id)
            problems += _entry_problems(path, m.lineno, source, strings, plural=not isinstance(m.id, str))
        missing += sorted(ids - {msgid(m) for m in cat if m.id})
        problems += fit_problems(loc, sources)
        obsolete = len({msgid(m) for m in cat if m.id} - ids)
        total = len(ids)
        pct = 100 * translated // total if total else 100
        out.write(f"{loc}: {translated}/{total} translated ({pct}%), {fuzzy} fuzzy, {len(missing)} missing, "
                  f"{obsolete} obsolete, {len(problems)} problems\n")
        by, review = catalog_credits(loc, sources.locales)
        reviewed = clinically_reviewed(loc, sources.locales)
        note = "" if reviewed else " (until one is named, the handout says so in small print)"
        out.write(f"  translated by: {by}; clinical review: {review}{note}\n")
        translations = [_translated(cat, text) for text in reader_texts]
        out.write(f"  reading ease: {reading_ease_line([t for t in translations if t], loc)}\n")
        for line in problems[:50]:
            out.write(f"  problem: {line}\n")
        for missing_id in missing[:20]:
            out.write(f"  missing (falls back to English): {missing_id!r}\n")
        if len(missing) > 20:
            out.write(f"  ... and {len(missing) - 20} more missing\n")
        if problems or (strict and (missing or fuzzy or obsolete)):
            ok = False
    return out.getvalue(), ok

"""Translator tools behind ``careplan i18n``: extract, init, update, check.

Thin wrappers over babel's catalog API, so translators keep using .po files
in any editor; ``check`` adds what babel does not know about careplan:
placeholders, markup, glyphs missing from the embedded font, and text that
will not fit its box on the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import IO

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from careplan import i18n, paths
from careplan.errors import N_, CareplanError
from careplan.i18n.extract import template_strings

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the careplan package: every module under it
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "format": None, "nformat": (1, 2)}
MARKUP = re.compile(r"<[^>]*>|&[a-zA-Z#0-9]+;")


def pot_path() -> Path:
    return paths.locales_dir() / f"{i18n.DOMAIN}.pot"


def extract_catalog() -> Catalog:
    """Every translatable string from the code and the templates, with comments."""
    catalog = Catalog(project="careplan", domain=i18n.DOMAIN, fuzzy=False,
                      copyright_holder="careplan contributors", charset="utf-8")
    _check_readable(paths.templates_dir())
    sources = [
        (PACKAGE_DIR, [("**.py", "python")], {"**.py": {}}),
        (paths.templates_dir(), [("*.yaml", "careplan.i18n.extract:extract_yaml")], {"*.yaml": {}}),
    ]
    for root, method_map, options_map in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                strip_comment_tags=True):
            where = Path(root.name) / filename
            catalog.add(message, None, [(str(where), lineno)], auto_comments=comments, context=context)
    return catalog


def _check_readable(root: Path) -> None:
    """Babel opens each template itself and would wait forever on a FIFO or read
    /dev/zero without end; refuse anything but a regular file of sane size first."""
    from careplan.content.loader import MAX_TEMPLATE_BYTES
    from careplan.files.readfile import read_bytes

    for path in sorted(root.glob("*.yaml")):
        read_bytes(path, MAX_TEMPLATE_BYTES)


def _write(catalog: Catalog, path: Path) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, width=76, sort_output=False, include_previous=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def _read(path: Path, locale: str | None = None) -> Catalog:
    """A catalog, read bounded and from a regular file only (readfile), like every input."""
    from careplan.files.readfile import read_bytes

    return read_po(io.BytesIO(read_bytes(path, i18n.MAX_CATALOG_BYTES)), locale=locale, domain=i18n.DOMAIN)


def catalog_locales() -> list[str]:
    return [loc for loc in i18n.available_locales() if loc not in (i18n.SOURCE_LOCALE, i18n.PSEUDO_LOCALE)]


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def stale(template: Catalog, catalog: Catalog) -> tuple[list[str], list[str]]:
    """(msgids in the sources but not the catalog, msgids in the catalog no longer used)."""
    want = {_key(m) for m in template if m.id}
    have = {_key(m) for m in catalog if m.id}
    return sorted(want - have), sorted(have - want)


def _fit_problems(locale: str, catalog: Catalog | None = None) -> list[str]:
    """Translated text that cannot fit where the page puts it.

    Paragraphs wrap and boxes grow, so what can still overflow is a word too
    long for its table column (no place to break it), a chart header wider than
    its day column, and the footer line.
    """
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from careplan.content import loading as content_mod
    from careplan.render import fonts
    from careplan.render.layout import CHART_FIRST_COLUMN, MARGIN
    from careplan.render.styles import make_styles
    from careplan.render.texts import plan_title

    t = i18n.translator(locale)
    c = content_mod.load()
    problems = []
    page_w = min(A4[0], LETTER[0])
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
            for word in text.split():
                if stringWidth(word, fonts.FAMILY, st.cell.fontSize) > room:
                    problems.append(f"'{word}' in '{text}' is too long for {place}{where}")
        footer_size = 11 if large else 9
        for locs in (("neck",), ("lower_back",), ("neck", "lower_back")):
            line = plan_title(t, locs) + "    " + t.format("Page {page} of {total}", page=10, total=10)
            if stringWidth(line, fonts.FAMILY, footer_size) > width:
                problems.append(f"the footer '{line}' is wider than the page{where}")
    return problems


def _placeholder_details(lost: set[str], extra: set[str]) -> str:
    """'{number} missing; {nummer} unknown; {number!r} not allowed (...)' for a report line."""
    details = []
    bad = i18n.not_plain(extra)
    if lost:
        details.append(", ".join(sorted(lost)) + " missing")
    if extra - bad:
        details.append(", ".join(sorted(extra - bad)) + " unknown")
    if bad:
        details.append(", ".join(sorted(bad)) + " not allowed (only plain placeholders such as {number}; "
                       "no dots, brackets, ! or :, and no single braces)")
    return "; ".join(details)


#: Safety-critical template strings and the placeholders they must keep: the
#: emergency sheet must say which number to call, the same-day box where to go.
#: (file, field) -> placeholders; a field with reader variants (text.child, ...)
#: holds every variant to it. The "Call {number} now if you have:" heading lives
#: in the code; catalogs are held to every source placeholder anyway.
REQUIRED_PLACEHOLDERS: dict[tuple[str, str], frozenset[str]] = {
    ("safety.yaml", "levels.emergency.title"): frozenset({"{number}"}),
    ("safety.yaml", "levels.emergency.text"): frozenset({"{number}"}),
    ("safety.yaml", "levels.urgent.text"): frozenset({"{advice}"}),
}
#: Variants that deliberately do without: in pregnancy the same-day route is the
#: maternity unit or midwife, named in the text, not the region's {advice}.
NOT_REQUIRED = frozenset({("safety.yaml", "levels.urgent.text.pregnancy")})
#: What the code fills in the triage level strings (anything else there is a
#: KeyError at render time): titles get {number}; the emergency sheet's text
#: {number}; the other level texts {number} and {advice}.
FILLED_PLACEHOLDERS = {"title": frozenset({"{number}"}), "text": frozenset({"{number}", "{advice}"}),
                       "emergency.text": frozenset({"{number}"})}


def _required(file: str, field: str) -> tuple[tuple[str, str] | None, frozenset[str]]:
    """(the REQUIRED_PLACEHOLDERS key this field falls under, what it must keep)."""
    if (file, field) in NOT_REQUIRED:
        return None, frozenset()
    for (f, key), need in REQUIRED_PLACEHOLDERS.items():
        if f == file and (field == key or field.startswith(key + ".")):
            return (f, key), need
    return None, frozenset()


def _filled(field: str) -> frozenset[str]:
    """What the code fills in a safety.yaml levels.<level>.<title|text>[.<variant>] string."""
    parts = field.split(".")
    level, kind = (parts[1], parts[2]) if len(parts) > 2 else ("", "")
    return FILLED_PLACEHOLDERS.get(f"{level}.{kind}", FILLED_PLACEHOLDERS.get(kind, frozenset()))


def template_placeholder_problems(root: Path | None = None) -> list[str]:
    """Placeholder problems in the English templates, each with file and line.

    Every safety-critical string keeps its placeholders (REQUIRED_PLACEHOLDERS),
    the level strings use only what the code fills, and no template string
    uses any form but a plain {name}. Run by `careplan check` and `careplan
    i18n check`; content validation may call it after content.load."""
    root = root or paths.templates_dir()
    problems = []
    seen = set()
    for f in template_strings(root):
        at = f"{root / f.file}:{f.line}"
        found = i18n.placeholders(f.text)
        key, need = _required(f.file, f.field)
        seen.add(key)
        extra = i18n.not_plain(found)
        if f.file == "safety.yaml" and f.field.startswith("levels."):
            extra |= found - _filled(f.field)
        if need - found or extra:
            problems.append(f"{at}: {f.field}: {_placeholder_details(set(need - found), extra)} in {f.text!r}")
    for file, field in sorted(set(REQUIRED_PLACEHOLDERS) - seen):
        need = ", ".join(sorted(REQUIRED_PLACEHOLDERS[file, field]))
        problems.append(f"{root / file}: {field} is missing; it must say {need}")
    return problems


def _translated(cat: Catalog, text: str) -> str | None:
    message = cat.get(text)
    return message.string if message is not None and isinstance(message.string, str) and message.string else None


def _reading_ease(texts: list[str], locale: str) -> str:
    """One line of information (never a problem): the language's formula, score and target."""
    from careplan.i18n.readability import reading_ease

    found = reading_ease(texts, locale)
    if found is None:
        return "no published reading-ease formula for this language (information only)"
    formula, score = found
    return f"{formula.name} {score:.1f} (target: {formula.easy}; information only)"


def check_catalogs(locales: list[str], strict: bool) -> tuple[str, bool]:
    """A report per locale; ok is False on any problem (or any gap, with strict)."""
    from careplan.render.fonts import missing_glyphs

    template = extract_catalog()
    ids = {_key(m) for m in template if m.id}
    out = io.StringIO()
    ok = True
    # The English is what every catalog falls back to: it must be sound first.
    for line in template_placeholder_problems():
        out.write(f"templates: problem: {line}\n")
        ok = False
    # what patients read as sentences (steps, paragraphs, warnings), not headings, labels or messages
    reader_texts = [f.text for f in template_strings() if f.text.rstrip().endswith((".", "!", "?"))]
    out.write(f"{i18n.SOURCE_LOCALE} (source): {_reading_ease(reader_texts, i18n.SOURCE_LOCALE)}\n")
    for loc in locales or catalog_locales():
        path = i18n.catalog_path(loc)
        if not path.exists():
            raise CareplanError(N_("no catalog for '{lang}'; start one with: careplan i18n init {lang}"), lang=loc)
        cat = _read(path, loc)
        translated = fuzzy = 0
        problems: list[str] = []
        missing: list[str] = []
        for m in cat:
            if not m.id or _key(m) not in ids:
                continue
            strings = [s for s in (m.string if isinstance(m.string, (list, tuple)) else [m.string]) if s]
            if m.fuzzy:
                fuzzy += 1
            elif strings and len(strings) == len(m.string if isinstance(m.string, (list, tuple)) else [1]):
                translated += 1
            else:
                missing.append(_key(m))
                continue
            source = m.id if isinstance(m.id, str) else " ".join(m.id)
            at = f"{path}:{m.lineno}" if m.lineno else str(path)
            for s in strings:
                lost, extra = i18n.placeholder_mismatch(source, s, plural=not isinstance(m.id, str))
                if lost or extra:
                    problems.append(f"{at}: {_placeholder_details(lost, extra)} in {s!r}; "
                                    "until fixed, the English text is printed")
                if MARKUP.search(s):
                    problems.append(f"{at}: markup such as < > or &name; is not allowed: {s!r}")
                gaps = missing_glyphs(s)
                if gaps:
                    problems.append(f"{at}: the font has no glyph for {''.join(sorted(gaps))!r} in {s!r}")
        missing += sorted(ids - {_key(m) for m in cat if m.id})
        problems += _fit_problems(loc)
        obsolete = len({_key(m) for m in cat if m.id} - ids)
        total = len(ids)
        pct = 100 * translated // total if total else 100
        out.write(f"{loc}: {translated}/{total} translated ({pct}%), {fuzzy} fuzzy, {len(missing)} missing, "
                  f"{obsolete} obsolete, {len(problems)} problems\n")
        by, review = i18n.catalog_credits(loc)
        note = "" if i18n.clinically_reviewed(loc) else " (until one is named, the handout says so in small print)"
        out.write(f"  translated by: {by}; clinical review: {review}{note}\n")
        translations = [_translated(cat, text) for text in reader_texts]
        out.write(f"  reading ease: {_reading_ease([t for t in translations if t], loc)}\n")
        for line in problems[:50]:
            out.write(f"  problem: {line}\n")
        for msgid in missing[:20]:
            out.write(f"  missing (falls back to English): {msgid!r}\n")
        if len(missing) > 20:
            out.write(f"  ... and {len(missing) - 20} more missing\n")
        if problems or (strict and (missing or fuzzy or obsolete)):
            ok = False
    return out.getvalue(), ok


def run(args, out: IO[str]) -> int:
    if args.action == "extract":
        catalog = extract_catalog()
        _write(catalog, pot_path())
        out.write(f"{pot_path()}: {len(catalog)} messages\n")
        return 0
    if args.action == "init":
        loc = args.locale.replace("-", "_")
        try:
            from babel import Locale

            Locale.parse(loc)
        except Exception:
            raise CareplanError(N_("'{lang}' is not a locale babel knows, such as de or pt_BR"), lang=args.locale) from None
        path = i18n.catalog_path(loc)
        if path.exists():
            raise CareplanError(N_("{path} exists already; use 'careplan i18n update'"), path=str(path))
        template = extract_catalog()
        catalog = Catalog(locale=loc, domain=i18n.DOMAIN, project="careplan", fuzzy=False,
                          # the two credit lines come last: babel may wrap them onto more lines
                          header_comment=(f"# {Locale.parse(loc).english_name} translations for careplan.\n"
                                          f"# {i18n.TRANSLATED_BY} YOUR NAME\n"
                                          f"# {i18n.CLINICAL_REVIEW} none yet\n"))
        for m in template:
            if m.id:
                catalog.add(m.id, ("",) * catalog.num_plurals if m.pluralizable else "", m.locations,
                            auto_comments=m.auto_comments, flags=m.flags)
        _write(catalog, path)
        out.write(f"{path}: started with {len(catalog)} messages to translate\n")
        return 0
    if args.action == "update":
        template = extract_catalog()
        bad = []
        for loc in catalog_locales():
            path = i18n.catalog_path(loc)
            catalog = _read(path, loc)
            missing, obsolete = stale(template, catalog)
            if args.check:
                if missing or obsolete:
                    bad.append(f"{loc}: {len(missing)} new and {len(obsolete)} obsolete messages")
                continue
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            _write(catalog, path)
            out.write(f"{path}: updated ({len(missing)} new, {len(obsolete)} removed)\n")
        if bad:
            raise CareplanError(N_("catalogs are out of date ({details}); run 'careplan i18n update'"),
                                details="; ".join(bad))
        if args.check:
            out.write("catalogs are up to date\n")
        return 0
    report, ok = check_catalogs(args.locales, strict=args.strict)
    out.write(report)
    return 0 if ok else 2

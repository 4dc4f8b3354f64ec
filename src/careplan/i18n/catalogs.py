"""Translator tools behind ``careplan i18n``: extract, init, update, check.

The commands only: the work is in pot (babel's catalog files), check (what
babel does not know about careplan), template_rules and checkout (which
folders they read and write). Commands that write do so only into a careplan
checkout, never into an installed copy, and say in one line what they wrote.
The names callers used before the split are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol

from babel import Locale
from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog

from careplan.errors import N_, CareplanError
from careplan.i18n.catalog_files import (
    CLINICAL_REVIEW,
    DOMAIN,
    PSEUDO_LOCALE,
    SOURCE_LOCALE,
    TRANSLATED_BY,
    catalog_path,
)
from careplan.i18n.check import check_catalogs, fit_problems
from careplan.i18n.checkout import Sources, find_sources
from careplan.i18n.pot import catalog_locales, extract_catalog, pot_path, read_catalog, stale, write_catalog
from careplan.i18n.template_rules import template_placeholder_problems

__all__ = [
    "catalog_locales",
    "check_catalogs",
    "extract_catalog",
    "fit_problems",
    "init",
    "run",
    "stale",
    "template_placeholder_problems",
    "update",
]


def extract(sources: Sources, out: IO[str]) -> int:
    """Write locales/careplan.pot, the template for tools such as Weblate."""
    catalog = extract_catalog(sources)
    path = pot_path(sources.locales)
    write_catalog(catalog, path)
    out.write(f"wrote {path}: {len(catalog)} messages\n")
    return 0


def init(sources: Sources, requested: str, out: IO[str]) -> int:
    """Start a catalog for a new locale, every message empty, with the credit lines to fill in."""
    if requested.replace("-", "_").lower() in (SOURCE_LOCALE.lower(), PSEUDO_LOCALE.lower()):
        raise CareplanError(N_("'{lang}' needs no catalog: English is the source text, in the code and templates"),
                            lang=requested)  # a catalog there would never be read
    try:
        parsed = Locale.parse(requested.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):  # what babel raises for a tag it cannot parse
        raise CareplanError(N_("'{lang}' is not a locale babel knows, such as de or pt_BR"), lang=requested) from None
    loc, english_name = str(parsed), parsed.english_name  # babel's spelling: pt_br and PT-BR make pt_BR
    if parsed.variant:  # "C" and "POSIX" are en_US_POSIX, not a language
        raise CareplanError(N_("'{lang}' is not a locale babel knows, such as de or pt_BR"), lang=requested)
    path = catalog_path(loc, sources.locales)
    if path.exists():
        raise CareplanError(N_("{path} exists already; use 'careplan i18n update'"), path=str(path))
    template = extract_catalog(sources)
    catalog = Catalog(locale=loc, domain=DOMAIN, project="careplan", fuzzy=False,
                      # the two credit lines come last: babel may wrap them onto more lines
                      header_comment=(f"# {english_name} translations for careplan.\n"
                                      f"# {TRANSLATED_BY} YOUR NAME\n"
                                      f"# {CLINICAL_REVIEW} none yet\n"))
    for m in template:
        if m.id:
            catalog.add(m.id, ("",) * catalog.num_plurals if m.pluralizable else "", m.locations,
                        auto_comments=m.auto_comments, flags=m.flags)
    write_catalog(catalog, path)
    out.write(f"wrote {path}: started with {len(catalog)} messages to translate\n")
    return 0


def _tell(out: IO[str], line: str) -> None:
    """Say what was done; a closed or full stdout (`careplan i18n update | head -1`) must not stop
    the work half way, with some catalogs updated and the rest not."""
    from careplan.delivery.streams import silence_stdout

    try:
        out.write(line)
        out.flush()
    except (OSError, ValueError):
        silence_stdout(out)


def update(sources: Sources, check: bool, out: IO[str]) -> int:
    """Merge new strings into every catalog (or, with check, only say whether one is out of date)."""
    template = extract_catalog(sources)
    bad = []
    # every catalog read before any is written: one that cannot be read stops the run with all unchanged
    catalogs = [(loc, catalog_path(loc, sources.locales)) for loc in catalog_locales(sources.locales)]
    read = [(loc, path, read_catalog(path, loc)) for loc, path in catalogs]
    for loc, path, catalog in read:
        missing, obsolete = stale(template, catalog)
        if check:
            if missing or obsolete:
                bad.append(f"{loc}: {len(missing)} new and {len(obsolete)} obsolete messages")
            continue
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write_catalog(catalog, path)
        _tell(out, f"wrote {path}: updated ({len(missing)} new, {len(obsolete)} removed)\n")
    if bad:
        raise CareplanError(N_("catalogs are out of date ({details}); run 'careplan i18n update'"),
                            details="; ".join(bad))
    if check:
        out.write("catalogs are up to date\n")
    return 0


class Action(Protocol):
    """What `careplan i18n` was asked to do (the CLI's I18nCommand has these fields)."""

    @property
    def action(self) -> str: ...
    @property
    def locale(self) -> str | None: ...
    @property
    def locales(self) -> Sequence[str]: ...
    @property
    def strict(self) -> bool: ...
    @property
    def check(self) -> bool: ...
    @property
    def root(self) -> Path | None: ...


def run(args: Action, out: IO[str]) -> int:
    """One `careplan i18n` action; --root names the checkout."""
    root = args.root
    writing = args.action in ("extract", "init") or (args.action == "update" and not args.check)
    sources = find_sources(args.action, root, Path.cwd(), writing=writing)
    if args.action == "extract":
        return extract(sources, out)
    if args.action == "init":
        return init(sources, args.locale or "", out)
    if args.action == "update":
        return update(sources, args.check, out)
    report, ok = check_catalogs(args.locales, strict=args.strict, sources=sources)
    out.write(report)
    return 0 if ok else 2

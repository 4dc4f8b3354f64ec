"""The message template and catalog files: extracting, reading, writing, comparing.

Thin wrappers over babel's catalog API (imported here, so only the translator
tools pay for it), so translators keep using .po files in any editor.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from careplan.content.loader import MAX_TEMPLATE_BYTES
from careplan.files.readfile import not_utf8, read_bytes
from careplan.i18n.catalog_files import DOMAIN, MAX_CATALOG_BYTES, PSEUDO_LOCALE, SOURCE_LOCALE, catalog_ids
from careplan.i18n.checkout import Sources, runtime_sources
from careplan.i18n.translation import PoSyntaxError, parse_po

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "format": None, "nformat": (1, 2)}


def pot_path(locales: Path) -> Path:
    """The generated template (not committed) in a locales folder."""
    return locales / f"{DOMAIN}.pot"


def extract_catalog(sources: Sources | None = None) -> Catalog:
    """Every translatable string from the code and the templates, with comments."""
    sources = sources or runtime_sources()
    catalog = Catalog(project="careplan", domain=DOMAIN, fuzzy=False,
                      copyright_holder="careplan contributors", charset="utf-8")
    check_readable(sources.templates)
    where_from: list[tuple[Path, list[tuple[str, str]], dict[str, dict[str, str]]]] = [
        (sources.code, [("**.py", "python")], {"**.py": {}}),
        (sources.templates, [("*.yaml", "careplan.i18n.extract:extract_yaml")], {"*.yaml": {}}),
    ]
    for root, method_map, options_map in where_from:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                strip_comment_tags=True):
            where = Path(root.name) / filename
            catalog.add(message, None, [(str(where), lineno)], auto_comments=comments, context=context)
    return catalog


def check_readable(root: Path) -> None:
    """Babel opens each template itself and would wait forever on a FIFO or read
    /dev/zero without end; refuse anything but a regular file of sane size first."""
    for path in sorted(root.glob("*.yaml")):
        read_bytes(path, MAX_TEMPLATE_BYTES)


def write_catalog(catalog: Catalog, path: Path) -> None:
    """A catalog or template as babel writes it (76 columns, source order), replaced in one
    step: an interrupted run never leaves a translator's catalog cut short."""
    from careplan.files.writefile import FOLDER_IN_THE_WAY, write_atomic

    buf = io.BytesIO()
    write_po(buf, catalog, width=76, sort_output=False, include_previous=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buf.getvalue(), private=False, folder=FOLDER_IN_THE_WAY)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """A catalog, read bounded and from a regular file only (readfile), like every input; one
    that is not UTF-8 (an editor that saved it as UTF-16 or Latin-1), or has a string with no
    closing quote, is refused by name (and line)."""
    try:
        return parse_po(read_bytes(path, MAX_CATALOG_BYTES), locale)
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except PoSyntaxError as exc:  # a string with no closing quote: named with its line
        raise exc.named(path) from None


def catalog_locales(locales: Path | None = None) -> list[str]:
    """The translated locales: every catalog but English's and the pseudo-locale's, should either have one."""
    return [loc for loc in catalog_ids(locales) if loc not in (SOURCE_LOCALE, PSEUDO_LOCALE)]


def msgid(message: Message) -> str:
    """A message's id; the singular for a message with plural forms."""
    return message.id if isinstance(message.id, str) else str(message.id[0])


def stale(template: Catalog, catalog: Catalog) -> tuple[list[str], list[str]]:
    """(msgids in the sources but not the catalog, msgids in the catalog no longer used)."""
    want = {msgid(m) for m in template if m.id}
    have = {msgid(m) for m in catalog if m.id}
    return sorted(want - have), sorted(have - want)

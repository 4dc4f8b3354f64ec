"""Which locales exist, which are offered, and choosing one for a request.

Above the translator: whether a catalog is complete enough to offer is known
only once it is compiled.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from careplan.errors import N_, CareplanError
from careplan.i18n.catalog_files import PSEUDO_LOCALE, SOURCE_LOCALE, catalog_ids
from careplan.i18n.translation import Translator


def available_locales() -> tuple[str, ...]:
    """English (the source) plus every locale with a catalog, and the pseudo-locale."""
    return (SOURCE_LOCALE, *[f for f in catalog_ids() if f != SOURCE_LOCALE], PSEUDO_LOCALE)


def completeness(locale_id: str) -> float:
    """How much of a locale's catalog is translated (1.0 for English and the pseudo-locale)."""
    return Translator.for_locale(locale_id).complete


def complete_locales() -> tuple[str, ...]:
    """The languages offered to patients: English and every fully translated catalog."""
    return tuple(loc for loc in available_locales() if loc != PSEUDO_LOCALE and completeness(loc) >= 1.0)


def normalise(tag: str) -> str:
    """A locale tag as careplan spells it: ru-RU.UTF-8 -> ru_RU, EN -> en."""
    tag = tag.strip().split(".")[0].split("@")[0].replace("-", "_")
    lang, _, territory = tag.partition("_")
    return f"{lang.lower()}_{territory.upper()}" if territory else lang.lower()


def negotiate(requested: str | None, *, strict: bool = True) -> str:
    """The best available locale for a request (ru_RU -> ru, es-MX -> es).

    With strict, an unknown locale is an error listing the available ones;
    otherwise it falls back to English (used for the system locale).
    """
    available = available_locales()
    if not requested:
        return SOURCE_LOCALE
    tag = normalise(requested)
    if tag in available:
        return tag
    lang = tag.split("_")[0]
    if lang in available and not _other_script(tag):
        return lang
    if tag.lower() == PSEUDO_LOCALE.lower():
        return PSEUDO_LOCALE
    if strict:
        raise CareplanError(
            N_("unknown language '{lang}'; available: {available}"),
            lang=requested, available=", ".join(complete_locales()),  # never the test pseudo-locale
        )
    return SOURCE_LOCALE


# Languages whose catalog is written in one script while the same language code
# is also written in another: (catalog's script, other script, territories that
# write the other one when no script is given). zh is Simplified Chinese; a
# reader asking for Traditional Chinese (zh_TW, zh_HK, zh_MO, zh-Hant) is
# treated like any unknown language, never handed the other script in silence.
SCRIPTS: dict[str, tuple[str, str, frozenset[str]]] = {
    "zh": ("HANS", "HANT", frozenset({"TW", "HK", "MO"})),
}


def _other_script(tag: str) -> bool:
    """True when the tag asks for a script the language's catalog is not written in."""
    lang, *rest = tag.split("_")
    if lang not in SCRIPTS:
        return False
    ours, other, territories = SCRIPTS[lang]
    parts = [p.upper() for p in rest]
    if ours in parts:
        return False
    return other in parts or any(p in territories for p in parts)


def system_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The user's locale from the environment, by POSIX precedence (LC_ALL, then
    LC_MESSAGES, then LANG), or None for C, POSIX or nothing set.

    Python's own locale.getlocale() is not asked: under a C locale it reports
    the coerced C.UTF-8 as en_US, and a guessed country would print a guessed
    emergency number.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (os.environ if environ is None else environ).get(var, "")
        if value:
            value = value.split(".")[0].split("@")[0]
            if value in ("C", "POSIX", ""):
                break
            return value
    return None


def system_translator(environ: Mapping[str, str] | None = None) -> Translator | None:
    """The translator for the system locale named in `environ` (os.environ without one), or
    None for English, and when its catalog cannot be read: a message about something else,
    or the command line's help, then speaks English rather than fail for the catalog's sake."""
    asked = system_locale(environ)
    if asked is None:  # C, POSIX or nothing set: English, without looking at the catalogs
        return None
    try:
        locale = negotiate(asked, strict=False)
        return None if locale == SOURCE_LOCALE else Translator.for_locale(locale)
    except Exception:  # noqa: BLE001 (see above)
        return None


def territory_of(locale_id: str | None) -> str | None:
    """The country part of a locale tag (en_GB -> GB), if it has one."""
    if not locale_id:
        return None
    tag = normalise(locale_id)
    _, _, territory = tag.partition("_")
    return territory if len(territory) == 2 and territory.isalpha() and tag != PSEUDO_LOCALE else None

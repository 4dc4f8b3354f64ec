"""The English templates' placeholder rules: what safety-critical strings must keep.

Every catalog falls back to the English, so it is checked first: by
`careplan check`, `careplan i18n check`, and content validation after
content.load if it wishes.
"""

from __future__ import annotations

from pathlib import Path

from careplan import paths
from careplan.i18n.extract import template_strings
from careplan.placeholders import not_plain, placeholders

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


def placeholder_details(lost: set[str], extra: set[str]) -> str:
    """'{number} missing; {nummer} unknown; {number!r} not allowed (...)' for a report line."""
    details = []
    bad = not_plain(extra)
    if lost:
        details.append(", ".join(sorted(lost)) + " missing")
    if extra - bad:
        details.append(", ".join(sorted(extra - bad)) + " unknown")
    if bad:
        details.append(", ".join(sorted(bad)) + " not allowed (only plain placeholders such as {number}; "
                       "no dots, brackets, ! or :, and no single braces)")
    return "; ".join(details)


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
    uses any form but a plain {name}."""
    root = root or paths.templates_dir()
    problems = []
    seen = set()
    for f in template_strings(root):
        at = f"{root / f.file}:{f.line}"
        found = placeholders(f.text)
        key, need = _required(f.file, f.field)
        seen.add(key)
        extra = not_plain(found)
        if f.file == "safety.yaml" and f.field.startswith("levels."):
            extra |= found - _filled(f.field)
        if need - found or extra:
            problems.append(f"{at}: {f.field}: {placeholder_details(set(need - found), extra)} in {f.text!r}")
    for file, field in sorted(set(REQUIRED_PLACEHOLDERS) - seen):
        must = ", ".join(sorted(REQUIRED_PLACEHOLDERS[file, field]))
        problems.append(f"{root / file}: {field} is missing; it must say {must}")
    return problems

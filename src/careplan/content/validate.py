"""Checks for authored YAML, each failure naming the file, the line and the field.

The people who fix these errors are content authors, not programmers, so a
mistake is reported where it was written, once, at load time. ``Check`` is
shared by every reader of authored YAML (content templates and questions).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from careplan.content import conditions as cond
from careplan.content.loader import LineDict, LineList
from careplan.contract import fields
from careplan.contract.checks import is_whole_number
from careplan.errors import N_, CareplanError

#: Ids of items and tips: what the plan JSON and the catalogs refer to.
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def number_range(key: str) -> tuple[int, int]:
    """The values a condition's number key may take: those of the answers field it bounds
    (a number key is the field's name and _min or _max: age_min bounds age)."""
    return fields.number_range(key.rsplit("_", 1)[0])


class Check:
    """Validation context for one file: builds errors with file, line and field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, line: int, where: str, problem: str, **params: Any) -> CareplanError:
        """The error to raise: `problem` is formatted with params, then placed after file, line and field."""
        return CareplanError(
            N_("{path}, line {line}: {where}: {problem}"),
            path=str(self.path), line=line, where=where, problem=problem.format(**params),
        )

    def mapping(self, value: Any, line: int, where: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> LineDict:
        """A mapping with only the allowed keys and every required one set."""
        if not isinstance(value, LineDict):
            raise self.fail(line, where, "expected a mapping with the keys {keys}", keys=", ".join(allowed))
        for key in value:
            if key not in allowed:
                raise self.fail(value.line_of(key), where,
                                "unknown key '{key}'; allowed: {keys}", key=key, keys=", ".join(allowed))
        for key in required:
            if key not in value or value[key] in (None, ""):
                raise self.fail(value.line, where, "the required key '{key}' is missing", key=key)
        return value

    def sequence(self, value: Any, line: int, where: str, problem: str) -> LineList:
        """A non-empty list; `problem` says what it should hold."""
        if not isinstance(value, LineList) or not value:
            raise self.fail(line, where, problem)
        return value

    def text(self, d: LineDict, key: str, where: str, *, required: bool = True) -> str:
        """Reader-visible text: non-empty, and no markup (the renderer escapes nothing twice)."""
        value = d.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected non-empty text, found {v!r}", v=value)
        if "<" in value or ">" in value:
            raise self.fail(d.line_of(key), f"{where}.{key}", "markup (< or >) is not allowed in content text")
        return value.strip()

    def texts(self, d: LineDict, key: str, where: str) -> tuple[str, ...]:
        """A list of one or more lines of text, each checked as ``text``."""
        value = self.sequence(d.get(key), d.line_of(key), f"{where}.{key}",
                              "expected a list of one or more lines of text")
        wrapper = LineDict({str(i): v for i, v in enumerate(value)})
        wrapper.line = value.line
        wrapper.lines = {str(i): ln for i, ln in enumerate(value.lines)}
        return tuple(self.text(wrapper, str(i), f"{where}.{key}") for i in range(len(value)))

    def choice(self, d: LineDict, key: str, where: str, allowed: tuple[str, ...]) -> str:
        """One of the allowed ids."""
        value = d.get(key)
        if value not in allowed:
            raise self.fail(d.line_of(key), f"{where}.{key}", "{v!r} is not allowed; allowed: {a}",
                            v=value, a=", ".join(allowed))
        return str(value)

    def choices(self, d: LineDict, key: str, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        """A non-empty list of allowed ids."""
        value = d.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected a list of: {a}", a=", ".join(allowed))
        for v in value:
            if v not in allowed:
                raise self.fail(d.line_of(key), f"{where}.{key}", "{v!r} is not allowed; allowed: {a}",
                                v=v, a=", ".join(allowed))
        return tuple(str(v) for v in value)

    def integer(self, d: LineDict, key: str, where: str, low: int, high: int, default: int | None = None) -> int:
        """A whole number from low to high (never a bool: YAML's true is not 1)."""
        value = d.get(key, default)
        if not is_whole_number(value, low, high):
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected a whole number from {lo} to {hi}, found {v!r}",
                            lo=low, hi=high, v=value)
        return value

    def identifier(self, d: LineDict, where: str, seen: dict[str, int]) -> str:
        """The item's `id`: well formed and not used before in `seen` (id -> line)."""
        value = d.get("id")
        if not isinstance(value, str) or not ID_RE.match(value):
            raise self.fail(d.line_of("id"), f"{where}.id",
                            "expected an id of lower-case letters, digits and _, found {v!r}", v=value)
        if value in seen:
            raise self.fail(d.line_of("id"), f"{where}.id", "duplicate id '{v}' (first used on line {first})",
                            v=value, first=seen[value])
        seen[value] = d.line_of("id")
        return value

    def conditions(self, d: LineDict, key: str, where: str) -> tuple[cond.Condition, ...]:
        """Declarative conditions (see conditions.py); an empty one would match everyone, so it is refused."""
        value = d.get(key)
        if value is None:
            return ()
        value = self.sequence(value, d.line_of(key), f"{where}.{key}",
                              "expected a list of conditions such as {{locations: [neck]}}")
        out = []
        allowed = (*cond.CHOICE_KEYS, *cond.BOOL_KEYS, *cond.NUMBER_KEYS)
        for i, raw in enumerate(value):
            cw = f"{where}.{key}[{i}]"
            c = self.mapping(raw, value.lines[i], cw, allowed)
            if not c:
                raise self.fail(value.lines[i], cw, "an empty condition would match everyone")
            for k in c:
                if k in cond.CHOICE_KEYS:
                    self.choices(c, k, cw, cond.CHOICE_KEYS[k])
                elif k in cond.BOOL_KEYS:
                    if not isinstance(c[k], bool):
                        raise self.fail(c.line_of(k), f"{cw}.{k}", "expected true or false")
                else:
                    self.integer(c, k, cw, *number_range(k))
            out.append({k: (tuple(v) if isinstance(v, list) else v) for k, v in c.items()})
        return tuple(out)

"""The answers: schema version 1 of the contract, validated into a typed value.

Every check names the field, the bad value and what is allowed, so a
clinician fixing a file by hand knows exactly what to change.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

from careplan import records
from careplan.contract import checks, fields, vocab
from careplan.errors import N_, CareplanError
from careplan.files import safeyaml
from careplan.files.yamlimport import yaml
from careplan.records import record


@record
class Clinic:
    """The clinic block printed on a clinician's handout."""

    name: str = ""
    phone: str = ""
    clinician: str = ""
    follow_up: dt.date | None = None
    notes: str = ""


@record
class Answers:
    """One person's answers; the only input the planner sees."""

    age: int
    locations: tuple[str, ...]
    duration: str
    onset: str
    activity: str
    cause: str = "none_known"
    radiation: tuple[str, ...] = ()
    numbness_or_tingling: bool = False
    intensity: int | None = None
    daily_activities: tuple[str, ...] = ()
    first_episode: bool = True
    morning_stiffness: bool = False
    pregnancy: str = "none"
    pelvic_girdle_pain: bool = False
    conditions: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    language: str | None = None
    region: str | None = None
    patient_name: str | None = None
    clinic: Clinic | None = None
    version: int = vocab.SCHEMA_VERSION

    def replace(self, **changes: Any) -> Answers:
        """A copy with some answers changed (triage reads signs forwards this way)."""
        return records.replace(self, **changes)


def _bad(where: str, field_name: str, value: Any, allowed: str) -> CareplanError:
    """The one message shape for a bad value: where, which field, the value described, what is allowed."""
    private = field_name in fields.PRIVATE
    return CareplanError(
        N_("{where}: field '{field}' has the value {value}; allowed: {allowed}"),
        where=where, field=field_name, allowed=allowed,
        value=_described(value) if private else _show(value),
    )


def _described(value: Any) -> str:
    """A private field's value (a name, a phone number, notes) described, never shown:
    a number there may be a patient's phone or record number."""
    if isinstance(value, str):
        return f"text of {len(value)} characters" + ("" if checks.is_clean_text(value) else
                                                      " with a NUL character or a broken one")
    if isinstance(value, float) and not math.isfinite(value):
        return _show(value)  # JSON's NaN or Infinity: no one's phone or record number
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number (write text in quotes)"
    return _show(value) if isinstance(value, (bool, list, dict)) or value is None else "a value of another kind"


def _show(value: Any) -> str:
    """A value as a message may show it: short plain tokens only. Anything
    else is described, never echoed, so a message can repeat neither a
    patient's words nor control characters from a hostile file."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "empty"}[value]
    if isinstance(value, int):
        return str(value) if abs(value) < 10**12 else "a very large number"
    if isinstance(value, float):  # JSON's NaN and Infinity are floats too, but have no decimal point
        if math.isnan(value):
            return "not a number (NaN)"
        if math.isinf(value):
            return "infinity" if value > 0 else "minus infinity"
        return "a number with a decimal point"
    if isinstance(value, str):
        return f"'{value}'" if value.isprintable() and len(value) <= 40 else f"text of {len(value)} characters"
    if isinstance(value, list):
        return f"a list of {len(value)} items" if value else "[]"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "a value of another kind"


def _key(key: Any) -> str:
    """A field name from the file, shown only if it looks like one (letters, digits,
    _ . -): a line of notes indented by mistake becomes a key, and must not be echoed."""
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", key):
        return key
    return f"(text of {len(key)} characters)" if isinstance(key, str) else f"({_show(key)})"


def _int(where: str, name: str, value: Any, low: int, high: int) -> int:
    if not checks.is_whole_number(value, low, high):
        raise _bad(where, name, value, f"a whole number from {low} to {high}")
    return value


def _text(where: str, name: str, value: Any) -> str:
    if not isinstance(value, str) or len(value) > vocab.MAX_TEXT or not checks.is_clean_text(value):
        raise _bad(where, name, value, f"text of at most {vocab.MAX_TEXT} characters"
                   + (f", without {checks.UNCLEAN}"
                      if isinstance(value, str) and not checks.is_clean_text(value) else ""))
    return value


def _date(where: str, name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _bad(where, name, value, "a date that exists, written YYYY-MM-DD") from None
    raise _bad(where, name, value, "a date written YYYY-MM-DD")


def _multi(where: str, name: str, value: Any, allowed: tuple[str, ...]) -> tuple[str, ...]:
    listed = "a list of: " + ", ".join(allowed)
    if not isinstance(value, list):
        raise _bad(where, name, value, listed)
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise _bad(where, name, item, ", ".join(allowed))
    # keep the contract's order and drop repeats, so equal answers compare equal
    return tuple(item for item in allowed if item in value)


def _value(where: str, f: fields.Field, value: Any) -> Any:
    """One field's value, checked as the table declares it."""
    if f.kind == "number":
        return _int(where, f.name, value, f.low, f.high)
    if f.kind == "select":
        if not isinstance(value, str) or value not in f.allowed:
            raise _bad(where, f.name, value, ", ".join(f.allowed))
        return value
    if f.kind == "checkbox":
        return _multi(where, f.name, value, f.allowed)
    if f.kind == "confirm":
        if not isinstance(value, bool):
            raise _bad(where, f.name, value, "true, false")
        return value
    if f.kind == "date":
        return _date(where, f.name, value)
    if f.kind == "group":
        return _clinic(where, value)
    return _text(where, f.name, value)  # text, locale and country (a country's code is checked last)


def _finish(where: str, out: dict[str, Any]) -> None:
    """Checks made once every field has the right shape, so a wrong type anywhere in the file is
    reported first: enough values in a list, and a country code that can be one (in capitals)."""
    for f in fields.FIELDS:
        if f.min_items and len(out.get(f.name, ())) < f.min_items:
            raise _bad(where, f.name, list(out.get(f.name, ())), "at least one of: " + ", ".join(f.allowed))
        if f.kind == "country" and f.name in out:
            code = checks.country_code(out[f.name])
            if code is None:
                raise _bad(where, f.name, out[f.name], "a two-letter country code such as GB, US, DE")
            out[f.name] = code


def _clinic(where: str, value: Any) -> Clinic:
    if not isinstance(value, dict):
        raise _bad(where, "clinic", value, "a mapping with " + ", ".join(fields.CLINIC_KEYS))
    for key in value:
        if key not in fields.CLINIC_KEYS:
            raise CareplanError(
                N_("{where}: unknown field 'clinic.{field}'; allowed: {allowed}"),
                where=where, field=_key(key), allowed=", ".join(fields.CLINIC_KEYS),
            )
    out = {key: _value(where, fields.BY_NAME[f"clinic.{key}"], item)
           for key, item in value.items() if item is not None}
    return Clinic(**out)


def from_mapping(data: Any, where: str = "answers") -> Answers:
    """Validate a parsed answers mapping; raise CareplanError naming the first problem."""
    if data is None:  # an empty file, or one of comments only
        raise CareplanError(N_("{where}: the file holds no answers; an answers file has one field a line, "
                               "starting with 'version: 1'"), where=where)
    if not isinstance(data, dict):  # a list, or one bare value: named as a reader would, not as Python does
        raise CareplanError(N_("{where}: expected fields with their answers, one a line (such as "
                               "'version: 1' and 'age: 42'), found a list or a single value"), where=where)
    for key in data:
        if key not in fields.NAMES:
            raise CareplanError(
                N_("{where}: unknown field '{field}'; allowed fields: {allowed}"),
                where=where, field=_key(key), allowed=", ".join(fields.NAMES),
            )
    for key in fields.REQUIRED:
        if key not in data or data[key] is None:
            raise CareplanError(
                N_("{where}: the required field '{field}' is missing"), where=where, field=key
            )
    if type(data["version"]) is not int or data["version"] != vocab.SCHEMA_VERSION:  # not 1.0, not true
        raise _bad(where, "version", data["version"], str(vocab.SCHEMA_VERSION))
    out = {
        key: _value(where, fields.BY_NAME[key], value)
        for key, value in data.items()
        if key != "version" and value is not None  # an empty optional field means "use the default"
    }
    _finish(where, out)
    return Answers(**out)


def load(path: Path) -> Answers:
    """Load and validate an answers file (YAML or JSON)."""
    return from_mapping(safeyaml.load_file(path), where=str(path))


def to_mapping(answers: Answers, *, include_name: bool = True) -> dict[str, Any]:
    """The contract's answers format, with defaults left out (for --save-answers)."""
    defaults = {f.name: f.default for f in records.fields(Answers) if f.default is not records.MISSING}
    out: dict[str, Any] = {"version": vocab.SCHEMA_VERSION}
    for f in records.fields(Answers):
        if f.name == "version":
            continue
        value = getattr(answers, f.name)
        if f.name == "patient_name" and not include_name:
            continue
        if f.name in defaults and value == defaults[f.name]:
            continue
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Clinic):
            value = {k: getattr(value, k) for k in fields.CLINIC_KEYS if getattr(value, k)}
        out[f.name] = value
    return out


class _Dumper(yaml.SafeDumper):
    """Writes text that careplan's reader (YAML 1.2's core schema) reads back as the
    same text: PyYAML quotes by YAML 1.1's rules, so it would leave "09",
    "08001234567" or "1.0e5" bare, and they would come back as numbers."""


def _text_scalar(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) and value.lower() not in _YAML_WORDS
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


# bare words some YAML reader takes for something other than text
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null"})
_Dumper.add_representer(str, _text_scalar)


def dump_yaml(answers: Answers, *, include_name: bool = True) -> str:
    """Answers as a YAML answers file that load() reads back to the same value:
    every text but a plain word (a choice such as lower_back) in double quotes."""
    data = to_mapping(answers, include_name=include_name)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None)


def _check_against_table() -> None:
    """The records are the typed view of fields.FIELDS: same names, same defaults. Checked at
    import, so a field added to one and not the other fails at once, never in a reader's file."""
    typed = {f.name: f.default for f in records.fields(Answers)}
    table = {f.name: f.default for f in fields.FIELDS if f.kind != "group"} | {"clinic": None}
    required = {name for name, default in typed.items() if default is records.MISSING}
    assert set(typed) == set(table), set(typed) ^ set(table)
    assert required == set(fields.REQUIRED) - {"version"}, required
    assert all(typed[name] == table[name] for name in typed if name not in required), "a default differs"
    clinic = {f.name: f.default for f in records.fields(Clinic)}
    assert clinic == {f.key: f.default for f in fields.CLINIC_FIELDS}, "the clinic block differs"


_check_against_table()

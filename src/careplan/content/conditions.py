"""The one condition language, and its one engine, for content and questions.

A condition is a small mapping such as ``{pregnancy: [second_trimester]}`` or
``{age_min: 65}``; it holds when every key holds. A list of conditions holds
when any one does. Content uses it ("suits_when", "exclude_when") and so do
the questions ("when" in questions.yaml), so an author learns one language
and a reader gets one meaning. Keeping it declarative means authors never
write code, and the planner stays a pure function.

Keys:

- a choice field with a list of values: holds when the answer is, or (for a
  many-choice field) includes, any of them;
- a yes/no field with true or false: holds when the answer is exactly that;
- ``age_min``, ``age_max``, ``intensity_min``: bounds on a number answer;
- a fact of the session that is not an answer (the questionnaire's
  ``clinician``), tested like a yes/no answer.

One rule for unknown answers: an answer is looked up as the contract fills
it in, so a field not given takes its default (pregnancy ``none``,
first_episode ``true``); a field that has no default and is not known
(an age not asked yet, an intensity not given) never holds.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from careplan import records
from careplan.contract import fields
from careplan.contract.answers import Answers

#: Every choice field of the answers, with its allowed values.
CHOICE_FIELDS: Mapping[str, tuple[str, ...]] = fields.choice_values()
#: Choice fields content may test (every one except the red flags, which triage owns).
CHOICE_KEYS: Mapping[str, tuple[str, ...]] = {k: v for k, v in CHOICE_FIELDS.items() if k != "red_flags"}
#: Yes/no fields.
BOOL_KEYS: tuple[str, ...] = tuple(f.name for f in fields.of_kind("confirm"))
#: Number keys: the field each one bounds, and how.
NUMBER_KEYS: Mapping[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "age_min": ("age", operator.ge),
    "age_max": ("age", operator.le),
    "intensity_min": ("intensity", operator.ge),
}
#: The contract's defaults, which an answer not given takes.
DEFAULTS: Mapping[str, Any] = {
    f.name: f.default for f in records.fields(Answers) if f.default is not records.MISSING
}

Condition = Mapping[str, Any]
#: Looks an answer (or a session fact) up by name; None means not known.
Lookup = Callable[[str], Any]


def tested_field(key: str) -> str:
    """The answers field a key tests (age for age_min)."""
    return NUMBER_KEYS[key][0] if key in NUMBER_KEYS else key


def lookup_in(values: Mapping[str, Any], facts: Mapping[str, Any] | None = None) -> Lookup:
    """Answers given so far (and session facts) as a lookup, with the contract's defaults for the rest."""
    def look(key: str) -> Any:
        if facts and key in facts:
            return facts[key]
        if key in values:
            return values[key]
        return DEFAULTS.get(key)

    return look


def _holds_key(look: Lookup, key: str, want: Any) -> bool:
    value = look(tested_field(key))
    if value is None:
        return False
    if key in NUMBER_KEYS:
        return bool(NUMBER_KEYS[key][1](value, want))
    if isinstance(want, bool):
        return value is want
    if isinstance(value, tuple):
        return any(v in want for v in value)
    return value in want


def holds(condition: Condition, look: Lookup) -> bool:
    """True when every key of the condition holds for the looked-up answers."""
    return all(_holds_key(look, k, v) for k, v in condition.items())


def matches(answers: Answers, condition: Condition) -> bool:
    """True when every key of the condition holds for these (complete) answers."""
    return holds(condition, lambda key: getattr(answers, key))


def any_matches(answers: Answers, conditions: tuple[Condition, ...]) -> bool:
    return any(matches(answers, c) for c in conditions)

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


Test = Callable[[Any], bool]


def _test(key: str, want: Any) -> tuple[str, Test]:
    """(the field a key tests, the test of that field's value): what every key means, in one place."""
    if key in NUMBER_KEYS:
        field, compare = NUMBER_KEYS[key]
        return field, lambda value: value is not None and bool(compare(value, want))
    if isinstance(want, bool):
        return key, lambda value: value is want

    def member(value: Any) -> bool:  # one of the wanted values, or (many-choice) any of its values is
        if value is None:
            return False
        if isinstance(value, tuple):
            return any(v in want for v in value)
        return bool(value in want)

    return key, member


# Conditions as tests, worked out once per condition object: content, the questions and the
# triage table make each condition once and never change it, and planning one handout asks
# some 300 of them (the content audit, millions). Matched by identity, the condition kept beside
# its tests, as render/perobject.py does: an id is reused only once its object is gone. A
# condition must not be changed in place once asked (it would keep its first meaning here): make
# a new one instead.
_TESTS: dict[int, tuple[Condition, tuple[tuple[str, Test], ...]]] = {}
TESTS_MAX = 4096


def _tests(condition: Condition) -> tuple[tuple[str, Test], ...]:
    kept = _TESTS.get(id(condition))
    if kept is not None and kept[0] is condition:
        return kept[1]
    tests = tuple(_test(k, v) for k, v in condition.items())
    if len(_TESTS) >= TESTS_MAX:
        _TESTS.clear()
    _TESTS[id(condition)] = (condition, tests)
    return tests


def holds(condition: Condition, look: Lookup) -> bool:
    """True when every key of the condition holds for the looked-up answers."""
    return all(test(look(field)) for field, test in _tests(condition))


def matches(answers: Answers, condition: Condition) -> bool:
    """True when every key of the condition holds for these (complete) answers."""
    for field, test in _tests(condition):  # noqa: SIM110 (a loop: all() over a generator is slower here)
        if not test(getattr(answers, field)):
            return False
    return True


def any_matches(answers: Answers, conditions: tuple[Condition, ...]) -> bool:
    return any(matches(answers, c) for c in conditions)

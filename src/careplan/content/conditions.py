"""Declarative conditions used by content ("suits_when", "exclude_when").

A condition is a small mapping such as ``{pregnancy: [second_trimester]}`` or
``{age_min: 65}``; it matches when every key matches. A list of conditions
matches when any one does. Keeping this declarative means content authors
never write code, and the planner stays a pure function.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from careplan.contract import vocab
from careplan.contract.answers import Answers, field_kinds

#: answer fields a condition may test by membership, with their allowed values
#: (every choice field of the answers except the red flags, which triage owns)
CHOICE_KEYS: Mapping[str, tuple[str, ...]] = {
    k: v for k, v in field_kinds().items() if k != "red_flags"
}
BOOL_KEYS = vocab.BOOL_FIELDS
NUMBER_KEYS = ("age_min", "age_max", "intensity_min")

Condition = Mapping[str, Any]


def _matches_key(answers: Answers, key: str, want: Any) -> bool:
    if key == "age_min":
        return answers.age >= want
    if key == "age_max":
        return answers.age <= want
    if key == "intensity_min":
        return answers.intensity is not None and answers.intensity >= want
    value = getattr(answers, key)
    if key in BOOL_KEYS:
        return value is want
    if isinstance(value, tuple):
        return any(v in want for v in value)
    return value in want


def matches(answers: Answers, condition: Condition) -> bool:
    """True when every key of the condition holds for these answers."""
    return all(_matches_key(answers, k, v) for k, v in condition.items())


def any_matches(answers: Answers, conditions: tuple[Condition, ...]) -> bool:
    return any(matches(answers, c) for c in conditions)

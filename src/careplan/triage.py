"""Triage: the level of care the answers call for, and why.

A pure function of the answers. The rules are the clinical guidance's
mapping table, row by row; the level is the highest any rule triggers, so
adding a warning sign can only raise it. Each rule names a reason id that
the handout explains in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .answers import Answers
from .vocab import LEVELS, severity


@dataclass(frozen=True)
class Rule:
    level: str
    reason: str
    applies: Callable[[Answers], bool]


def _flag(flag: str) -> Rule:
    return Rule("", flag, lambda a: flag in a.red_flags)


def _at(level: str, *rules: Rule) -> list[Rule]:
    return [Rule(level, r.reason, r.applies) for r in rules]


EMERGENCY_FLAGS = (
    "saddle_numbness",
    "bladder_or_bowel_change",
    "both_legs",
    "worsening_weakness",
    "chest_pain_or_breathless",
    "collapse_signs",
    "neck_neuro",
    "pregnancy_bleeding_or_severe_belly_pain",
)
URGENT_FLAGS = (
    "fever",
    "weight_loss",
    "night_or_rest_pain",
    "back_lump_or_deformity",
    "hand_clumsiness_or_unsteady_walking",
    "pregnancy_fever_contractions_or_fluid",
)

_BONE = ("osteoporosis", "long_term_steroids")

RULES: tuple[Rule, ...] = (
    *_at("emergency", *(_flag(f) for f in EMERGENCY_FLAGS)),
    Rule("emergency", "major_injury", lambda a: a.cause == "major_injury"),
    Rule(
        "emergency",
        "neck_fall_age_65_or_over",
        lambda a: "neck" in a.locations and a.cause == "minor_fall" and a.age >= 65,
    ),
    Rule(
        "emergency",
        "neck_fall_with_tingling",
        lambda a: "neck" in a.locations and a.cause == "minor_fall" and a.numbness_or_tingling,
    ),
    Rule(
        "emergency",
        "cancer_history_with_nerve_symptoms",
        lambda a: "cancer_history" in a.conditions and a.numbness_or_tingling,
    ),
    *_at("urgent", *(_flag(f) for f in URGENT_FLAGS)),
    Rule("urgent", "cancer_history", lambda a: "cancer_history" in a.conditions),
    Rule("urgent", "weakened_immune_system", lambda a: "weakened_immune_system" in a.conditions),
    Rule("urgent", "injecting_drug_use", lambda a: "injecting_drug_use" in a.conditions),
    Rule(
        "urgent",
        "fragile_bones_after_fall_or_lift",
        lambda a: any(c in a.conditions for c in _BONE) and a.cause in ("minor_fall", "lifting"),
    ),
    Rule("urgent", "age_under_5", lambda a: a.age < 5),
    Rule("soon", "6_to_12_weeks", lambda a: a.duration == "6_to_12_weeks"),
    Rule("soon", "over_12_weeks", lambda a: a.duration == "over_12_weeks"),
    Rule("soon", "below_knee", lambda a: "below_knee" in a.radiation),
    Rule("soon", "arm", lambda a: "arm" in a.radiation),
    Rule("soon", "numbness_or_tingling", lambda a: a.numbness_or_tingling),
    Rule("soon", "intensity_8_or_more", lambda a: a.intensity is not None and a.intensity >= 8),
    Rule("soon", "age_under_16", lambda a: a.age < 16),
    Rule("soon", "age_50_or_over_first_episode", lambda a: a.age >= 50 and a.first_episode),
    Rule("soon", "recurrent_episode", lambda a: not a.first_episode),
    Rule("soon", "morning_stiffness", lambda a: a.morning_stiffness),
)

#: Every reason id a plan can give, for content validation.
REASONS = tuple(dict.fromkeys(r.reason for r in RULES))


@dataclass(frozen=True)
class Triage:
    level: str
    reasons: tuple[str, ...]


def triage(answers: Answers) -> Triage:
    """The highest level any rule triggers, with the reasons at that level."""
    fired = [r for r in RULES if r.applies(answers)]
    if not fired:
        return Triage("self_care", ())
    level = max((r.level for r in fired), key=severity)
    return Triage(level, tuple(r.reason for r in fired if r.level == level))


assert all(r.level in LEVELS for r in RULES)

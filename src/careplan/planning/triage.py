"""Triage and warning signs: one declarative table, read both ways.

Read backwards, the table says which level the answers call for now: the
highest level any rule triggers, so adding a warning sign can only raise it.
Read forwards, it says what the reader must watch for: each rule may carry a
sign, a change to the answers that would make the rule fire (a new fever, a
fall, new tingling). A sign's level is never written down; it is whatever
``triage`` gives this reader once the sign has come true, so the boxes on the
handout cannot disagree with the triage that decides the level.

Conditions use the content's condition language (see ``conditions``), so the
same engine decides which items suit a reader and which rules fire.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from careplan.content.conditions import Condition, any_matches, matches
from careplan.contract import fields, vocab
from careplan.contract.answers import Answers
from careplan.contract.vocab import FRAGILE_BONES, severity
from careplan.records import record

PREGNANT: Condition = {"pregnancy": vocab.PREGNANT}
NECK: Condition = {"locations": ("neck",)}


@record
class Sign:
    """A warning sign: what coming true means, and for whom it is printed.

    ``changes`` are alternatives (a fall, or a lift): each is a change to the
    answers, read with ``with_change``. ``printed_for`` limits the sign to
    readers it can apply to (any condition matching); empty means everyone.
    """

    id: str
    changes: tuple[Mapping[str, Any], ...]
    printed_for: tuple[Condition, ...] = ()


@record
class Rule:
    """One row of the clinical mapping table: when it fires, its level, its sign."""

    id: str  # the reason id the handout explains
    level: str
    when: Condition
    signs: tuple[Sign, ...] = ()


def _flag_rule(level: str, flag: str, *printed_for: Condition) -> Rule:
    """A warning sign answered yes: the rule and its sign share the red flag's id."""
    return Rule(flag, level, {"red_flags": (flag,)}, (Sign(flag, ({"red_flags": (flag,)},), printed_for),))


# Shared by the two neck-injury rules: a fall or blow, read forwards.
_NECK_INJURY = Sign("neck_injury", ({"cause": "minor_fall"},), (NECK,))
# Two steps at once: under 65, a fall alone does not fire the rule, a fall then tingling does.
_NECK_FALL_TINGLING = Sign("neck_fall_then_tingling", ({"cause": "minor_fall", "numbness_or_tingling": True},), (NECK,))
_NEW_NUMBNESS = ({"numbness_or_tingling": True},)
_FRAGILE = ({"conditions": FRAGILE_BONES},)
_NEW_PAIN = ("under_1_week", "1_to_6_weeks")
# Read forwards, both fragile-bone rules: a fall, a lift, or pain that starts suddenly
# ("even a cough or sneeze").
_FRAGILE_NEW_PAIN = Sign("fragile_bones_fall_or_lift", ({"cause": "minor_fall"}, {"cause": "lifting"},
                                                        {"onset": "sudden", "duration": "under_1_week"}), _FRAGILE)
_SPREADING = Sign("spreading_pain", ({"radiation": ("below_knee",)}, {"radiation": ("arm",)}))

#: The clinical guidance's mapping table, row by row. Order matters only for
#: the boxes: within a level, signs print in this order, and a sign whose
#: changes an earlier printed sign already covers is left out.
RULES: tuple[Rule, ...] = (
    # -- emergency
    _flag_rule("emergency", "saddle_numbness"),
    _flag_rule("emergency", "bladder_or_bowel_change"),
    _flag_rule("emergency", "both_legs"),
    _flag_rule("emergency", "worsening_weakness"),
    _flag_rule("emergency", "chest_pain_or_breathless"),
    _flag_rule("emergency", "collapse_signs"),
    _flag_rule("emergency", "neck_neuro", NECK),
    _flag_rule("emergency", "pregnancy_bleeding_or_severe_belly_pain", PREGNANT),
    Rule("major_injury", "emergency", {"cause": ("major_injury",)},
         (Sign("major_injury", ({"cause": "major_injury"},)),)),
    Rule("neck_fall_age_65_or_over", "emergency",
         {"locations": ("neck",), "cause": ("minor_fall",), "age_min": vocab.OLDER_AGE}, (_NECK_INJURY,)),
    Rule("neck_fall_with_tingling", "emergency",
         {"locations": ("neck",), "cause": ("minor_fall",), "numbness_or_tingling": True},
         (_NECK_INJURY, _NECK_FALL_TINGLING)),
    Rule("cancer_history_with_nerve_symptoms", "emergency",
         {"conditions": ("cancer_history",), "numbness_or_tingling": True},
         (Sign("cancer_new_nerve_symptoms", _NEW_NUMBNESS, ({"conditions": ("cancer_history",)},)),)),
    # -- urgent
    _flag_rule("urgent", "fever"),
    _flag_rule("urgent", "weight_loss"),
    _flag_rule("urgent", "night_or_rest_pain"),
    _flag_rule("urgent", "back_lump_or_deformity"),
    _flag_rule("urgent", "hand_clumsiness_or_unsteady_walking", NECK),
    _flag_rule("urgent", "pregnancy_fever_contractions_or_fluid", PREGNANT),
    Rule("cancer_history", "urgent", {"conditions": ("cancer_history",)}),
    Rule("weakened_immune_system", "urgent", {"conditions": ("weakened_immune_system",)}),
    Rule("injecting_drug_use", "urgent", {"conditions": ("injecting_drug_use",)}),
    # Neck pain after a fall at any age: whether the neck can be moved is a clinician's check
    # (Canadian C-spine rule, Stiell 2001; NICE NG41), before any neck exercise. Before the
    # fragile-bone rules: their sign also reads a fall but names no blow to the head or neck,
    # and a sign already said by an earlier one is left out, so this one must come first.
    Rule("neck_fall", "urgent", {"locations": ("neck",), "cause": ("minor_fall",)},
         (Sign("neck_fall_check", ({"cause": "minor_fall"},), (NECK,)),)),
    Rule("fragile_bones_after_fall_or_lift", "urgent",
         {"conditions": FRAGILE_BONES, "cause": ("minor_fall", "lifting")}, (_FRAGILE_NEW_PAIN,)),
    # More cautious than the guidance's table (README, safety notes): a fragility fracture
    # needs no fall, a cough or sneeze will do (NICE CKS: sudden onset of severe central
    # spinal pain; Royal Osteoporosis Society), so new pain that came on suddenly is seen today.
    Rule("fragile_bones_sudden_pain", "urgent",
         {"conditions": FRAGILE_BONES, "onset": ("sudden",), "duration": _NEW_PAIN}, (_FRAGILE_NEW_PAIN,)),
    # From 65 fractures are common and often undiagnosed (the reason for OLDER_AGE): minor
    # trauma in an older person is a fracture red flag without known osteoporosis
    # (NICE CKS back pain; AHCPR 1994: "minor trauma ... in an older or potentially
    # osteoporotic patient").
    Rule("fall_age_65_or_over", "urgent", {"cause": ("minor_fall",), "age_min": vocab.OLDER_AGE},
         (Sign("fall_when_older", ({"cause": "minor_fall"},), ({"age_min": vocab.OLDER_AGE},)),)),
    Rule("age_under_5", "urgent", {"age_max": vocab.SMALL_CHILD_AGE - 1}),
    # -- soon
    Rule("6_to_12_weeks", "soon", {"duration": ("6_to_12_weeks",)},
         (Sign("not_improving", ({"duration": "6_to_12_weeks"},)),)),
    Rule("over_12_weeks", "soon", {"duration": ("over_12_weeks",)}),
    Rule("below_knee", "soon", {"radiation": ("below_knee",)}, (_SPREADING,)),
    Rule("arm", "soon", {"radiation": ("arm",)}, (_SPREADING,)),
    Rule("numbness_or_tingling", "soon", {"numbness_or_tingling": True},
         (Sign("new_numbness_or_tingling", _NEW_NUMBNESS),)),
    Rule("intensity_8_or_more", "soon", {"intensity_min": vocab.SEVERE_INTENSITY},
         (Sign("pain_stops_daily_life", ({"intensity": vocab.SEVERE_INTENSITY},)),)),
    Rule("age_under_16", "soon", {"age_max": vocab.ADULT_AGE - 1}),
    Rule("age_50_or_over_first_episode", "soon", {"age_min": vocab.FIRST_EPISODE_CHECK_AGE, "first_episode": True}),
    Rule("recurrent_episode", "soon", {"first_episode": False}),
    Rule("morning_stiffness", "soon", {"morning_stiffness": True}),
)

#: Every reason id a plan can give, for content validation.
REASONS = tuple(r.id for r in RULES)

#: Every warning sign, once, in table order (several rules may share one).
SIGNS: tuple[Sign, ...] = tuple({s.id: s for r in RULES for s in r.signs}.values())

#: The rules each sign reads forwards (several rules may share a sign), worked out once.
RULES_OF: dict[str, tuple[Rule, ...]] = {
    sign.id: tuple(r for r in RULES if any(s.id == sign.id for s in r.signs)) for sign in SIGNS
}

#: Red flags whose rule is at emergency level, in table order.
EMERGENCY_FLAGS = tuple(r.id for r in RULES if r.level == "emergency" and r.id in vocab.RED_FLAGS)


@record
class Triage:
    """The level the answers call for now, and the ids of the rules that set it."""

    level: str
    reasons: tuple[str, ...]


def triage(answers: Answers) -> Triage:
    """The highest level any rule triggers, with the reasons at that level."""
    fired = [r for r in RULES if matches(answers, r.when)]
    if not fired:
        return Triage("self_care", ())
    level = max((r.level for r in fired), key=severity)
    return Triage(level, tuple(r.id for r in fired if r.level == level))


# The rules, most serious level first (table order within a level): the level of a set of
# answers is the level of the first rule that fires, so most answers stop after a few rules.
_BY_SEVERITY: tuple[Rule, ...] = tuple(sorted(RULES, key=lambda r: -severity(r.level)))


def level_of(answers: Answers) -> str:
    """The level triage gives these answers (as triage(answers).level, without collecting reasons)."""
    return next((r.level for r in _BY_SEVERITY if matches(answers, r.when)), "self_care")


def with_change(answers: Answers, change: Mapping[str, Any]) -> Answers:
    """The answers once a sign has come true. Changes only ever add: a list
    gains values, a yes/no becomes the given value, intensity and duration
    rise to at least the given value, the cause becomes the given one."""
    return answers.replace(**_updates(answers, change))


def _updates(answers: Answers, change: Mapping[str, Any]) -> dict[str, Any]:
    """The fields with_change sets, and their new values (some may equal the old ones)."""
    updates: dict[str, Any] = {}
    for key, value in change.items():
        old = getattr(answers, key)
        if isinstance(old, tuple):
            allowed = fields.BY_NAME[key].allowed
            updates[key] = tuple(v for v in allowed if v in old or v in value)
        elif key == "intensity":
            updates[key] = max(old or 0, value)
        elif key == "duration":
            updates[key] = max(old, value, key=vocab.DURATIONS.index)
        else:
            updates[key] = value
    return updates


class _Forwards:
    """One reader's answers read forwards, each change made and each level worked out once.

    warning_signs tries some thirty changes on a reader, many of them the same (a fall is
    in five signs, and _news tries each part of a change alone): made afresh each time, that
    was 1.3 ms of a 22 ms handout. Nothing is kept from one reader to the next."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self._made: dict[tuple[tuple[str, Any], ...], Answers | None] = {}
        self._levels: dict[int, str] = {}  # by id() of an Answers kept in _made

    def changed(self, change: Mapping[str, Any]) -> Answers | None:
        """with_change(answers, change), or None when that equals the answers (already true)."""
        key = tuple(change.items())
        if key in self._made:
            return self._made[key]
        answers, updates = self.answers, _updates(self.answers, change)
        # equal to with_change(...) == answers: the fields not in updates are the same objects
        same = all(getattr(answers, k) == v for k, v in updates.items())
        made = self._made[key] = None if same else answers.replace(**updates)
        return made

    def level(self, changed: Answers) -> str:
        if id(changed) not in self._levels:
            self._levels[id(changed)] = level_of(changed)
        return self._levels[id(changed)]

    def sign_level(self, sign: Sign) -> str | None:
        """The level triage gives this reader if the sign came true (the most
        serious of its alternatives that fire one of its rules), or None if it
        cannot come true for them (already true, or none of its rules would fire)."""
        rules = RULES_OF[sign.id]
        levels: list[str] = []
        for change in sign.changes:
            changed = self.changed(change)
            if changed is None:
                continue
            if any(matches(changed, r.when) and not matches(self.answers, r.when) for r in rules):
                levels.append(self.level(changed))
        return max(levels, key=severity) if levels else None

    def news(self, sign: Sign) -> set[frozenset[tuple[str, Any]]]:
        """Each way the sign can come true, as what would be new to this reader: after a fall,
        "tingling after a fall" and "new tingling" are the same news, and the box says it once."""
        return {frozenset((k, v) for k, v in change.items() if self.changed({k: v}) is not None)
                for change in sign.changes if self.changed(change) is not None}


def warning_signs(answers: Answers) -> tuple[tuple[str, str], ...]:
    """(sign id, level) for every sign printed in this reader's boxes, most
    serious first. A sign is printed when it applies to the reader, can still
    come true, and would raise the reader's level (to ``soon`` at least). An
    emergency plan prints none: it already says call now."""
    now = level_of(answers)
    if now == "emergency":
        return ()
    found: list[tuple[str, str]] = []
    covered: set[frozenset[tuple[str, Any]]] = set()
    forwards = _Forwards(answers)
    for sign in SIGNS:
        if sign.printed_for and not any_matches(answers, sign.printed_for):
            continue
        level = forwards.sign_level(sign)
        if level is None or severity(level) <= severity(now):
            continue
        news = forwards.news(sign)
        if news <= covered:
            continue  # each way it can come true, an earlier sign already names (for this reader)
        covered |= news
        found.append((sign.id, level))
    found.sort(key=lambda s: -severity(s[1]))  # stable: table order within a level
    return tuple(found)


def _check_table() -> None:
    """The table's own consistency, checked at import (cheap, and a mistake here
    must never reach a reader)."""
    assert all(r.level in vocab.LEVELS for r in RULES)
    # the ids are contract ids and cannot follow a threshold; they must at least agree with it
    for rule_id, threshold in (("age_under_5", vocab.SMALL_CHILD_AGE), ("age_under_16", vocab.ADULT_AGE),
                               ("neck_fall_age_65_or_over", vocab.OLDER_AGE),
                               ("fall_age_65_or_over", vocab.OLDER_AGE),
                               ("age_50_or_over_first_episode", vocab.FIRST_EPISODE_CHECK_AGE),
                               ("intensity_8_or_more", vocab.SEVERE_INTENSITY)):
        assert f"_{threshold}_" in f"_{rule_id}_" and rule_id in REASONS, rule_id
    assert len(set(REASONS)) == len(REASONS), "duplicate rule id"
    for r in RULES:
        for sign in r.signs:
            assert next(s for s in SIGNS if s.id == sign.id) == sign, f"sign {sign.id} is defined two ways"


_check_table()

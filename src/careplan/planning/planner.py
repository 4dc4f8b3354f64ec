"""The planner: validated answers + content -> a plan. Pure: no I/O, no locale.

Safety rules live here as code, not only in content, so no content edit can
put a contraindicated item in front of a reader. Every choice and every
exclusion carries a reason id, which the handout explains in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from careplan.content import conditions as cond
from careplan.content.model import Content, Item
from careplan.contract.answers import Answers
from careplan.contract.vocab import ADULT_AGE, FRAGILE_BONES, LATER_PREGNANCY, OLDER_AGE, TEEN_AGE
from careplan.planning.triage import Triage, triage, warning_signs
from careplan.records import record

MAX_POSITIONS = 3
URGENT_POSITIONS = 2  # a same-day sheet: fewer choices, so the safety boxes stay on the first pages
MAX_TIPS = 4  # enough to act on; more would push the safety boxes further back (and the handout past 4 pages)
# Tips chosen for who the reader is (a child, pregnancy, 65 or older, pain for
# over 12 weeks, fragile bones), by their reason id: these come first, then
# tips chosen for the reader's other answers (desk work, driving, lifting, the
# neck...), then general advice, each group by priority; so the cap drops
# general advice first and never the reader's own.
READER_TIP_REASONS = frozenset({"tip_child", "tip_pregnancy", "tip_pelvic_girdle_pain", "tip_age_min",
                                "tip_duration", "tip_conditions"})
GENERAL_TIP_REASON = "tip_everyone"


@record
class Pick:
    """A chosen item and the reason id for choosing it."""

    id: str
    reason: str


@record
class Plan:
    """Everything a handout or the plan JSON shows, decided; rendering adds only words and pages."""

    triage: Triage
    positions: tuple[Pick, ...]
    exercises: tuple[Pick, ...]
    tips: tuple[Pick, ...]
    excluded: tuple[Pick, ...]
    warning_signs: tuple[tuple[str, str], ...]  # (sign id, level), in print order
    reader: tuple[str, ...]  # which special wording suits this reader (content.READER_KINDS)
    pregnancy: str
    locale: str
    region: str | None

    @property
    def level(self) -> str:
        """The triage level (the whole plan's shape follows it)."""
        return self.triage.level

    @property
    def child(self) -> bool:
        """Under 16: no exercise programme, children's wording and tips."""
        return "child" in self.reader or "young" in self.reader

    @property
    def see_doctor_if(self) -> tuple[str, ...]:
        """Every printed sign: the plan JSON's older list, derived so it cannot disagree."""
        return tuple(sign for sign, _ in self.warning_signs)

    @property
    def call_emergency_if(self) -> tuple[str, ...]:
        """The signs printed in the call-now box."""
        return tuple(sign for sign, level in self.warning_signs if level == "emergency")

    def signs_at(self, level: str) -> tuple[str, ...]:
        """The signs of one box, in print order."""
        return tuple(sign for sign, at in self.warning_signs if at == level)

    def to_json(self, content: Content) -> dict[str, Any]:
        """The contract's plan JSON (plus optional extra fields)."""

        def item(p: Pick, with_flexion: bool) -> dict[str, Any]:
            it = content.item(p.id)
            out = {"id": it.id, "posture": it.posture}
            if with_flexion:
                out["spinal_flexion"] = it.spinal_flexion
            out["reason"] = p.reason
            return out

        return {
            "schema": 1,
            "triage": {"level": self.triage.level, "reasons": list(self.triage.reasons)},
            "positions": [item(p, False) for p in self.positions],
            "exercises": [item(p, True) for p in self.exercises],
            "tips": [{"id": p.id, "reason": p.reason} for p in self.tips],
            "see_doctor_if": list(self.see_doctor_if),
            "call_emergency_if": list(self.call_emergency_if),
            "warning_signs": [{"id": sign, "level": level} for sign, level in self.warning_signs],
            "excluded": [{"id": p.id, "reason": p.reason} for p in self.excluded],
            "locale": self.locale,
            "region": self.region,
        }


def safety_exclusion(item: Item, answers: Answers) -> str | None:
    """Why an item must never be shown to this reader, or None if it may be."""
    if item.posture == "prone" and answers.pregnancy != "none":
        return "pregnancy_no_front_lying"
    if item.posture == "supine" and answers.pregnancy in LATER_PREGNANCY:
        return "pregnancy_no_back_lying"
    if item.spinal_flexion == "full" and any(c in answers.conditions for c in FRAGILE_BONES):
        return "fragile_bones_no_full_bending"
    if item.spinal_flexion == "full" and answers.age >= OLDER_AGE:
        return "older_no_full_bending"
    if cond.any_matches(answers, item.exclude_when):
        return "not_suitable_for_you"
    return None


def _preferred_reason(item: Item, answers: Answers) -> str | None:
    """Why the item goes first for this reader (its first matching prefer_when), if it does."""
    for c in item.prefer_when:
        if cond.matches(answers, c):
            return "preferred_" + sorted(c)[0]
    return None


def _rank(items: Iterable[Item], answers: Answers, excluded: list[Pick]) -> list[tuple[Item, str]]:
    """Suitable items for these answers, best first, each with its reason."""
    ranked = []
    for it in items:
        if not set(it.locations) & set(answers.locations):
            continue
        if it.suits_when and not cond.any_matches(answers, it.suits_when):
            continue
        why_not = safety_exclusion(it, answers)
        if why_not:
            excluded.append(Pick(it.id, why_not))
            continue
        preferred = _preferred_reason(it, answers)
        ranked.append((0 if preferred else 1, it.priority, it.id, it, preferred))
    ranked.sort(key=lambda r: r[:3])
    out = []
    for *_, it, preferred in ranked:
        where = next(loc for loc in answers.locations if loc in it.locations)
        out.append((it, preferred or f"helps_{where}"))
    return out


def _spread(ranked: list[tuple[Item, str]], answers: Answers, limit: int) -> list[Pick]:
    """Take items in turn for each painful area, so every area gets help."""
    queues = {loc: [r for r in ranked if loc in r[0].locations] for loc in answers.locations}
    picked: list[Pick] = []
    chosen: set[str] = set()
    while len(picked) < limit and any(queues.values()):
        for loc in answers.locations:
            queue = queues[loc]
            while queue and queue[0][0].id in chosen:
                queue.pop(0)
            if queue and len(picked) < limit:
                it, reason = queue.pop(0)
                chosen.add(it.id)
                picked.append(Pick(it.id, reason))
    return picked


def eligible_tips(content: Content, answers: Answers) -> list[Pick]:
    """Every tip for this reader's age and answers, in the order they are
    chosen: the reader's own (READER_TIP_REASONS), then those for their other
    answers, then general advice, each group by priority."""
    audience = ("all", "adult") if answers.age >= ADULT_AGE else ("all", "child")
    ranked = []
    for tip in content.tips:
        if tip.audience not in audience or cond.any_matches(answers, tip.exclude_when):
            continue
        if tip.suits_when:
            hit = next((c for c in tip.suits_when if cond.matches(answers, c)), None)
            if hit is None:
                continue
            reason = "tip_" + sorted(hit)[0]
        else:
            reason = "tip_child" if tip.audience == "child" else GENERAL_TIP_REASON
        group = 0 if reason in READER_TIP_REASONS else 2 if reason == GENERAL_TIP_REASON else 1
        ranked.append((group, tip.priority, tip.id, reason))
    ranked.sort()
    return [Pick(tip_id, reason) for _, _, tip_id, reason in ranked]


def _tips(content: Content, answers: Answers) -> list[Pick]:
    """Everyday advice for this reader, at most MAX_TIPS (see eligible_tips);
    a child gets every tip that is theirs (the children's habits the guidance
    names: backpack, desk and chair, screen breaks, active play; and in
    pregnancy, sleeping on the side) even past the cap: a child's handout has
    no exercise programme, so it stays short."""
    tips = eligible_tips(content, answers)
    own = [p for p in tips if p.reason in READER_TIP_REASONS] if answers.age < ADULT_AGE else []
    return own + [p for p in tips if p not in own][:max(0, MAX_TIPS - len(own))]


def exercise_count(answers: Answers) -> int:
    """3 exercises for one painful area, 4 when more than one area hurts."""
    return 3 if len(answers.locations) == 1 else 4


def reader_kinds(answers: Answers) -> tuple[str, ...]:
    """Which special wording suits this reader, most important first."""
    kinds = []
    if answers.cause in ("minor_fall", "major_injury"):
        if answers.age < TEEN_AGE:
            kinds.append("child_injury")  # the injury's words, to the parent or carer
        kinds.append("injury")  # an emergency after a fall: an ambulance, keep still, never a car
    if answers.age < TEEN_AGE:
        kinds.append("child")
    if answers.pregnancy != "none":
        if TEEN_AGE <= answers.age < ADULT_AGE:
            kinds.append("young_pregnancy")  # the maternity route, without the adults' exercise programme
        kinds.append("pregnancy")  # before "young": a pregnant teenager needs the maternity route
    if TEEN_AGE <= answers.age < ADULT_AGE:
        kinds.append("young")
    if answers.duration == "over_12_weeks":
        kinds.append("long_lasting")
    if answers.age >= OLDER_AGE:
        kinds.append("older")
    return tuple(kinds)


@record
class Choice:
    """What the planner picks for a reader: the level, the items and what was left out.
    The plan adds the warning signs and the reader's wording to it; content coverage
    (content/audit.py) looks at this alone, over thousands of profiles."""

    triage: Triage
    positions: tuple[Pick, ...]
    exercises: tuple[Pick, ...]
    tips: tuple[Pick, ...]
    excluded: tuple[Pick, ...]


def choose(answers: Answers, content: Content) -> Choice:
    """The level and the items for one reader. Deterministic: same input, same choice."""
    tri = triage(answers)
    child = answers.age < ADULT_AGE
    excluded: list[Pick] = []
    positions: list[Pick] = []
    exercises: list[Pick] = []
    tips: list[Pick] = []
    if tri.level != "emergency":
        most = URGENT_POSITIONS if tri.level == "urgent" else MAX_POSITIONS
        positions = _spread(_rank(content.positions, answers, excluded), answers, most)
    if tri.level in ("self_care", "soon") and not child:
        exercises = _spread(_rank(content.exercises, answers, excluded), answers, exercise_count(answers))
    if tri.level in ("self_care", "soon"):
        tips = _tips(content, answers)
    first: dict[str, Pick] = {}  # an item left out by both lists is reported once, for its first reason
    for pick in excluded:
        first.setdefault(pick.id, pick)
    return Choice(tri, tuple(positions), tuple(exercises), tuple(tips), tuple(first.values()))


def make_plan(answers: Answers, content: Content, *, locale: str = "en", region: str | None = None) -> Plan:
    """The whole plan for one reader. Deterministic: same input, same plan."""
    chosen = choose(answers, content)
    return Plan(
        triage=chosen.triage,
        positions=chosen.positions,
        exercises=chosen.exercises,
        tips=chosen.tips,
        excluded=chosen.excluded,
        warning_signs=warning_signs(answers),
        reader=reader_kinds(answers),
        pregnancy=answers.pregnancy,
        locale=locale,
        region=region,
    )

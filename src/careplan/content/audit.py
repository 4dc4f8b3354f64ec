"""Content coverage: does every kind of reader get a full, safe plan?

Used by ``careplan check`` (so content authors see gaps at once) and by the
tests. It walks a grid of profiles that matter for content: each pain area
alone and together, each stage of pregnancy, fragile bones, leg pain, ages.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from careplan.content.model import Content
from careplan.contract import vocab
from careplan.contract.answers import Answers
from careplan.planning.planner import choose, eligible_tips

#: Children on both sides of vocab.TEEN_AGE (the handout speaks to them or to a parent), all under ADULT_AGE.
CHILD_AGES = (6, 8, 10, 13, 15)
#: Past this age a pregnant profile is left out of the grid: it tests nothing real.
OLDEST_PREGNANCY_AGE = 55


def adult_profiles() -> Iterator[Answers]:
    """Adult profiles: every mix of what decides safety, then one other field varied at a time."""
    location_sets = [(loc,) for loc in vocab.LOCATIONS] + [
        tuple(c) for c in itertools.combinations(vocab.LOCATIONS, 2)] + [vocab.LOCATIONS]
    variations: list[dict[str, Any]] = [{}]
    variations += [{"onset": v} for v in vocab.ONSETS]
    variations += [{"duration": v} for v in vocab.DURATIONS]
    variations += [{"activity": v} for v in vocab.ACTIVITY]
    variations += [{"cause": v} for v in vocab.CAUSES if v not in ("major_injury", "minor_fall")]
    variations += [{"daily_activities": (v,)} for v in vocab.DAILY_ACTIVITIES]
    variations += [{"daily_activities": vocab.DAILY_ACTIVITIES}, {"morning_stiffness": True},
                   {"age": 70}, {"age": 70, "onset": "sudden"}, {"intensity": 8}, {"pelvic_girdle_pain": True}]
    for locs, preg, bones, rad in itertools.product(
        location_sets,
        vocab.PREGNANCY,
        ((), ("osteoporosis",), ("long_term_steroids",)),
        ((), ("buttock_or_thigh",), ("below_knee",), ("arm",)),
    ):
        base = Answers(age=30, locations=locs, duration="1_to_6_weeks", onset="gradual",
                       activity="moderate", pregnancy=preg, conditions=bones, radiation=rad, intensity=4)
        for change in variations:
            answers = base.replace(**change)
            if answers.pregnancy != "none" and answers.age > OLDEST_PREGNANCY_AGE:
                continue
            yield answers


def child_profiles() -> Iterator[Answers]:
    """Children and young people: each pain area at each age (they get no exercises, but positions and tips)."""
    for locs, age in itertools.product(((loc,) for loc in vocab.LOCATIONS), CHILD_AGES):
        yield Answers(age=age, locations=locs, duration="under_1_week", onset="gradual", activity="active")


def coverage_report(content: Content) -> list[str]:
    """Problems found: plans with too few items, and items no profile reaches."""
    problems: list[str] = []
    reached: set[str] = set()
    for a in (*adult_profiles(), *child_profiles()):
        plan = choose(a, content)  # the items and the level: the warning signs are triage's, tested there
        reached.update(p.id for p in (*plan.positions, *plan.exercises))
        # a tip counts when some profile is offered it, even if the cap of
        # MAX_TIPS then leaves it out for tips that come first (content choice)
        if plan.tips:
            reached.update(p.id for p in eligible_tips(content, a))
        if plan.triage.level not in ("self_care", "soon"):
            continue
        if not plan.positions:
            problems.append(f"no resting position for {_describe(a)}")
        if a.age >= vocab.ADULT_AGE:
            for loc in a.locations:
                suited = [p for p in plan.exercises if loc in content.item(p.id).locations]
                if not suited and len(plan.exercises) < 4:
                    problems.append(f"no exercise for {loc} for {_describe(a)}")
            if not 2 <= len(plan.exercises) <= 4:
                problems.append(f"{len(plan.exercises)} exercises (want 2 to 4) for {_describe(a)}")
    all_ids = {i.id for i in (*content.positions, *content.exercises)} | {t.id for t in content.tips}
    for missing in sorted(all_ids - reached):
        problems.append(f"'{missing}' is never chosen for any profile")
    return problems


def _describe(a: Answers) -> str:
    """The profile in a few words, so an author can see who is missing out."""
    bits = [f"age {a.age}", "+".join(a.locations)]
    if a.pregnancy != "none":
        bits.append(a.pregnancy)
    bits += list(a.conditions) + list(a.radiation)
    return ", ".join(bits)

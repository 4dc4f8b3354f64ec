"""Properties over the whole answers space (hypothesis).

The planner never crashes; adding a warning sign, condition, spreading pain
or numbness never lowers the triage level; no contraindicated item is ever
chosen; every adult self-care or soon plan is complete.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as s

from careplan import vocab
from careplan.answers import Answers
from careplan.planner import make_plan
from careplan.triage import triage
from careplan.vocab import severity


def subsets(values):
    return s.lists(s.sampled_from(values), unique=True).map(lambda xs: tuple(v for v in values if v in xs))


answers_strategy = s.builds(
    Answers,
    age=s.integers(vocab.AGE_MIN, vocab.AGE_MAX),
    locations=subsets(vocab.LOCATIONS).filter(bool),
    duration=s.sampled_from(vocab.DURATIONS),
    onset=s.sampled_from(vocab.ONSETS),
    activity=s.sampled_from(vocab.ACTIVITY),
    cause=s.sampled_from(vocab.CAUSES),
    radiation=subsets(vocab.RADIATION),
    numbness_or_tingling=s.booleans(),
    intensity=s.none() | s.integers(0, 10),
    daily_activities=subsets(vocab.DAILY_ACTIVITIES),
    first_episode=s.booleans(),
    morning_stiffness=s.booleans(),
    pregnancy=s.sampled_from(vocab.PREGNANCY),
    conditions=subsets(vocab.CONDITIONS),
    red_flags=subsets(vocab.RED_FLAGS),
)


@settings(max_examples=400, deadline=None)
@given(answers_strategy)
def test_planner_never_crashes_and_is_deterministic(content, a: Answers) -> None:
    plan = make_plan(a, content)
    assert plan == make_plan(a, content)
    assert plan.level in vocab.LEVELS
    plan.to_json(content)


def _add(values: tuple, extra: str, order: tuple) -> tuple:
    return tuple(v for v in order if v in values or v == extra)


@settings(max_examples=400, deadline=None)
@given(answers_strategy, s.data())
def test_adding_a_warning_sign_never_lowers_triage(a: Answers, data) -> None:
    before = severity(triage(a).level)
    flag = data.draw(s.sampled_from(vocab.RED_FLAGS))
    condition = data.draw(s.sampled_from(vocab.CONDITIONS))
    spread = data.draw(s.sampled_from(vocab.RADIATION))
    for worse in (
        a.replace(red_flags=_add(a.red_flags, flag, vocab.RED_FLAGS)),
        a.replace(conditions=_add(a.conditions, condition, vocab.CONDITIONS)),
        a.replace(radiation=_add(a.radiation, spread, vocab.RADIATION)),
        a.replace(numbness_or_tingling=True),
    ):
        assert severity(triage(worse).level) >= before


@settings(max_examples=400, deadline=None)
@given(answers_strategy)
def test_no_contraindicated_item_is_ever_chosen(content, a: Answers) -> None:
    plan = make_plan(a, content)
    chosen = [content.item(p.id) for p in (*plan.positions, *plan.exercises)]
    for item in chosen:
        if a.pregnancy != "none":
            assert item.posture != "prone", item.id
        if a.pregnancy in ("second_trimester", "third_trimester"):
            assert item.posture != "supine", item.id
        if {"osteoporosis", "long_term_steroids"} & set(a.conditions):
            assert item.spinal_flexion != "full", item.id
    if plan.level in ("emergency", "urgent") or a.age < 16:
        assert plan.exercises == ()
    if plan.level == "emergency":
        assert plan.positions == () and plan.tips == ()
    if plan.level == "urgent":
        assert 1 <= len(plan.positions) <= 2  # comfort positions only, and few of them


@settings(max_examples=400, deadline=None)
@given(answers_strategy.filter(lambda a: a.age >= 16))
def test_adult_self_care_and_soon_plans_are_complete(content, a: Answers) -> None:
    a = a.replace(red_flags=(), conditions=tuple(c for c in a.conditions if c in ("osteoporosis", "long_term_steroids")),
                  cause="none_known" if a.cause in ("major_injury", "minor_fall", "lifting") else a.cause,
                  pregnancy=a.pregnancy if a.age <= 55 else "none")
    plan = make_plan(a, content)
    assert plan.level in ("self_care", "soon")
    assert 2 <= len(plan.exercises) <= 4
    assert plan.positions
    assert "saddle_numbness" in plan.call_emergency_if and "saddle_numbness" in plan.see_doctor_if

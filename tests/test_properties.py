"""Properties over the whole answers space (hypothesis).

The planner never crashes; adding a warning sign, condition, spreading pain
or numbness never lowers the triage level; no contraindicated item is ever
chosen; every adult self-care or soon plan is complete.

The safety rules below are written out again on purpose (16, 65, the
trimesters, fragile bones), not read from vocab: a test that borrowed the
code's thresholds would follow a wrong edit instead of catching it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as s

from careplan import records
from careplan.content import conditions as cond
from careplan.content.conditions import any_matches
from careplan.contract import fields, vocab
from careplan.contract.answers import Answers
from careplan.contract.vocab import severity
from careplan.planning.planner import eligible_tips, make_plan
from careplan.planning.triage import RULES, SIGNS, level_of, triage, with_change


def subsets(values):
    return s.lists(s.sampled_from(values), unique=True).map(lambda xs: tuple(v for v in values if v in xs))


#: Ages either side of every clinical threshold, drawn often: a uniform draw from 1 to 120 meets
#: exactly 65 too rarely to catch a rule that starts one year late.
AGE_EDGES = (1, 4, 5, 11, 12, 15, 16, 49, 50, 55, 56, 64, 65, 120)


def _values(f: fields.Field):
    """Every value the contract allows for a field the planner reads; None too where it is optional."""
    if f.kind == "number":
        found = s.integers(f.low, f.high)
        if f.name == "age":
            found = s.sampled_from(AGE_EDGES) | found
    elif f.kind == "select":
        found = s.sampled_from(f.allowed)
    elif f.kind == "checkbox":
        found = subsets(f.allowed).filter(lambda xs: len(xs) >= f.min_items)
    else:
        found = s.booleans()
    return found if f.required or f.default is not None else s.none() | found


#: The whole answers space, from the contract's own table: a field added there is explored here at once.
#: (Language, region, name and clinic only label the handout; the planner never reads them.)
PLANNED = fields.of_kind("number", "select", "checkbox", "confirm")
answers_strategy = s.builds(Answers, **{f.name: _values(f) for f in PLANNED})


def test_the_space_is_the_whole_contract() -> None:
    """Every planner input of the contract is drawn, with every value it allows."""
    assert {f.name for f in PLANNED} == {f.name for f in records.fields(Answers)} - {
        "language", "region", "patient_name", "clinic", "version"}
    assert fields.number_range("age") == (vocab.AGE_MIN, vocab.AGE_MAX) == (1, 120)
    assert fields.number_range("intensity") == (0, 10)


@settings(max_examples=400, deadline=None)
@given(answers_strategy)
def test_planner_never_crashes_and_is_deterministic(content, a: Answers) -> None:
    plan = make_plan(a, content)
    assert plan == make_plan(a, content)
    assert plan.level in vocab.LEVELS
    plan.to_json(content)


@settings(max_examples=400, deadline=None)
@given(answers_strategy)
def test_the_quick_level_is_the_level_triage_gives(a: Answers) -> None:
    """level_of (used for every warning sign, so for speed) agrees with the full triage everywhere."""
    assert level_of(a) == triage(a).level


def _reading(a: Answers, condition: dict) -> bool:
    """The condition language as conditions.py's docstring states it, key by key: the
    engine works each condition out once into tests, and must mean exactly this."""
    for key, want in condition.items():
        bounds = {"age_min": ("age", 1), "age_max": ("age", -1), "intensity_min": ("intensity", 1)}
        value = getattr(a, bounds[key][0] if key in bounds else key)
        if value is None:
            return False
        if key in bounds:
            held = (value - want) * bounds[key][1] >= 0
        elif isinstance(want, bool):
            held = value is want
        elif isinstance(value, tuple):
            held = any(v in want for v in value)
        else:
            held = value in want
        if not held:
            return False
    return True


def _condition_values(key: str):
    if key in cond.NUMBER_KEYS:
        return s.integers(0, 125)
    if key in cond.BOOL_KEYS:
        return s.booleans()
    return s.lists(s.sampled_from(cond.CHOICE_FIELDS[key]), unique=True, min_size=1)


conditions_strategy = s.lists(s.sampled_from(sorted({*cond.NUMBER_KEYS, *cond.BOOL_KEYS, *cond.CHOICE_FIELDS})),
                              unique=True, min_size=1, max_size=4).flatmap(
    lambda keys: s.fixed_dictionaries({k: _condition_values(k) for k in keys}))


def _used_conditions(content) -> list:
    """Every condition content and the triage table hold."""
    found = [r.when for r in RULES] + [c for sign in SIGNS for c in sign.printed_for]
    for group in (content.positions, content.exercises, content.tips):
        for item in group:
            for name in ("suits_when", "prefer_when", "exclude_when", "only_when"):
                found.extend(getattr(item, name, ()))
    return found


@settings(max_examples=300, deadline=None)
@given(answers_strategy, conditions_strategy)
def test_a_condition_means_what_its_keys_say(content, a: Answers, condition: dict) -> None:
    """Any condition, and every condition content and the triage table use, holds exactly when reading it
    key by key says it does, asked of complete answers or through a lookup (the questionnaire's way)."""
    used = _used_conditions(content)
    assert len(used) > 50
    for c in (condition, *used):
        expected = _reading(a, c)
        assert cond.matches(a, c) is expected, c
        assert cond.holds(c, lambda key: getattr(a, key)) is expected, c


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
        if a.age >= 65:
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
    fragile = ("osteoporosis", "long_term_steroids")
    a = a.replace(red_flags=(), conditions=tuple(c for c in a.conditions if c in fragile),
                  cause="none_known" if a.cause in ("major_injury", "minor_fall", "lifting") else a.cause,
                  pregnancy=a.pregnancy if a.age <= 55 else "none",
                  onset="gradual" if a.conditions else a.onset)  # sudden new pain with fragile bones: urgent
    plan = make_plan(a, content)
    assert plan.level in ("self_care", "soon")
    assert 2 <= len(plan.exercises) <= 4
    assert plan.positions
    assert "saddle_numbness" in plan.call_emergency_if and "saddle_numbness" in plan.see_doctor_if


def _if_true(a: Answers, sign) -> str | None:
    """Worked out here from triage alone: the level once the sign comes true
    (its most serious alternative), or None if it is already true."""
    levels = [triage(with_change(a, ch)).level for ch in sign.changes if with_change(a, ch) != a]
    return max(levels, key=severity) if levels else None


@settings(max_examples=500, deadline=None)
@given(answers_strategy)
def test_every_printed_sign_has_the_level_triage_gives_it(content, a: Answers) -> None:
    plan = make_plan(a, content)
    now = severity(plan.level)
    signs = {sign.id: sign for sign in SIGNS}
    ids = [sign for sign, _ in plan.warning_signs]
    assert len(ids) == len(set(ids))
    levels = [severity(level) for _, level in plan.warning_signs]
    assert levels == sorted(levels, reverse=True)  # call now, then today, then book
    for sign_id, level in plan.warning_signs:
        sign = signs[sign_id]
        assert _if_true(a, sign) == level, sign_id
        assert severity(level) > now and level != "self_care"  # it would raise the level
        assert not sign.printed_for or any_matches(a, sign.printed_for)
    # JSON: the contract's field, and the old lists derived from it
    data = plan.to_json(content)
    assert data["warning_signs"] == [{"id": i, "level": lv} for i, lv in plan.warning_signs]
    assert data["call_emergency_if"] == [i for i, lv in plan.warning_signs if lv == "emergency"]


def news(a: Answers, change: dict) -> dict:
    """The part of a change that is not already true of the reader."""
    return {k: v for k, v in change.items() if with_change(a, {k: v}) != a}


@settings(max_examples=500, deadline=None)
@given(answers_strategy)
def test_no_sign_that_would_raise_the_level_is_left_out(content, a: Answers) -> None:
    """The boxes are the triage table read forwards: nothing that would raise
    this reader's level is missing, so the paper can never under-triage."""
    plan = make_plan(a, content)
    if plan.level == "emergency":
        assert plan.warning_signs == ()
        return
    assert plan.warning_signs  # never empty below emergency
    printed = dict(plan.warning_signs)
    signs = {sign.id: sign for sign in SIGNS}
    for sign in SIGNS:
        if sign.printed_for and not any_matches(a, sign.printed_for):
            continue
        for change in sign.changes:
            changed = with_change(a, change)
            level = triage(changed).level
            if changed == a or severity(level) <= severity(plan.level):
                continue
            # some printed sign names this change (what of it is new to this reader: after a
            # fall, "tingling after a fall" is "new tingling"), in a box at least as urgent
            assert any(news(a, change) in [news(a, c) for c in signs[p].changes] and severity(at) >= severity(level)
                       for p, at in printed.items()), (sign.id, change, level)
    # every emergency red flag that applies to everyone is in the call-now box
    for flag in ("saddle_numbness", "bladder_or_bowel_change", "both_legs", "worsening_weakness",
                 "chest_pain_or_breathless", "collapse_signs"):
        if flag not in a.red_flags:
            assert printed.get(flag) == "emergency", flag


READER_TIPS = {"tip_child", "tip_pregnancy", "tip_pelvic_girdle_pain", "tip_age_min", "tip_duration",
               "tip_conditions"}


def _signs_read_plainly(a: Answers) -> tuple[tuple[str, str], ...]:
    """warning_signs as its docstring says, each change made afresh with with_change and each
    level from triage(): triage.py makes each change once per reader, for speed, and must agree."""
    now = triage(a).level
    if now == "emergency":
        return ()
    found, covered = [], set()
    for sign in SIGNS:
        if sign.printed_for and not any_matches(a, sign.printed_for):
            continue
        rules = [r for r in RULES if any(x.id == sign.id for x in r.signs)]
        levels = [triage(with_change(a, ch)).level for ch in sign.changes
                  if with_change(a, ch) != a
                  and any(cond.matches(with_change(a, ch), r.when) and not cond.matches(a, r.when) for r in rules)]
        if not levels or severity(max(levels, key=severity)) <= severity(now):
            continue
        ways = {frozenset(news(a, ch).items()) for ch in sign.changes if with_change(a, ch) != a}
        if ways <= covered:
            continue
        covered |= ways
        found.append((sign.id, max(levels, key=severity)))
    return tuple(sorted(found, key=lambda x: -severity(x[1])))


@settings(max_examples=500, deadline=None)
@given(answers_strategy)
def test_the_boxes_are_the_table_read_plainly(content, a: Answers) -> None:
    """The printed signs, their levels and their order are exactly what the table says read
    the slow, plain way (a change tried once per reader must never drop or reorder a sign)."""
    assert make_plan(a, content).warning_signs == _signs_read_plainly(a)


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_at_most_four_habits_those_for_the_reader_first(content, a: Answers) -> None:
    """Issue 11: at most 4 everyday habits; the ones chosen for who the reader is
    (a child, pregnancy, 65 or older, long-lasting pain, fragile bones) come
    first, then those for the reader's other answers, then general advice, so
    the cap drops general advice first."""
    plan = make_plan(a, content)
    children = [p for p in plan.tips if p.reason == "tip_child"]
    own = [p for p in plan.tips if p.reason in READER_TIPS]
    assert len(plan.tips) <= (max(4, len(own)) if a.age < 16 else 4)  # a child gets every habit of their own
    if a.age < 16 and plan.tips:  # emergency and urgent plans have no habits
        assert {p.id for p in children} == {t.id for t in content.tips if t.audience == "child"}
        # a pregnant teenager keeps the pregnancy habits (sleeping on the side) next to the children's
        assert [p for p in eligible_tips(content, a) if p.reason in READER_TIPS] == own
    groups = [0 if p.reason in READER_TIPS else 2 if p.reason == "tip_everyone" else 1 for p in plan.tips]
    assert groups == sorted(groups), plan.tips
    priority = {t.id: t.priority for t in content.tips}
    for group in (0, 1, 2):
        ranks = [priority[p.id] for p, g in zip(plan.tips, groups, strict=True) if g == group]
        assert ranks == sorted(ranks), plan.tips
    if plan.tips and len(plan.tips) < 4:  # under the cap, no tip is left out
        assert [t.id for t in plan.tips] == [t.id for t in eligible_tips(content, a)]


@given(answers_strategy)
def test_the_today_line_starts_exercises_only_when_there_are_some(content, a: Answers) -> None:
    """The at-a-glance box never tells a reader with no exercise programme (a
    child, a pregnant teenager, an urgent plan) to start the exercises."""
    plan = make_plan(a, content)
    safety = content.safety
    lines = [safety.today[plan.level].pick(plan.reader)] if plan.level in safety.today else []
    if plan.level in ("self_care", "soon"):
        lines.append(safety.follow_up_today.pick(plan.reader))  # when a follow-up visit is booked
    for line in lines:
        if "start the exercises" in line:
            assert plan.exercises, (plan.level, plan.reader, line)


def _variants(safety) -> list:
    """Every wording of safety.yaml that has readers of its own."""
    found = [*safety.level_title.values(), *safety.level_text.values(), *safety.today.values(),
             safety.follow_up_today, safety.getting_up_steps, safety.medicines, safety.disclaimer]
    found += [w.text for w in safety.while_waiting]
    return [v for v in found if v.special]


@settings(max_examples=400, deadline=None)
@given(answers_strategy.filter(lambda a: a.age < 12))
def test_a_child_s_handout_always_speaks_to_the_parent(content, a: Answers) -> None:
    """Wherever safety.yaml has words for a child's parent or carer, a child under 12 gets them,
    whatever else is true (an injury's words came first and spoke to the child: "keep the head
    and neck still"). The emergency sheet's call-now words and the small print say "your child"."""
    plan = make_plan(a, content)
    for v in _variants(content.safety):
        own = [v.special[k] for k in ("child_injury", "child") if k in v.special]
        if own:
            assert v.pick(plan.reader) in own, (plan.reader, v)
    assert "your child" in content.safety.level_text["emergency"].pick(plan.reader)
    assert "your child" in content.safety.disclaimer.pick(plan.reader)
    if a.cause in ("minor_fall", "major_injury"):  # and the injury's own advice: an ambulance, never a car
        assert "ambulance" in content.safety.level_text["emergency"].pick(plan.reader)

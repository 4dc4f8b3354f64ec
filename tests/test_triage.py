"""Triage: one test per row of the clinical guidance's mapping table."""

from __future__ import annotations

import pytest

from careplan.planning.triage import triage

from .conftest import make_answers

EMERGENCY = [
    ({"red_flags": ("saddle_numbness",)}, "saddle_numbness"),
    ({"red_flags": ("bladder_or_bowel_change",)}, "bladder_or_bowel_change"),
    ({"red_flags": ("both_legs",)}, "both_legs"),
    ({"red_flags": ("worsening_weakness",)}, "worsening_weakness"),
    ({"red_flags": ("chest_pain_or_breathless",)}, "chest_pain_or_breathless"),
    ({"red_flags": ("collapse_signs",)}, "collapse_signs"),
    ({"red_flags": ("neck_neuro",), "locations": ("neck",)}, "neck_neuro"),
    ({"red_flags": ("pregnancy_bleeding_or_severe_belly_pain",), "pregnancy": "second_trimester"},
     "pregnancy_bleeding_or_severe_belly_pain"),
    ({"cause": "major_injury"}, "major_injury"),
    ({"locations": ("neck",), "cause": "minor_fall", "age": 65}, "neck_fall_age_65_or_over"),
    ({"locations": ("neck",), "cause": "minor_fall", "numbness_or_tingling": True}, "neck_fall_with_tingling"),
    ({"conditions": ("cancer_history",), "numbness_or_tingling": True}, "cancer_history_with_nerve_symptoms"),
]
URGENT = [
    ({"red_flags": ("fever",)}, "fever"),
    ({"red_flags": ("weight_loss",)}, "weight_loss"),
    ({"red_flags": ("night_or_rest_pain",)}, "night_or_rest_pain"),
    ({"red_flags": ("back_lump_or_deformity",)}, "back_lump_or_deformity"),
    ({"red_flags": ("hand_clumsiness_or_unsteady_walking",)}, "hand_clumsiness_or_unsteady_walking"),
    ({"red_flags": ("pregnancy_fever_contractions_or_fluid",), "pregnancy": "first_trimester"},
     "pregnancy_fever_contractions_or_fluid"),
    ({"conditions": ("cancer_history",)}, "cancer_history"),
    ({"conditions": ("weakened_immune_system",)}, "weakened_immune_system"),
    ({"conditions": ("injecting_drug_use",)}, "injecting_drug_use"),
    ({"conditions": ("osteoporosis",), "cause": "minor_fall"}, "fragile_bones_after_fall_or_lift"),
    ({"conditions": ("osteoporosis",), "cause": "lifting"}, "fragile_bones_after_fall_or_lift"),
    ({"conditions": ("long_term_steroids",), "cause": "minor_fall"}, "fragile_bones_after_fall_or_lift"),
    ({"conditions": ("long_term_steroids",), "cause": "lifting"}, "fragile_bones_after_fall_or_lift"),
    ({"age": 4}, "age_under_5"),
    # more cautious than the guidance's table (README, safety notes)
    ({"conditions": ("osteoporosis",), "onset": "sudden", "duration": "under_1_week"}, "fragile_bones_sudden_pain"),
    ({"conditions": ("long_term_steroids",), "onset": "sudden", "duration": "1_to_6_weeks"},
     "fragile_bones_sudden_pain"),
    ({"cause": "minor_fall", "age": 65}, "fall_age_65_or_over"),
    ({"cause": "minor_fall", "age": 85, "locations": ("upper_back",)}, "fall_age_65_or_over"),
    ({"locations": ("neck",), "cause": "minor_fall", "age": 40}, "neck_fall"),
]
SOON = [
    ({"duration": "6_to_12_weeks"}, "6_to_12_weeks"),
    ({"duration": "over_12_weeks"}, "over_12_weeks"),
    ({"radiation": ("below_knee",)}, "below_knee"),
    ({"radiation": ("arm",)}, "arm"),
    ({"numbness_or_tingling": True}, "numbness_or_tingling"),
    ({"intensity": 8}, "intensity_8_or_more"),
    ({"intensity": 10}, "intensity_8_or_more"),
    ({"age": 15}, "age_under_16"),
    ({"age": 50, "first_episode": True}, "age_50_or_over_first_episode"),
    ({"first_episode": False}, "recurrent_episode"),
    ({"morning_stiffness": True}, "morning_stiffness"),
]


@pytest.mark.parametrize("level,changes,reason", [
    *[("emergency", c, r) for c, r in EMERGENCY],
    *[("urgent", c, r) for c, r in URGENT],
    *[("soon", c, r) for c, r in SOON],
])
def test_each_row_of_the_mapping_table(level: str, changes: dict, reason: str) -> None:
    result = triage(make_answers(**changes))
    assert result.level == level
    assert reason in result.reasons


@pytest.mark.parametrize("changes", [
    {},
    {"radiation": ("buttock_or_thigh",)},
    {"intensity": 7},
    {"age": 49},
    {"age": 16},
    {"cause": "minor_fall"},
    {"locations": ("neck",), "cause": "lifting", "age": 45},
    {"conditions": ("osteoporosis",), "cause": "awkward_movement", "onset": "gradual"},
    {"duration": "1_to_6_weeks"},
])
def test_ordinary_back_pain_is_self_care(changes: dict) -> None:
    assert triage(make_answers(**changes)).level == "self_care"


def test_highest_level_wins_and_lists_only_its_reasons() -> None:
    result = triage(make_answers(red_flags=("fever", "saddle_numbness"), duration="over_12_weeks"))
    assert result.level == "emergency"
    assert result.reasons == ("saddle_numbness",)


def test_fifty_with_recurrent_pain_is_soon_for_recurrence_only() -> None:
    assert triage(make_answers(age=55, first_episode=False)).reasons == ("recurrent_episode",)

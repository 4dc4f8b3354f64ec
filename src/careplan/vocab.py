"""The contract's vocabulary: every answer id and value, in one place.

Everything else (validation, triage, content conditions, the questionnaire)
refers to these tuples, so an id can never be spelled two ways.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

LOCATIONS = ("neck", "upper_back", "lower_back")
DURATIONS = ("under_1_week", "1_to_6_weeks", "6_to_12_weeks", "over_12_weeks")
ONSETS = ("sudden", "gradual")
CAUSES = (
    "none_known",
    "lifting",
    "awkward_movement",
    "sport_or_exercise",
    "long_sitting_or_standing",
    "minor_fall",
    "major_injury",
)
RADIATION = ("buttock_or_thigh", "below_knee", "arm")
ACTIVITY = ("sedentary", "moderate", "active")
DAILY_ACTIVITIES = (
    "desk_work",
    "driving",
    "lifting_or_carrying",
    "standing_long",
    "gym_or_sport",
    "carrying_children",
)
PREGNANCY = ("none", "first_trimester", "second_trimester", "third_trimester")
CONDITIONS = (
    "osteoporosis",
    "long_term_steroids",
    "cancer_history",
    "weakened_immune_system",
    "injecting_drug_use",
)
RED_FLAGS = (
    "saddle_numbness",
    "bladder_or_bowel_change",
    "both_legs",
    "worsening_weakness",
    "chest_pain_or_breathless",
    "collapse_signs",
    "neck_neuro",
    "fever",
    "weight_loss",
    "night_or_rest_pain",
    "back_lump_or_deformity",
    "hand_clumsiness_or_unsteady_walking",
    "pregnancy_bleeding_or_severe_belly_pain",
    "pregnancy_fever_contractions_or_fluid",
)

#: Triage levels, least to most serious; the index is the severity.
LEVELS = ("self_care", "soon", "urgent", "emergency")

POSTURES = ("supine", "prone", "side_lying", "sitting", "standing", "hands_and_knees", "any")
SPINAL_FLEXION = ("none", "gentle", "full")

AGE_MIN, AGE_MAX = 1, 120
INTENSITY_MIN, INTENSITY_MAX = 0, 10


def severity(level: str) -> int:
    """Position of a triage level in LEVELS (higher is more serious)."""
    return LEVELS.index(level)

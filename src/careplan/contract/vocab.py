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

#: Pregnancy answers that mean pregnant now.
PREGNANT = PREGNANCY[1:]
#: From the second trimester: no lying flat on the back.
LATER_PREGNANCY = ("second_trimester", "third_trimester")
#: Conditions that make bones fragile: no full spinal bending; a fall or lift needs a same-day check.
FRAGILE_BONES = ("osteoporosis", "long_term_steroids")

# Ages and scores: each threshold written once; triage, planner, content checks read these.
AGE_MIN, AGE_MAX = 1, 120
INTENSITY_MIN, INTENSITY_MAX = 0, 10
ADULT_AGE = 16  # the guidelines cover adults from 16; younger readers are children
TEEN_AGE = 12  # from 12 the handout speaks to the young person, under 12 to the parent or carer
OLDER_AGE = 65  # no full-range spinal bending from here (fractures are common and often missed)
SMALL_CHILD_AGE = 5  # back pain under 5 is rare: a same-day check
FIRST_EPISODE_CHECK_AGE = 50  # a first episode from 50 is seen soon (a new cause is likelier)
SEVERE_INTENSITY = 8  # pain this bad (0 to 10) is seen soon

#: The longest free text an answers field may hold (names, clinic details, notes).
MAX_TEXT = 500


def severity(level: str) -> int:
    """Position of a triage level in LEVELS (higher is more serious)."""
    return LEVELS.index(level)

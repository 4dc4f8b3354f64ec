"""Reader-facing wording that comes from code rather than content.

Whole sentences only, each through gettext, with named placeholders, so a
translator can reorder words and plural forms come from the catalog.
"""

from __future__ import annotations

from careplan.content.model import Dose, Item
from careplan.errors import N_
from careplan.i18n import Translator

# Why an exercise was chosen (planner reason ids), in the reader's words.
# What was left out takes one line of its own in the handout; the reason ids
# of both stay in the plan JSON.
REASON_TEXT = {
    "helps_neck": N_("Gentle movement for neck pain."),
    "helps_upper_back": N_("Gentle movement for upper back pain."),
    "helps_lower_back": N_("Gentle movement for lower back pain."),
    "preferred_pregnancy": N_("Comfortable and safe while you are pregnant."),
    "preferred_conditions": N_("Gentle on your bones."),
    "preferred_pelvic_girdle_pain": N_("Can ease pain at the front or back of your pelvis."),
    "preferred_radiation": N_("Can ease pain that spreads into your leg."),
    "preferred_onset": N_("Helps when pain starts suddenly."),
    "preferred_activity": N_("Fits how active you are."),
    "preferred_morning_stiffness": N_("Helps with stiffness."),
    "preferred_duration": N_("Helps when pain has lasted a while."),
    "preferred_daily_activities": N_("Fits your daily activities."),
}
GENERIC_REASON = N_("Chosen for your answers.")


def reason(t: Translator, reason_id: str) -> str:
    return t.gettext(REASON_TEXT.get(reason_id, GENERIC_REASON))


def dose_lines(t: Translator, item: Item) -> list[str]:
    """How much and how often, one short sentence each."""
    d: Dose = item.dose
    lines = []
    if item.kind == "position":
        if d.minutes:
            # time-limited rest, never "as long as it helps": no bed rest by the back door
            lines.append(t.nformat("Rest like this for up to {n} minute at a time, then get up and move about.",
                                    "Rest like this for up to {n} minutes at a time, then get up and move about.",
                                    d.minutes))
        return lines
    if d.repeat:
        lines.append(t.nformat("Repeat {n} time.", "Repeat {n} times.", d.repeat))
    if d.hold_seconds:
        lines.append(t.nformat("Hold for {n} second each time.", "Hold for {n} seconds each time.", d.hold_seconds))
    if d.minutes:
        lines.append(t.nformat("Keep going for {n} minute.", "Keep going for {n} minutes.", d.minutes))
    if d.seconds:
        lines.append(t.nformat("Keep going for {n} second.", "Keep going for {n} seconds.", d.seconds))
    if d.times_a_day:
        lines.append(t.nformat("Do this {n} time a day.", "Do this {n} times a day.", d.times_a_day))
    return lines


def plan_title(t: Translator, locations: tuple[str, ...]) -> str:
    has_neck = "neck" in locations
    has_back = any(loc in locations for loc in ("upper_back", "lower_back"))
    if has_neck and has_back:
        return t.gettext("Your plan for back and neck pain")
    if has_neck:
        return t.gettext("Your plan for neck pain")
    return t.gettext("Your plan for back pain")

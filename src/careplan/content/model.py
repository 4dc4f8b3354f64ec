"""The content model: what templates/*.yaml become once loaded and validated.

Frozen records only (careplan.records), so the planner and the renderer can read content
without pulling in YAML or the checks; ``careplan.content.loading.load``
builds them (errors name the file, the line and the field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field
from typing import Generic, TypeVar

from careplan.content.conditions import Condition
from careplan.content.pictures import Picture
from careplan.records import record


@record
class Dose:
    """How much of an exercise: every field is optional, the handout prints those given."""

    repeat: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None
    seconds: int | None = None
    times_a_day: int | None = None


@record
class Item:
    """A resting position or an exercise."""

    kind: str  # "position" or "exercise"
    id: str
    posture: str
    spinal_flexion: str
    locations: tuple[str, ...]
    title: str
    steps: tuple[str, ...]
    dose: Dose
    picture: str
    priority: int
    source: str
    stop: str = ""
    suits_when: tuple[Condition, ...] = ()
    prefer_when: tuple[Condition, ...] = ()
    exclude_when: tuple[Condition, ...] = ()
    line: int = 0  # where it starts in its file, for errors found after parsing


@record
class Tip:
    """An everyday habit for the "What helps" list."""

    id: str
    audience: str  # adult | child | all
    title: str
    text: str
    priority: int
    source: str
    suits_when: tuple[Condition, ...] = ()
    exclude_when: tuple[Condition, ...] = ()


#: Readers some wording is written for, in order of preference (see safety.yaml).
READER_KINDS = ("child_injury", "injury", "child", "young_pregnancy", "pregnancy", "young", "long_lasting", "older")
T = TypeVar("T")


@record
class Variants(Generic[T]):
    """A text with wording for particular readers (``READER_KINDS``)."""

    default: T
    special: Mapping[str, T] = field(default_factory=dict)

    def pick(self, kinds: tuple[str, ...]) -> T:
        """The wording for the first of the reader's kinds that has its own."""
        return next((self.special[k] for k in kinds if k in self.special), self.default)

    def all(self) -> tuple[T, ...]:
        """Every wording, for checks that must hold for each reader."""
        return (self.default, *self.special.values())


@record
class WaitLine:
    """One line of "while you wait for help", with its source."""

    text: Variants[str]
    source: str
    only_when: tuple[Condition, ...] = ()


@record
class Region:
    """What the handout needs to know about the reader's country."""

    code: str
    emergency: str | None  # None: no country known, so nothing is guessed
    urgent: str
    paper: str
    source: str
    listed: bool = True

    @property
    def number(self) -> str:
        """The number as printed: the ambulance number, or a blank line to write it on."""
        return self.emergency or BLANK_NUMBER


BLANK_NUMBER = "________"  # a space to write in: never a guessed number


@record
class Safety:
    """The words of safety.yaml: levels, warning signs, wording for particular readers, disclaimer."""

    level_title: Mapping[str, Variants[str]]
    level_text: Mapping[str, Variants[str]]
    today: Mapping[str, Variants[str]]
    reader_line: Mapping[str, str]
    follow_up_soon_days: int  # at soon, a follow-up further off than this keeps "book within a week"
    follow_up_title: str
    follow_up_text: str
    follow_up_today: Variants[str]
    same_day_pregnancy: str
    reasons: Mapping[str, str]
    warning_signs: Mapping[str, str]
    while_waiting: tuple[WaitLine, ...]
    getting_up_title: str
    getting_up_steps: Variants[tuple[str, ...]]
    medicines: Variants[str]
    stop_rule: str
    disclaimer: Variants[str]

    def follow_up_too_late(self, level: str, follow_up: dt.date, date: dt.date) -> bool:
        """Whether a follow-up booked for `follow_up` is too far off to be the check the soon
        level asks for: the handout dated `date` then keeps "book within a week" (and the
        clinician is told why)."""
        return level == "soon" and (follow_up - date).days > self.follow_up_soon_days


@record
class Content:
    """Everything the planner may choose from and the handout may print."""

    positions: tuple[Item, ...]
    exercises: tuple[Item, ...]
    tips: tuple[Tip, ...]
    safety: Safety
    regions: Mapping[str, Region]
    fallback_urgent: str
    letter_regions: tuple[str, ...]
    numbers: Mapping[str, tuple[str, str]]  # country -> (ambulance number, source)
    pictures: Mapping[str, Picture]  # by name, each read the first time it is drawn

    def is_country(self, code: str) -> bool:
        """Is this an ISO 3166 country code careplan knows the emergency number of?"""
        return code in self.numbers

    def region(self, code: str | None) -> Region:
        """Facts for a country. With no country, the number is None: it is
        never guessed, and the handout leaves a space to write it in."""
        code = (code or "").upper()
        if code in self.regions:
            return self.regions[code]
        number, source = self.numbers.get(code, (None, ""))
        paper = "letter" if code in self.letter_regions else "a4"
        return Region(code, number, self.fallback_urgent, paper, source, listed=False)

    def item(self, item_id: str) -> Item:
        """The position or exercise with this id (KeyError if none)."""
        for it in (*self.positions, *self.exercises):
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def tip(self, tip_id: str) -> Tip:
        """The tip with this id (StopIteration if none)."""
        return next(t for t in self.tips if t.id == tip_id)

"""Every field of the answers contract, declared once: kind, allowed values, default, wording.

The answers validator, the questionnaire (which question type suits a field,
what it may default to) and the content's condition language all read this
table instead of keeping their own lists, so a new field or value is added
in one place. The values themselves come from ``vocab``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from careplan.contract import vocab
from careplan.records import record

#: How a field's value is written and checked:
#: version  the schema version, exactly vocab.SCHEMA_VERSION
#: number   a whole number from low to high
#: select   one of ``allowed``          checkbox  a list of any of ``allowed``
#: confirm  true or false               text      free text of at most vocab.MAX_TEXT characters
#: locale   a language tag such as en_GB (text; the i18n layer knows which exist)
#: country  a two-letter country code (checks.country_code)
#: date     a date that exists, YYYY-MM-DD
#: group    a mapping of sub-fields (the clinic block, CLINIC_FIELDS)
Kind = Literal["version", "number", "select", "checkbox", "confirm", "text", "locale", "country", "date", "group"]

#: The questionnaire's question type for each kind (a locale or country is a
#: select whose choices careplan fills in); version and group are never asked.
QUESTION_TYPE: Mapping[Kind, str] = {
    "number": "number", "select": "select", "checkbox": "checkbox", "confirm": "confirm",
    "text": "text", "locale": "select", "country": "select", "date": "date",
}


@record
class Field:
    """One answers field. ``name`` is as written in the file; clinic sub-fields are ``clinic.name``."""

    name: str
    kind: Kind
    allowed: tuple[str, ...] = ()  # select and checkbox: the vocabulary, in the contract's order
    low: int = 0  # number: the range
    high: int = 0
    required: bool = False
    default: object = None  # the value when the field is left out or empty
    min_items: int = 0  # checkbox: how many values at least (locations needs one)
    private: bool = False  # the patient's own words: a message never repeats them
    wording: str | None = None  # id of the question in templates/questions.yaml that asks for it

    @property
    def key(self) -> str:
        """The name inside its block: ``follow_up`` for ``clinic.follow_up``."""
        return self.name.rpartition(".")[2]


def _select(name: str, allowed: tuple[str, ...], *, required: bool = False, default: str | None = None) -> Field:
    return Field(name, "select", allowed, required=required, default=default, wording=name)


def _checkbox(name: str, allowed: tuple[str, ...], *, wording: str | None = None, min_items: int = 0,
              required: bool = False) -> Field:
    return Field(name, "checkbox", allowed, required=required, default=(), min_items=min_items,
                 wording=wording or name)


def _confirm(name: str, default: bool, wording: str) -> Field:
    return Field(name, "confirm", default=default, wording=wording)


#: The clinic block's sub-fields, in the contract's order.
CLINIC_FIELDS: tuple[Field, ...] = (
    Field("clinic.name", "text", private=True, default="", wording="clinic.name"),
    Field("clinic.phone", "text", private=True, default="", wording="clinic.phone"),
    Field("clinic.clinician", "text", private=True, default="", wording="clinic.clinician"),
    Field("clinic.follow_up", "date", wording="clinic.follow_up"),
    Field("clinic.notes", "text", private=True, default="", wording="clinic.notes"),
)

#: Every top-level field, in the order of docs/answers-and-plan.md and of a saved answers file.
#: A yes/no field's wording is the question whose line ticks it (a "flag" choice).
FIELDS: tuple[Field, ...] = (
    Field("version", "version", required=True, default=vocab.SCHEMA_VERSION),
    Field("age", "number", low=vocab.AGE_MIN, high=vocab.AGE_MAX, required=True, wording="age"),
    _checkbox("locations", vocab.LOCATIONS, min_items=1, required=True),
    _select("duration", vocab.DURATIONS, required=True),
    _select("onset", vocab.ONSETS, required=True),
    _select("activity", vocab.ACTIVITY, required=True),
    _select("cause", vocab.CAUSES, default="none_known"),
    _checkbox("radiation", vocab.RADIATION),
    _confirm("numbness_or_tingling", False, "radiation"),
    Field("intensity", "number", low=vocab.INTENSITY_MIN, high=vocab.INTENSITY_MAX, wording="intensity"),
    _checkbox("daily_activities", vocab.DAILY_ACTIVITIES),
    _confirm("first_episode", True, "conditions"),
    _confirm("morning_stiffness", False, "radiation"),
    _select("pregnancy", vocab.PREGNANCY, default="none"),
    _confirm("pelvic_girdle_pain", False, "pelvic_girdle_pain"),
    _checkbox("conditions", vocab.CONDITIONS),
    _checkbox("red_flags", vocab.RED_FLAGS),
    Field("language", "locale", wording="language"),
    Field("region", "country", wording="region"),
    Field("patient_name", "text", private=True, wording="patient_name"),
    Field("clinic", "group"),
)

#: Fields by name, top-level and clinic sub-fields alike.
BY_NAME: Mapping[str, Field] = {f.name: f for f in (*FIELDS, *CLINIC_FIELDS)}
NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
CLINIC_KEYS: tuple[str, ...] = tuple(f.key for f in CLINIC_FIELDS)
#: Names whose values are the patient's own words: never echoed in a message.
PRIVATE: tuple[str, ...] = tuple(f.name for f in (*FIELDS, *CLINIC_FIELDS) if f.private)


def of_kind(*kinds: Kind) -> tuple[Field, ...]:
    """The top-level fields of these kinds, in contract order."""
    return tuple(f for f in FIELDS if f.kind in kinds)


def choice_values() -> Mapping[str, tuple[str, ...]]:
    """Allowed values of every select and checkbox field (the content's condition language tests these)."""
    return {f.name: f.allowed for f in of_kind("select", "checkbox")}


def number_range(name: str) -> tuple[int, int]:
    """(low, high) of a number field such as age or intensity."""
    found = BY_NAME[name]
    if found.kind != "number":
        raise KeyError(name)
    return found.low, found.high


def _check_table() -> None:
    """A name declared twice would shadow its first declaration in BY_NAME."""
    assert len(BY_NAME) == len(FIELDS) + len(CLINIC_FIELDS), "a field is declared twice"


_check_table()

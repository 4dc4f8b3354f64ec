"""A question and its choice lines, as questions.yaml declares them (read and checked by questions.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from careplan.records import record


@record
class Choice:
    """One line of a select or checkbox question."""

    label: str
    value: str | None = None  # a value of the question's own field (or of `field`)
    flag: str | None = None  # or a yes/no field that ticking this line sets
    ticked: bool = True  # the flag's value when the line is ticked
    none: bool = False  # the "None of these" line
    when: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0
    clinician_label: str = ""  # the label in the clinician's words, if it differs
    #: The field a value line fills when it is not the question's own: a line that
    #: the clinician's compact form brought onto another question's screen.
    field: str | None = None

    def label_for(self, clinician: bool) -> str:
        """The label (an English msgid) in the words of whoever is answering."""
        return self.clinician_label if clinician and self.clinician_label else self.label


@record
class Question:
    """One question: which fields it fills, how to ask it, and when."""

    id: str
    type: str
    text: str
    help: str = ""
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    default: Any = None
    when: Mapping[str, Any] = field(default_factory=dict)
    validate: Mapping[str, int] = field(default_factory=dict)
    line: int = 0
    clinician_text: str = ""  # the question in the clinician's words (the patient in the third person)
    clinician_help: str = ""
    #: clinician: with: the later questions whose lines the clinician ticks on this
    #: screen (the compact form, see compact.py); the line it was written on
    clinician_with: tuple[str, ...] = ()
    with_line: int = 0
    #: For a screen that took in others' lines: each such field and the value it
    #: has when none of its lines is ticked (a select's default; a checkbox's none: ()).
    joined: Mapping[str, Any] = field(default_factory=dict)

    def text_for(self, clinician: bool) -> str:
        """The question (an English msgid) in the words of whoever is answering: the patient, or the clinician."""
        return self.clinician_text if clinician and self.clinician_text else self.text

    def help_for(self, clinician: bool) -> str:
        return self.clinician_help if clinician and self.clinician_help else self.help

    def field_of(self, c: Choice) -> str:
        """The field a value line fills: its own `field`, else this question's."""
        return c.field or self.id

    @property
    def fields(self) -> tuple[str, ...]:
        """Every answers field this question fills: its own, those it took in, then any flags."""
        flags = tuple(dict.fromkeys(c.flag for c in self.choices if c.flag))
        return (self.id, *self.joined, *flags)

    def choice_for(self, value: str) -> Choice:
        return next(c for c in self.choices if c.value == value)

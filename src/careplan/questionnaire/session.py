"""The questionnaire's state and rules, with no input or output: what is answered, what applies, going back.

Everything here is a pure function of the questions and the answers so far,
so the rules that keep a reader safe (a change never leaves a warning sign
unasked; an emergency stops at once) can be read and tested without a
terminal. Asking is handed in as a callback that may raise GoBack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from typing import Any

from careplan.content import conditions
from careplan.contract import answers as answers_mod
from careplan.contract.vocab import ADULT_AGE
from careplan.questionnaire.prompter import GoBack
from careplan.questionnaire.questions import Choice, Question
from careplan.records import record

#: Stand-ins for required answers not given yet, used only to check triage
#: between questions and, after an emergency stop, to write the sheet. None
#: of them triggers a triage rule on its own.
PLACEHOLDERS: Mapping[str, Any] = {
    "age": 30,
    "locations": ("lower_back",),
    "duration": "under_1_week",
    "onset": "gradual",
    "activity": "moderate",
}
CLINIC_PREFIX = "clinic."

#: Asks one question and stores its answer; only_missing: an answers file gave some of it.
Ask = Callable[[Question, bool], None]


def contract_mapping(values: Mapping[str, Any], *, fill: bool) -> dict[str, Any]:
    """The answers as the contract's mapping; with fill, stand-ins for missing required fields."""
    data: dict[str, Any] = {"version": 1}
    clinic: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == "":
            continue
        if key.startswith(CLINIC_PREFIX):
            clinic[key[len(CLINIC_PREFIX):]] = value
        else:
            data[key] = list(value) if isinstance(value, tuple) else value
    if clinic:
        data["clinic"] = clinic
    if fill:
        for key, value in PLACEHOLDERS.items():
            data.setdefault(key, list(value) if isinstance(value, tuple) else value)
    return data


def to_answers(values: Mapping[str, Any], *, fill: bool = False) -> answers_mod.Answers:
    """Validate through the contract's own checks, so a session can only produce a valid file."""
    return answers_mod.from_mapping(contract_mapping(values, fill=fill), where="answers")


@record(frozen=False)
class Session:
    """Answers so far, by field id (contract fields, and clinic.<field>), and which questions apply."""

    questions: tuple[Question, ...]
    clinician: bool = False
    #: Languages on offer; with fewer than two the language question is not asked.
    languages: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)  # from the answers file or the command line
    asked: set[str] = field(default_factory=set)  # question ids answered here
    shown: dict[str, frozenset[int]] = field(default_factory=dict)  # choice lines each was asked with
    worded: dict[str, bool] = field(default_factory=dict)  # each answered question: asked about "the patient"?

    @property
    def third_person(self) -> bool:
        """Ask about "the patient", not "you": a clinician answers for a patient, and so does a
        parent for a child (once an age under 16 is given), who could otherwise read "Do you have
        any of these right now?" as about themselves and leave a child's warning sign unticked."""
        age = self.values.get("age")
        return self.clinician or (type(age) is int and age < ADULT_AGE)

    # ------------------------------------------------------------ what applies

    def holds(self, when: conditions.Condition) -> bool:
        """Does a `when` hold for the answers so far (content's condition language and its rule for unknowns)?"""
        return conditions.holds(when, conditions.lookup_in(self.values, {"clinician": self.clinician}))

    def answer_of(self, key: str) -> Any:
        """An answer as the contract fills it in: given, else its default."""
        return conditions.lookup_in(self.values)(key)

    @staticmethod
    def default_of(key: str) -> Any:
        """The contract's default for an answer (None: it has none)."""
        return conditions.DEFAULTS.get(key)

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)

    def applies(self, q: Question) -> bool:
        return self.holds(q.when)

    def visible(self, q: Question, *, only_missing: bool) -> list[Choice]:
        """The choices to show: those whose `when` holds and, when filling gaps, whose field is missing."""
        out = []
        for c in q.choices:
            if c.when and not self.holds(c.when):
                continue
            if only_missing:
                if c.value is not None and q.field_of(c) in self.given:
                    continue
                if c.flag is not None and c.flag in self.given:
                    continue
            out.append(c)
        return out

    def shown_now(self, q: Question) -> frozenset[int]:
        """Which of a question's choice lines apply to the answers as they stand."""
        return frozenset(i for i, c in enumerate(q.choices) if not c.when or self.holds(c.when))

    def missing(self, q: Question) -> bool:
        return any(f not in self.given for f in q.fields)

    def offered(self, q: Question) -> bool:
        """A question careplan fills the choices of is asked only when there is a choice to make."""
        return q.choices_from != "languages" or len(self.languages) >= 2

    def would_ask(self, q: Question) -> bool:
        """Ask a question when an answer it gives is missing, it applies, and it has something to offer."""
        return self.offered(q) and self.missing(q) and self.applies(q)

    def pending(self) -> list[Question]:
        return [q for q in self.questions if self.would_ask(q)]

    def shown_questions(self) -> list[Question]:
        """The questions that apply, in order: asked here or answered by the file."""
        return [q for q in self.questions if q.id in self.asked or any(f in self.given for f in q.fields)]

    def record(self, q: Question) -> None:
        """Note that a question was answered here, and which of its lines it showed."""
        self.asked.add(q.id)
        self.shown[q.id] = self.shown_now(q)
        self.worded[q.id] = self.third_person  # after the answer: the age's own answer sets it

    def reworded(self, q: Question) -> bool:
        """Answered about "you" and now asked about "the patient" (a child's age given at the
        summary), or the other way round: that answer was about someone else. Language and
        country are the reader's choice, whoever answers."""
        return (q.id in self.worded and self.worded[q.id] != self.third_person and q.choices_from is None
                and (q.text_for(True), q.help_for(True)) != (q.text_for(False), q.help_for(False)))

    # ------------------------------------------------------------ triage

    def answers(self, *, fill: bool = False) -> answers_mod.Answers:
        return to_answers(self.values, fill=fill)

    def emergency(self) -> bool:
        """Do the answers so far already call for the emergency number? (Stand-ins fill the gaps.)"""
        from careplan.planning.triage import triage

        return triage(self.answers(fill=True)).level == "emergency"

    def complete(self) -> bool:
        """Every required answer is known (not a stand-in), so the answers may be saved."""
        return all(f in self.values for f in PLACEHOLDERS)

    # ------------------------------------------------------------ changes

    def clear_stale(self, q: Question) -> bool:
        """After a change: forget a question's answer if it no longer applies, and ticks on lines
        no longer shown. True if the question applies."""
        values = self.values
        if not self.applies(q):
            if q.id in self.asked:
                for f in q.fields:
                    values.pop(f, None)
                self.asked.discard(q.id)
            return False
        for c in q.choices:  # ticks on lines that are no longer shown
            if c.when and not self.holds(c.when):
                key = q.field_of(c)
                if c.value is not None and isinstance(values.get(key), tuple) and c.value in values[key]:
                    values[key] = tuple(v for v in values[key] if v != c.value)
                elif c.value is not None and values.get(key) == c.value:
                    values.pop(key)  # a select's line on the clinician's shared screen: back to its default
                if c.flag is not None and c.flag in values:
                    values.pop(c.flag)
        for key in q.joined:  # a field taken in with none of its lines shown now is not asked at all
            if not any(q.field_of(c) == key and (not c.when or self.holds(c.when)) for c in q.choices):
                values.pop(key, None)
        return True

    # ------------------------------------------------------------ going through the questions

    def ask_in_order(self, ask: Ask) -> bool:
        """Ask every question that applies, in order; True at once when the answers call for the emergency number.

        Esc goes back one question, its earlier answer kept as the default;
        from there every question that applies is asked again in order (each
        with its earlier answer), so a change can never leave a warning sign
        unasked. An emergency stops the run at once, so there is no going
        back past it.
        """
        done: list[int] = []  # the questions answered in this pass, by position
        i = 0
        while i < len(self.questions):
            q = self.questions[i]
            self.clear_stale(q)
            if not self.would_ask(q):
                i += 1
                continue
            try:
                ask(q, True)
            except GoBack:
                if done:
                    i = done.pop()
                continue
            if self.emergency():
                return True
            done.append(i)
            i += 1
        return False

    def change(self, q: Question, ask: Ask) -> bool:
        """Ask one answer again and fix up what depends on it; Esc leaves it as it was. True if asked."""
        try:
            ask(q, False)
        except GoBack:
            return False
        for f in q.fields:
            self.given.discard(f)
        while True:
            try:
                self.settle(ask)
                return True
            except GoBack:
                # back from a question the change brought in: the changed answer again, then
                # settle once more, so no question that now applies is left unasked
                try:
                    ask(q, False)
                except GoBack:
                    pass

    def settle(self, ask: Ask) -> None:
        """After a change: clear answers that no longer apply, and ask new ones that now do."""
        for q in self.questions:
            if not self.clear_stale(q) or not self.offered(q):
                continue
            # A question not yet asked, or one that now has lines the patient
            # never saw (neck warning signs after a change to "neck"): ask it.
            # Safety: a warning sign must never go unasked.
            new_lines = q.id in self.asked and bool(self.shown_now(q) - self.shown.get(q.id, frozenset()))
            # One answered about someone else (a parent's own, before the child's age was given):
            # asked again about the patient, afresh, so no warning sign is kept unasked for the child.
            reworded = q.id in self.asked and self.reworded(q)
            if self.missing(q) and (q.id not in self.asked or new_lines or reworded):
                if reworded:  # as if never asked: no earlier tick, "None of these" included
                    for f in q.fields:
                        if f not in self.given:
                            self.values.pop(f, None)
                    self.asked.discard(q.id)
                ask(q, False)
                if self.emergency():
                    return

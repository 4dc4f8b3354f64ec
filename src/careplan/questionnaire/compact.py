"""The clinician's compact form: several history questions ticked on one screen.

A clinician knows the answers, so in clinician mode a checkbox question
with `clinician: with: [...]` (questions.yaml) also shows the lines of the
later questions named there, and those are not asked on their own. Each
line keeps its own wording, its own field and its own `when`; a select's
lines become ticks of which at most one may be ticked, and leaving them all
unticked gives the select's default (pregnancy: none). The warning signs
are never taken in: their screen stays on its own, asked right after where
it hurts and age (load() refuses red_flags here).
"""

from __future__ import annotations

from typing import Any

from careplan.content import conditions
from careplan.questionnaire.model import Choice, Question
from careplan.records import replace

#: Never ticked on a shared screen: the warning signs keep a screen of their own.
NEVER_JOINED = ("red_flags",)


class CompactProblem(ValueError):
    """questions.yaml asks for a compact form that cannot work; line and message for the file's error."""

    def __init__(self, line: int, where: str, problem: str) -> None:
        super().__init__(problem)
        self.line, self.where, self.problem = line, where, problem


def _tested(when: Any) -> set[str]:
    """The answers fields a `when` tests (not session facts such as clinician)."""
    return {conditions.tested_field(k) for k in when if k != "clinician"}


def compact(questions: tuple[Question, ...]) -> tuple[Question, ...]:
    """The questions as the clinician is asked them; CompactProblem when questions.yaml's `with` cannot work."""
    by_id = {q.id: (i, q) for i, q in enumerate(questions)}
    taken: dict[str, str] = {}
    for i, q in enumerate(questions):
        where = f"{q.id}.clinician.with"
        if q.clinician_with and q.type != "checkbox":
            raise CompactProblem(q.with_line, where, "only a checkbox question can take in other questions")
        for pid in q.clinician_with:
            if pid not in by_id or by_id[pid][0] <= i:
                raise CompactProblem(q.with_line, where, f"'{pid}' is not a question asked after this one")
            partner = by_id[pid][1]
            if pid in NEVER_JOINED or q.id in NEVER_JOINED:
                raise CompactProblem(q.with_line, where, "the warning signs are always asked on a screen of their own")
            if pid in taken or partner.clinician_with:
                raise CompactProblem(q.with_line, where, f"'{pid}' is already taken in, or takes in others itself")
            if partner.type not in ("checkbox", "select") or partner.choices_from:
                raise CompactProblem(q.with_line, where, f"'{pid}' must be a checkbox or select question")
            if partner.type == "select" and partner.default is None:
                raise CompactProblem(q.with_line, where, f"'{pid}' needs a default: the answer when nothing is ticked")
            taken[pid] = q.id
    out: list[Question] = []
    for q in questions:
        if q.id in taken:
            continue
        if q.clinician_with:
            q = _take_in(q, [by_id[pid][1] for pid in q.clinician_with])
        out.append(q)
    _check_order(out)
    return tuple(out)


def _take_in(host: Question, partners: list[Question]) -> Question:
    choices = list(host.choices)
    joined: dict[str, Any] = {}
    values = {c.value for c in choices if c.value is not None}
    for p in partners:
        joined[p.id] = () if p.type == "checkbox" else p.default
        for c in p.choices:
            if c.none or (p.type == "select" and c.value == p.default):
                continue  # leaving every line unticked says this
            if set(p.when) & set(c.when):
                raise CompactProblem(c.line, f"{p.id}.choices", "this line's 'when' repeats the question's")
            if c.value in values:  # the screen tells its lines apart by value
                raise CompactProblem(c.line, f"{p.id}.choices",
                                     f"the value '{c.value}' is on {host.id}'s screen already")
            if c.value is not None:
                values.add(c.value)
            choices.append(replace(c, when={**p.when, **c.when}, field=p.id if c.value is not None else None))
    return replace(host, choices=tuple(choices), joined=joined)


def _check_order(questions: list[Question]) -> None:
    """Every `when` still tests only fields asked before it, in the compact order."""
    known: set[str] = set()
    for q in questions:
        for when, line in [(q.when, q.line), *((c.when, c.line) for c in q.choices)]:
            late = _tested(when) - known
            if late:
                raise CompactProblem(line, f"{q.id}.when", f"tests '{sorted(late)[0]}', which the clinician's "
                                     "compact form asks later")
        known.update(q.fields)


def for_mode(questions: tuple[Question, ...], clinician: bool) -> tuple[Question, ...]:
    """The questions in the order and shape asked: the compact form for a clinician."""
    return compact(questions) if clinician else questions


def is_ticked(q: Question, c: Choice, answer: Any) -> bool:
    """Is a value line ticked, given the answer of its field (a tuple for a checkbox, a value for a select)?"""
    if isinstance(answer, tuple):
        return c.value in answer
    return answer is not None and c.value == answer and q.joined.get(q.field_of(c)) != answer

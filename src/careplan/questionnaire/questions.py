"""The questionnaire as data: templates/questions.yaml, validated into typed questions.

A content author changes wording, order or conditions without touching
Python, so everything is checked at load and a mistake names the file, the
line and the field. The checks also guarantee that every question speaks the
contract's ids and values, and that every allowed value can be chosen, which
is what makes an interactive session and an answers file interchangeable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from careplan import paths
from careplan.content import conditions
from careplan.content.loader import LineDict, LineList, read_yaml
from careplan.content.validate import Check
from careplan.contract import fields as contract
from careplan.contract.checks import is_whole_number
from careplan.contract.vocab import MAX_TEXT
from careplan.questionnaire.compact import CompactProblem, compact
from careplan.questionnaire.model import Choice, Question

__all__ = ["Choice", "Question", "load"]

TYPES = ("select", "checkbox", "number", "confirm", "text", "date")

#: Single-choice and many-choice fields, and their allowed values.
SELECT_FIELDS: Mapping[str, tuple[str, ...]] = {f.name: f.allowed for f in contract.of_kind("select")}
CHECKBOX_FIELDS: Mapping[str, tuple[str, ...]] = {f.name: f.allowed for f in contract.of_kind("checkbox")}
NUMBER_FIELDS: Mapping[str, tuple[int, int]] = {f.name: (f.low, f.high) for f in contract.of_kind("number")}
#: Fields the answers file must have; some question has to fill each one.
REQUIRED_FIELDS = tuple(f for f in contract.REQUIRED if f != "version")
#: Questions whose choices careplan fills in, and where from: the one thing that
#: sets language and region apart (the questionnaire dispatches on choices_from).
CHOICES_FROM: Mapping[str, str] = {
    f.name: {"locale": "languages", "country": "regions"}[f.kind] for f in contract.of_kind("locale", "country")
}
#: A session fact a `when` may test besides the answers.
SESSION_FACTS = ("clinician",)
#: Every field a question may ask: each one a question type suits, clinic sub-fields included.
ALL_FIELDS = tuple(name for name, f in contract.BY_NAME.items() if f.kind in contract.QUESTION_TYPE)

QUESTION_KEYS = ("id", "type", "text", "help", "clinician", "choices", "choices_from", "default", "when", "validate")
CHOICE_KEYS = ("label", "clinician", "value", "flag", "ticked", "none", "when")
#: The keys of a `clinician:` wording: what the clinician reads instead, in clinician mode,
#: and `with`: the later questions ticked on this screen in the compact form (compact.py).
CLINICIAN_QUESTION_KEYS = ("text", "help", "with")
CLINICIAN_CHOICE_KEYS = ("label",)
VALIDATE_KEYS = {"number": ("min", "max"), "checkbox": ("min_selected",), "text": ("max_length",)}


def kind_of(field_id: str) -> str:
    """The question type a field needs (language and region are selects filled by careplan)."""
    return contract.QUESTION_TYPE[contract.BY_NAME[field_id].kind]


class _Check(Check):
    """Content's checks, except that question text must fit on one line."""

    def text(self, d: LineDict, key: str, where: str, *, required: bool = True) -> str:
        value = super().text(d, key, where, required=required)
        if "\n" in value:
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected one line of plain text, without < or >")
        return value


def _claim(ck: _Check, taken: dict[str, int], name: Any, line: int, where: str, allowed: Sequence[str],
           what: str) -> str:
    """`name` must be a field of `allowed` that no earlier question or flag asks; note where it is asked."""
    if name not in allowed:
        raise ck.fail(line, where, "{v!r} is not " + what + "; allowed: {a}", v=name, a=", ".join(allowed))
    if name in taken:
        raise ck.fail(line, where, "'{f}' is already asked on line {first}", f=name, first=taken[name])
    taken[name] = line
    return str(name)


def _when(ck: _Check, value: Any, line: int, where: str, known: set[str]) -> dict[str, Any]:
    """A condition in the content's language (careplan.content.conditions), plus the
    session fact `clinician`. Every key must hold; only earlier fields may be tested."""
    allowed = (*conditions.NUMBER_KEYS, *SESSION_FACTS, *conditions.CHOICE_FIELDS, *conditions.BOOL_KEYS)
    d = ck.mapping(value, line, where, allowed)
    if not d:
        raise ck.fail(line, where, "an empty condition; leave 'when' out to always ask")
    out: dict[str, Any] = {}
    for key, item in d.items():
        kline = d.line_of(key)
        tested: str | None = conditions.tested_field(key)
        if key in conditions.NUMBER_KEYS:
            low, high = NUMBER_FIELDS[conditions.tested_field(key)]
            if not is_whole_number(item, low, high):
                raise ck.fail(kline, f"{where}.{key}", "expected a whole number from {lo} to {hi}, found {v!r}",
                              lo=low, hi=high, v=item)
        elif key in SESSION_FACTS or key in conditions.BOOL_KEYS:
            if not isinstance(item, bool):
                raise ck.fail(kline, f"{where}.{key}", "expected true or false, found {v!r}", v=item)
            tested = None if key in SESSION_FACTS else key
        else:
            allowed_values = conditions.CHOICE_FIELDS[key]
            if not isinstance(item, list) or not item:
                raise ck.fail(kline, f"{where}.{key}", "expected a list of: {a}", a=", ".join(allowed_values))
            for v in item:
                if v not in allowed_values:
                    raise ck.fail(kline, f"{where}.{key}", "{v!r} is not allowed; allowed: {a}",
                                  v=v, a=", ".join(allowed_values))
            item = tuple(item)
        if tested is not None and tested not in known:
            raise ck.fail(kline, f"{where}.{key}",
                          "'{f}' is not asked before this question, so it cannot be tested here", f=tested)
        out[key] = item
    return out


def _clinician(ck: _Check, d: LineDict, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """The optional `clinician:` wording: the same text in the clinician's words, used with --clinician
    (and for a question, `with`: a list of question ids, with the line it is on)."""
    if "clinician" not in d:
        return {}
    cw = f"{where}.clinician"
    wording = ck.mapping(d["clinician"], d.line_of("clinician"), cw, allowed)
    if not wording:
        raise ck.fail(d.line_of("clinician"), cw, "an empty wording; leave 'clinician' out to use the same words")
    out: dict[str, Any] = {key: ck.text(wording, key, cw) for key in wording if key != "with"}
    if "with" in wording:
        ids = wording["with"]
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise ck.fail(wording.line_of("with"), f"{cw}.with", "expected a list of question ids")
        out["with"], out["with_line"] = tuple(ids), wording.line_of("with")
    return out


def _choices(ck: _Check, d: LineDict, where: str, qid: str, qtype: str, known: set[str],
             taken: dict[str, int]) -> tuple[Choice, ...]:
    raw = d.get("choices")
    allowed_values = conditions.CHOICE_FIELDS[qid]
    if not isinstance(raw, LineList) or not raw:
        raise ck.fail(d.line_of("choices"), f"{where}.choices", "expected a list of choices, one for each of: {a}",
                      a=", ".join(allowed_values))
    out: list[Choice] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(raw):
        cw = f"{where}.choices[{i}]"
        line = raw.lines[i]
        c = ck.mapping(c, line, cw, CHOICE_KEYS)
        kinds = [k for k in ("value", "flag", "none") if k in c]
        if len(kinds) != 1:
            raise ck.fail(line, cw, "a choice needs exactly one of value, flag or none")
        label = ck.text(c, "label", cw)
        clinician_label = _clinician(ck, c, cw, CLINICIAN_CHOICE_KEYS).get("label", "")
        kind = kinds[0]
        if kind != "value" and qtype != "checkbox":
            raise ck.fail(c.line_of(kind), f"{cw}.{kind}", "only a checkbox question can have a '{k}' line", k=kind)
        if "ticked" in c and kind != "flag":
            raise ck.fail(c.line_of("ticked"), f"{cw}.ticked", "'ticked' belongs with a 'flag' line")
        when = _when(ck, c["when"], c.line_of("when"), f"{cw}.when", known) if "when" in c else {}
        if kind == "value":
            v = c["value"]
            if v not in allowed_values:
                raise ck.fail(c.line_of("value"), f"{cw}.value", "{v!r} is not a value of '{q}'; allowed: {a}",
                              v=v, q=qid, a=", ".join(allowed_values))
            if v in seen:
                raise ck.fail(c.line_of("value"), f"{cw}.value",
                              "the value '{v}' is offered twice (first on line {first})", v=v, first=seen[v])
            seen[v] = c.line_of("value")
            out.append(Choice(label=label, value=v, when=when, line=line, clinician_label=clinician_label))
        elif kind == "flag":
            flag = _claim(ck, taken, c["flag"], c.line_of("flag"), f"{cw}.flag", conditions.BOOL_KEYS, "a yes/no field")
            ticked = c.get("ticked", True)
            if not isinstance(ticked, bool):
                raise ck.fail(c.line_of("ticked"), f"{cw}.ticked", "expected true or false, found {v!r}", v=ticked)
            out.append(Choice(label=label, flag=flag, ticked=ticked, when=when, line=line,
                              clinician_label=clinician_label))
        else:
            if c["none"] is not True:
                raise ck.fail(c.line_of("none"), f"{cw}.none", "expected true")
            if when:
                raise ck.fail(c.line_of("when"), f"{cw}.when", "the 'None of these' line is always shown")
            if any(x.none for x in out):
                raise ck.fail(line, cw, "only one 'None of these' line is allowed")
            out.append(Choice(label=label, none=True, line=line, clinician_label=clinician_label))
    missing = [v for v in allowed_values if v not in seen]
    if missing:
        raise ck.fail(d.line_of("choices"), f"{where}.choices",
                      "every value must be offered, so that any answers file can be asked again; missing: {m}",
                      m=", ".join(missing))
    return tuple(out)


def _default(ck: _Check, q: LineDict, where: str, qid: str, qtype: str, choices: tuple[Choice, ...]) -> Any:
    if "default" not in q or q["default"] is None:
        return None
    value, line = q["default"], q.line_of("default")
    if qtype == "select":
        if value not in {c.value for c in choices}:
            raise ck.fail(line, f"{where}.default", "{v!r} is not one of the choices", v=value)
    elif qtype == "checkbox":
        if not isinstance(value, list) or any(v not in {c.value for c in choices} for v in value):
            raise ck.fail(line, f"{where}.default", "expected a list of choice values, found {v!r}", v=value)
        value = tuple(value)
    elif qtype == "number":
        low, high = NUMBER_FIELDS[qid]
        if not is_whole_number(value, low, high):
            raise ck.fail(line, f"{where}.default", "expected a whole number from {lo} to {hi}, found {v!r}",
                          lo=low, hi=high, v=value)
    elif qtype == "confirm":
        if not isinstance(value, bool):
            raise ck.fail(line, f"{where}.default", "expected true or false, found {v!r}", v=value)
    elif qtype == "text":
        if not isinstance(value, str):
            raise ck.fail(line, f"{where}.default", "expected text, found {v!r}", v=value)
    else:
        raise ck.fail(line, f"{where}.default", "a date question has no fixed default")
    return value


def _validate(ck: _Check, q: LineDict, where: str, qid: str, qtype: str) -> dict[str, int]:
    if "validate" not in q:
        return {}
    allowed = VALIDATE_KEYS.get(qtype, ())
    if not allowed:
        raise ck.fail(q.line_of("validate"), f"{where}.validate", "a {t} question has nothing to validate", t=qtype)
    d = ck.mapping(q["validate"], q.line_of("validate"), f"{where}.validate", allowed)
    out: dict[str, int] = {}
    for key, value in d.items():
        low, high = NUMBER_FIELDS.get(qid, (0, MAX_TEXT)) if qtype == "number" else (0, MAX_TEXT)
        if not is_whole_number(value, low, high):
            raise ck.fail(d.line_of(key), f"{where}.validate.{key}",
                          "expected a whole number from {lo} to {hi}, found {v!r}", lo=low, hi=high, v=value)
        out[key] = value
    if out.get("min", 0) > out.get("max", 10**6):
        raise ck.fail(d.line, f"{where}.validate", "min is larger than max")
    return out


def load(path: Path | None = None) -> tuple[Question, ...]:
    """Read and check questions.yaml; raise CareplanError naming file, line and field."""
    path = path or paths.templates_dir() / "questions.yaml"
    ck = _Check(path)
    doc = ck.mapping(read_yaml(path), 1, "file", ("questions",))
    raw = doc.get("questions")
    if not isinstance(raw, LineList) or not raw:
        raise ck.fail(doc.line_of("questions") if isinstance(doc, dict) else 1, "questions",
                      "expected a list of questions")
    known: set[str] = set()  # fields asked so far, for 'when'
    taken: dict[str, int] = {}  # field -> line of the question or flag that asks it
    out: list[Question] = []
    for i, q in enumerate(raw):
        where = f"questions[{i}]"
        q = ck.mapping(q, raw.lines[i], where, QUESTION_KEYS)
        qid = _claim(ck, taken, q.get("id"), q.line_of("id"), f"{where}.id", ALL_FIELDS, "an answers field")
        where = f"{where} ({qid})"
        qtype = q.get("type")
        if qtype not in TYPES:
            raise ck.fail(q.line_of("type"), f"{where}.type", "{v!r} is not a question type; allowed: {a}",
                          v=qtype, a=", ".join(TYPES))
        if qtype != kind_of(qid):
            raise ck.fail(q.line_of("type"), f"{where}.type", "the field '{f}' needs the type {k}, not {v}",
                          f=qid, k=kind_of(qid), v=qtype)
        when = _when(ck, q["when"], q.line_of("when"), f"{where}.when", known) if "when" in q else {}
        if when and qid in REQUIRED_FIELDS:
            raise ck.fail(q.line_of("when"), f"{where}.when", "'{f}' is required in every answers file, "
                          "so it must always be asked", f=qid)
        choices: tuple[Choice, ...] = ()
        source = None
        if qid in CHOICES_FROM:
            source = q.get("choices_from")
            if source != CHOICES_FROM[qid]:
                raise ck.fail(q.line_of("choices_from"), f"{where}.choices_from",
                              "expected '{s}': careplan fills in these choices", s=CHOICES_FROM[qid])
            if "choices" in q:
                raise ck.fail(q.line_of("choices"), f"{where}.choices", "careplan fills in these choices; remove them")
        else:
            if "choices_from" in q:
                raise ck.fail(q.line_of("choices_from"), f"{where}.choices_from",
                              "only language and region use choices_from")
            if qtype in ("select", "checkbox"):
                choices = _choices(ck, q, where, qid, qtype, known, taken)
            elif "choices" in q:
                raise ck.fail(q.line_of("choices"), f"{where}.choices", "a {t} question has no choices", t=qtype)
        wording = _clinician(ck, q, where, CLINICIAN_QUESTION_KEYS)
        if wording and when.get("clinician") is True:
            raise ck.fail(q.line_of("clinician"), f"{where}.clinician",
                          "this question is asked only in clinician mode, so its text already speaks to the clinician")
        question = Question(
            id=qid, type=qtype, text=ck.text(q, "text", where), help=ck.text(q, "help", where, required=False),
            clinician_text=wording.get("text", ""), clinician_help=wording.get("help", ""),
            clinician_with=wording.get("with", ()), with_line=wording.get("with_line", 0),
            choices=choices, choices_from=source, default=_default(ck, q, where, qid, qtype, choices),
            when=when, validate=_validate(ck, q, where, qid, qtype), line=q.line,
        )
        if qtype == "checkbox" and question.validate.get("min_selected", 0) > len(choices):
            raise ck.fail(q.line_of("validate"), f"{where}.validate.min_selected", "more than there are choices")
        known.update(question.fields)
        out.append(question)
    missing = [f for f in REQUIRED_FIELDS if f not in taken]
    if missing:
        raise ck.fail(doc.line_of("questions"), "questions", "no question asks the required field(s): {m}",
                      m=", ".join(missing))
    try:
        compact(tuple(out))  # the clinician's form must work too
    except CompactProblem as problem:
        raise ck.fail(problem.line, problem.where, problem.problem.replace("{", "{{").replace("}", "}}")) from None
    return tuple(out)

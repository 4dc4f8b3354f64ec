"""Asking one question of questions.yaml through the Prompter, and showing its answer in the reader's words.

Each kind of question (select, yes/no, ticks, number, date, text) has its
asker; a question whose choices careplan fills in (choices_from: languages
or regions) has its own, found by that key, never by the question's id.
Answers are stored in the contract's terms, so a session and an answers
file are interchangeable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from careplan import i18n
from careplan.contract.checks import country_code, is_clean_text, whole_number_in
from careplan.contract.vocab import MAX_TEXT
from careplan.errors import N_
from careplan.questionnaire import dates
from careplan.questionnaire.compact import is_ticked
from careplan.questionnaire.context import Context
from careplan.questionnaire.prompter import REGION_CODE, GoBack
from careplan.questionnaire.questions import NUMBER_FIELDS, Choice, Question

NONE = "none-of-these"  # the value of a checkbox's "None of these" line
OTHER = "another-country"  # the value of the region question's "Another country" line
YES, NO = "yes", "no"


def question_text(ctx: Context, q: Question) -> str:
    """The question, translated, in the words of whoever answers: the patient, or (--clinician,
    or a parent once a child's age is given) about the patient (Session.third_person)."""
    return ctx.t.gettext(q.text_for(ctx.session.third_person))


def help_of(ctx: Context, q: Question) -> str:
    """The help line's English msgid for whoever answers ("" when there is none)."""
    return q.help_for(ctx.session.third_person)


def label(ctx: Context, c: Choice) -> str:
    """A choice's label, translated, in the words of whoever answers."""
    return ctx.t.gettext(c.label_for(ctx.session.third_person))


def ask(ctx: Context, q: Question, only_missing: bool = False) -> None:
    """Ask one question, store the answer in the contract's terms, and show it."""
    t = ctx.t
    text, help_text = question_text(ctx, q), t.gettext(help_of(ctx, q)) if help_of(ctx, q) else ""
    worded = ctx.session.third_person  # the age's answer may change it: echoed in the words it was asked in
    values = ctx.session.values
    if q.choices_from is not None:
        FILLED_BY_CAREPLAN[q.choices_from](ctx, q, text, help_text)
    elif q.type == "select":
        choices = [(c.value, label(ctx, c)) for c in ctx.session.visible(q, only_missing=False)
                   if c.value is not None]
        default = values.get(q.id, q.default)
        values[q.id] = ctx.prompter.select(q.id, text, help_text, choices, default)
    elif q.type == "confirm":
        choices = [(YES, t.gettext("Yes")), (NO, t.gettext("No"))]
        current = values.get(q.id, q.default)
        default = None if current is None else (YES if current else NO)
        values[q.id] = ctx.prompter.select(q.id, text, help_text, choices, default) == YES
    elif q.type == "checkbox":
        _ask_checkbox(ctx, q, text, help_text, only_missing=only_missing)
    elif q.type == "number":
        _ask_number(ctx, q, text, help_text)
    elif q.type == "date":
        _ask_date(ctx, q, text, help_text)
    else:
        _ask_text(ctx, q, text, help_text)
    ctx.session.record(q)
    say_answer(ctx, q, indent="? ", third_person=worded)


def _ask_language(ctx: Context, q: Question, text: str, help_text: str) -> None:
    choices = [(loc, ctx.t.language_name(loc)) for loc in ctx.session.languages]
    default = ctx.session.values.get(q.id) or ctx.locale
    chosen = ctx.prompter.select(q.id, text, help_text, choices, default)
    ctx.session.values[q.id] = chosen
    ctx.set_locale(i18n.negotiate(chosen))


def _ask_region(ctx: Context, q: Question, text: str, help_text: str) -> None:
    current = ctx.session.values.get(q.id) or ctx.default_region()
    regions = ctx.content.regions
    listed = sorted((c for c in regions if regions[c].listed), key=lambda c: ctx.t.region_name(c).casefold())
    codes = ([current] if current else []) + [c for c in listed if c != current]
    choices = [(c, ctx.region_label(c)) for c in codes]
    other = (OTHER, ctx.t.gettext("Another country: type its two-letter code"))
    # With no country known, Enter must not pick one: the first line asks for a code.
    choices = [*choices, other] if current else [other, *choices]
    while True:
        chosen = ctx.prompter.select(q.id, text, help_text, choices, current)
        if chosen != OTHER:
            break
        try:
            chosen = _ask_region_code(ctx)
            break
        except GoBack:  # back to the list of countries
            current = OTHER
    ctx.session.values[q.id] = chosen
    ctx.set_locale(ctx.locale)  # dates as written in that country


def _ask_region_code(ctx: Context) -> str:
    def code_of(text: str) -> str | None:
        code = country_code(text)
        code = {"UK": "GB"}.get(code or "", code)  # the code people often try for the United Kingdom
        # only countries whose emergency number careplan knows, with its source
        return code if code and ctx.content.is_country(code) else None

    def check(text: str) -> str | None:
        if code_of(text):
            return None
        return ctx.t.gettext("Type two letters, such as GB for the United Kingdom or DE for Germany.")

    def hint(text: str) -> str:
        code = code_of(text)
        return ctx.region_label(code) if code else ""

    # TRANSLATORS: the second is for a clinician filling in the questions for a patient
    question = ctx.words(N_("What is your country's two-letter code?"),
                         N_("What is the two-letter code of the patient's country?"))
    answer = ctx.prompter.text(
        REGION_CODE, ctx.t.gettext(question),
        ctx.t.gettext("For example: GB, US, DE, FR, ES, IN, NG."), "", check, hint)
    code = code_of(answer)
    assert code is not None
    return code


#: Askers for the questions whose choices careplan fills in, by their choices_from.
FILLED_BY_CAREPLAN: dict[str, Callable[[Context, Question, str, str], None]] = {
    "languages": _ask_language,
    "regions": _ask_region,
}


def _ask_checkbox(ctx: Context, q: Question, text: str, help_text: str, *, only_missing: bool) -> None:
    t, session = ctx.t, ctx.session
    values = session.values
    shown = session.visible(q, only_missing=only_missing)
    none_choice = next((c for c in shown if c.none), None)
    none_label = label(ctx, none_choice) if none_choice else ""
    choices: list[tuple[str, str]] = []
    checked: set[str] = set()
    anything = False
    for c in shown:
        if c.none:
            choices.append((NONE, none_label))
        elif c.value is not None:
            key = "v:" + c.value
            choices.append((key, label(ctx, c)))
            field_id = q.field_of(c)
            if is_ticked(q, c, values.get(field_id, q.default or () if field_id == q.id else None)):
                checked.add(key)
                anything = True
        else:
            assert c.flag is not None
            key = "f:" + c.flag
            choices.append((key, label(ctx, c)))
            if values.get(c.flag) is c.ticked:
                checked.add(key)
                anything = True
    answered_before = q.id in session.asked or all(f in session.given for f in q.fields)
    if none_choice and not anything and answered_before and (not only_missing or q.id in session.asked):
        checked.add(NONE)  # asked again from the summary: show the earlier "None of these" tick
    minimum = q.validate.get("min_selected", 0)

    def validate(selected: list[str]) -> str | None:
        if NONE in selected and len(selected) > 1:
            return t.format("You ticked “{none}” and another line. Untick one of them.", none=none_label)
        if len(selected) < minimum:
            if none_choice:
                return t.format("Tick at least one line. If none of them is true, tick “{none}”.",
                                none=none_label)
            return t.gettext("Tick at least one line.")
        return _one_each(ctx, q, [c for c in shown if c.value is not None and "v:" + c.value in selected])

    selected = set(ctx.prompter.checkbox(q.id, text, help_text, choices, checked, validate))
    for field_id in (q.id, *q.joined):
        lines = [c for c in shown if c.value is not None and q.field_of(c) == field_id]
        if (field_id in q.joined and not lines) or (only_missing and field_id in session.given):
            continue  # not on this screen now (pregnancy at 70), or the answers file gave it
        ticked = [c.value for c in lines if c.value is not None and "v:" + c.value in selected]
        if field_id != q.id and not isinstance(q.joined[field_id], tuple):
            values[field_id] = ticked[0] if ticked else q.joined[field_id]  # a select's lines: one, or its default
        else:
            values[field_id] = tuple(ticked)
    for c in shown:
        if c.flag is not None:
            values[c.flag] = c.ticked if "f:" + c.flag in selected else not c.ticked


def _one_each(ctx: Context, q: Question, ticked: list[Choice]) -> str | None:
    """On the clinician's shared screen, a select's lines (pregnancy) take at most one tick."""
    for field_id, none in q.joined.items():
        lines = [c for c in ticked if q.field_of(c) == field_id]
        if not isinstance(none, tuple) and len(lines) > 1:
            return ctx.t.format("Tick only one of “{first}” and “{second}”.",
                                first=label(ctx, lines[0]), second=label(ctx, lines[1]))
    return None


def _ask_number(ctx: Context, q: Question, text: str, help_text: str) -> None:
    low, high = NUMBER_FIELDS[q.id]
    low, high = q.validate.get("min", low), q.validate.get("max", high)

    def check(answer: str) -> str | None:
        if whole_number_in(answer, low, high) is None:
            return ctx.t.format("Please type a whole number from {low} to {high}.", low=low, high=high)
        return None

    current = ctx.session.values.get(q.id, q.default)
    answer = ctx.prompter.text(q.id, text, help_text, "" if current is None else str(current), check)
    ctx.session.values[q.id] = whole_number_in(answer, low, high)


def _ask_date(ctx: Context, q: Question, text: str, help_text: str) -> None:
    today, where = ctx.today, ctx.t.babel_locale
    example = dates.short_date(today + dt.timedelta(days=14), today, where)
    if help_of(ctx, q):
        help_text = ctx.t.format(help_of(ctx, q), example=example)

    def check(answer: str) -> str | None:
        ok, date = dates.parse_date(answer, today, where)
        if ok and date is not None and date < today:
            return ctx.t.format("That date has passed. Type a date from today on, such as {example}.",
                                example=example)
        if ok:
            return None
        return ctx.t.format("Type a date such as {example}, or a number of days, or leave it empty.",
                            example=example)

    def hint(answer: str) -> str:
        ok, date = dates.parse_date(answer, today, where)
        return ctx.t.format_date(date) if ok and date else ""

    current = ctx.session.values.get(q.id)
    if current is None and ctx.clinic is not None:
        current = ctx.clinic.default(q.id, today)
    shown = dates.short_date(current, today, where) if current else ""
    answer = ctx.prompter.text(q.id, text, help_text, shown, check, hint)
    ctx.session.values[q.id] = dates.parse_date(answer, today, where)[1]


def _ask_text(ctx: Context, q: Question, text: str, help_text: str) -> None:
    limit = min(q.validate.get("max_length", MAX_TEXT), MAX_TEXT)

    def check(answer: str) -> str | None:
        if len(answer.strip()) > limit:
            return ctx.t.nformat("Please keep it to {n} character.", "Please keep it to {n} characters.", limit)
        # a terminal in another encoding hands over what it cannot decode as lone surrogates,
        # which the answers refuse: ask again here rather than lose the session later
        if any(ord(ch) < 32 for ch in answer) or not is_clean_text(answer):
            return ctx.t.gettext("Please use letters, numbers and punctuation only.")
        return None

    current = ctx.session.values.get(q.id)
    if current is None and ctx.clinic is not None:
        current = ctx.clinic.default(q.id, ctx.today)
    answer = ctx.prompter.text(q.id, text, help_text, current or "", check).strip()
    ctx.session.values[q.id] = answer or None


# ---------------------------------------------------------------- showing answers


def display(ctx: Context, q: Question) -> str:
    """One question's answer in the reader's words."""
    t, session = ctx.t, ctx.session
    values = session.values
    if q.choices_from == "languages":
        return t.language_name(values[q.id]) if values.get(q.id) else ""
    if q.choices_from == "regions":
        return ctx.region_label(values[q.id]) if values.get(q.id) else ""
    if q.type == "select":
        value = session.answer_of(q.id)
        return label(ctx, q.choice_for(value)) if value is not None else ""
    if q.type == "confirm":
        return t.gettext("Yes") if session.answer_of(q.id) else t.gettext("No")
    if q.type == "checkbox":
        # a flag line counts as ticked when it was answered so, or its default reads as ticked
        ticked = [label(ctx, c) for c in q.choices
                  if (c.value is not None and is_ticked(q, c, session.answer_of(q.field_of(c)) or ()))
                  or (c.flag is not None and session.answer_of(c.flag) is c.ticked
                      and (c.flag in values or c.ticked is not session.default_of(c.flag)))]
        if ticked:
            # TRANSLATORS: between the ticked answers of one question, such as "Neck; Lower back"
            return t.gettext("; ").join(ticked)
        none = next((c for c in q.choices if c.none), None)
        return label(ctx, none) if none else ""
    value = values.get(q.id)
    if q.type == "date":
        return t.format_date(value) if value else t.gettext("(none)")
    if value is None or value == "":
        return t.gettext("(none)")
    return str(value)


def say_answer(ctx: Context, q: Question, indent: str, third_person: bool | None = None) -> None:
    """One question and its answer on a line (wrapped lines hang under the question); `third_person`:
    the wording it was asked in, when that differs from the session's now (a parent's "How old are you?")."""
    answer = display(ctx, q)
    question = question_text(ctx, q) if third_person is None else ctx.t.gettext(q.text_for(third_person))
    # TRANSLATORS: a question and the reader's answer, shown after answering and in the summary
    line = ctx.t.format("{question} {answer}", question=question, answer=answer)
    # a date is never broken over two lines ("12 / December 2026")
    ctx.screen.say(line, indent=indent, hang=" " * (len(indent) + 2), whole=answer if q.type == "date" else "")

"""The interactive questionnaire: `careplan` with no answers file.

The questions are data (templates/questions.yaml, see questions.py); this
module asks them in order, skips the ones that do not apply, stops at once
when an answer means "call the emergency number now", shows a summary where
any answer can be changed, and writes the handout through delivery.deliver.render_to_file.

questionary and prompt_toolkit are imported only here, and only when asking,
so the answers-file path never pays for them. Input and output can be
injected (prompt_toolkit pipe input and DummyOutput in tests). Ctrl-C is a
KeyboardInterrupt that cli.main turns into exit status 130; Ctrl-D is turned
into the same. Nothing is written until the very end.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from careplan.contract import answers as answers_mod
from careplan.delivery.request import Request
from careplan.delivery.viewer import open_with_viewer
from careplan.errors import N_, CareplanError
from careplan.questionnaire import questions as questions_mod
from careplan.questionnaire.questions import Choice, Question

NONE = "none-of-these"  # the value of a checkbox's "None of these" line
OTHER = "another-country"  # the value of the region question's "Another country" line
YES, NO = "yes", "no"

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
#: Defaults of the optional answers, taken from the Answers dataclass itself.
DEFAULTS: Mapping[str, Any] = {
    f.name: f.default for f in dataclasses.fields(answers_mod.Answers) if f.default is not dataclasses.MISSING
}
CLINIC_PREFIX = "clinic."
#: The key that goes back one question. Esc, not Ctrl-B: Ctrl-B moves the
#: cursor left in a typed answer (Emacs keys, prompt_toolkit's default), and
#: prompt_toolkit tells a lone Esc from the start of an arrow key by its
#: timing, so Esc is reliable as long as it is bound eagerly (see Prompter._run).
BACK_KEY = "escape"


class GoBack(Exception):
    """The reader pressed Esc: go back one question (or, at the summary, leave a step without a change)."""


# ---------------------------------------------------------------- prompts


class Prompter:
    """Asks one question on the terminal (or on injected prompt_toolkit input/output).

    The only place that touches questionary. Each prompt erases itself when
    answered and the flow prints the answer in the reader's language,
    because questionary's own answered line has untranslated English in it.
    """

    def __init__(self, t: Any, *, input: Any = None, output: Any = None, no_color: bool = False,
                 width: int = 80) -> None:
        self.t = t
        self.width = width
        self.input = input
        self.output = output
        self.no_color = no_color

    def _style(self) -> Any:
        from prompt_toolkit.styles import Style

        # Meaning never rests on colour: the pointer », the ticks ● ○ and the
        # wording carry it. Without NO_COLOR one calm accent on the "?".
        accent = "" if self.no_color else "fg:ansicyan "
        return Style([
            ("qmark", accent + "bold"),
            ("question", "bold"),
            ("answer", "bold"),
            ("pointer", "bold"),
            ("highlighted", "bold"),
            ("selected", ""),
            ("instruction", ""),
            ("text", ""),
            ("disabled", ""),
            ("separator", ""),
        ])

    def _kwargs(self) -> dict[str, Any]:
        kw: dict[str, Any] = {"style": self._style(), "erase_when_done": True, "qmark": "?"}
        if self.input is not None:
            kw["input"] = self.input
        if self.output is not None:
            kw["output"] = self.output
        if self.no_color:
            from prompt_toolkit.output import ColorDepth

            kw["color_depth"] = ColorDepth.DEPTH_1_BIT
        return kw

    def _run(self, question: Any) -> Any:
        """Ask; Ctrl-C and Ctrl-D (or the end of the input) both become KeyboardInterrupt."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        extra = KeyBindings()

        @extra.add("c-d", eager=True)
        def _eof(event: Any) -> None:
            event.app.exit(exception=EOFError, style="class:aborting")

        # eager: never wait to see whether Esc starts an Alt key sequence of the text editor
        @extra.add(BACK_KEY, eager=True)
        def _back(event: Any) -> None:
            event.app.exit(exception=GoBack, style="class:aborting")

        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings, extra]) if app.key_bindings else extra
        self._wrap_long_lines(app)
        try:
            return question.unsafe_ask()
        except EOFError:
            raise KeyboardInterrupt from None

    @staticmethod
    def _wrap_long_lines(app: Any) -> None:
        """Wrap long choices (translations run long) instead of cutting them off at the edge."""
        from questionary.prompts.common import InquirerControl

        for window in app.layout.find_all_windows():
            if isinstance(window.content, InquirerControl):
                from prompt_toolkit.filters import to_filter

                window.wrap_lines = to_filter(True)
                window.get_line_prefix = lambda lineno, wrap_count: "      " if wrap_count else ""

    def _header(self, help_text: str, keys: str, problem: str | None) -> str:
        """The lines under the question: help, keys, and what to fix after a wrong answer.

        Wrapped here, because prompt_toolkit cuts a long prompt line off at the edge.
        """
        if keys:
            # TRANSLATORS: added to the keys line under every question; Esc is the key's name on the keyboard
            keys = self.t.format("{keys} Esc: back one question.", keys=keys)
        lines = [line for line in (*help_text.split("\n"), keys) if line]
        if problem:
            lines.append("! " + problem)
        width = max(20, self.width - 3)
        return "".join("\n  " + "\n  ".join(textwrap.wrap(line, width, break_long_words=False,
                                                          break_on_hyphens=False)) for line in lines)

    def _title(self, text: str) -> str:
        """The question itself, wrapped under the "? " (prompt_toolkit cuts its first line off at the edge)."""
        lines = textwrap.wrap(text, max(20, self.width - 3), break_long_words=False, break_on_hyphens=False)
        return "\n  ".join(lines) if lines else text

    def _fit(self, label: str, indent: int) -> str:
        """Wrap a long choice at word breaks, continuing under its first word."""
        lines = textwrap.wrap(label, max(20, self.width - indent - 1), break_on_hyphens=False)
        return ("\n" + " " * indent).join(lines) if lines else label

    def select(self, text: str, help_text: str, choices: Sequence[tuple[str, str]], default: str | None) -> str:
        import questionary

        items = [questionary.Choice(title=self._fit(label, 3), value=value) for value, label in choices]
        keys = self.t.gettext("Use the arrow keys to choose, then press Enter.")
        q = questionary.select(
            self._title(text), items, default=default if default in {v for v, _ in choices} else None,
            instruction=self._header(help_text, keys, None), use_jk_keys=False, **self._kwargs(),
        )
        return self._run(q)

    def checkbox(self, text: str, help_text: str, choices: Sequence[tuple[str, str]], checked: set[str],
                 validate: Callable[[list[str]], str | None]) -> list[str]:
        """Tick lines; a wrong answer asks again with the problem shown right under the question.

        (questionary would show it on the terminal's last line, far from the eye.)
        """
        import questionary

        keys = self.t.gettext("Use the arrow keys to move, Space to tick, and Enter when you are done.")
        problem: str | None = None
        while True:
            items = [questionary.Choice(title=self._fit(label, 5), value=value, checked=value in checked)
                     for value, label in choices]
            q = questionary.checkbox(self._title(text), items, instruction=self._header(help_text, keys, problem),
                                     use_jk_keys=False, **self._kwargs())
            selected = self._run(q)
            problem = validate(selected)
            if problem is None:
                return selected
            checked = set(selected)

    def text(self, text: str, help_text: str, default: str, validate: Callable[[str], str | None],
             hint: Callable[[str], str] | None = None) -> str:
        """Type an answer; a wrong one is asked again with the problem shown above the input.

        hint shows, at the right of the question line, what the typed text
        means (a country's name for a code, a date in words).
        """
        import questionary

        kw = self._kwargs()
        if hint is not None:
            from prompt_toolkit.application.current import get_app

            kw["rprompt"] = lambda: hint(get_app().current_buffer.text)
        keys = self.t.gettext("Type your answer, then press Enter.")
        problem: str | None = None
        while True:
            q = questionary.text(self._title(text), default=default,
                                 instruction=self._header(help_text, keys, problem) + "\n  >", **kw)
            answer = self._run(q)
            problem = validate(answer)
            if problem is None:
                return answer
            default = answer


# ---------------------------------------------------------------- the flow


@dataclass
class State:
    """Answers so far, by field id (contract fields, and clinic.<field>)."""

    values: dict[str, Any] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)  # from the answers file or the command line
    asked: set[str] = field(default_factory=set)  # question ids answered here
    shown: dict[str, frozenset[int]] = field(default_factory=dict)  # choice lines each was asked with


def _answer_of(values: Mapping[str, Any], key: str) -> Any:
    if key in values:
        return values[key]
    return DEFAULTS.get(key)


def holds(when: Mapping[str, Any], values: Mapping[str, Any], clinician: bool) -> bool:
    """Does a declarative `when` hold for the answers so far? Unknown answers never match."""
    for key, want in when.items():
        if key == "clinician":
            if clinician is not want:
                return False
        elif key in ("age_min", "age_max"):
            age = values.get("age")
            if age is None or (age < want if key == "age_min" else age > want):
                return False
        else:
            value = _answer_of(values, key)
            if value is None:
                return False
            if isinstance(want, bool):
                if value is not want:
                    return False
            elif isinstance(value, tuple):
                if not any(v in want for v in value):
                    return False
            elif value not in want:
                return False
    return True


def _contract_mapping(values: Mapping[str, Any], *, fill: bool) -> dict[str, Any]:
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
    return answers_mod.from_mapping(_contract_mapping(values, fill=fill), where="answers")


def _partial_from_file(path: Path) -> dict[str, Any]:
    """Read an answers file that may leave fields out; check what it has like any answers file."""
    from careplan.files import safeyaml

    data = safeyaml.load_file(path)
    if not isinstance(data, dict):
        answers_mod.from_mapping(data, where=str(path))  # raises the usual message
    probe = dict(data)
    for key, value in PLACEHOLDERS.items():
        if probe.get(key) is None:
            probe[key] = list(value) if isinstance(value, tuple) else value
    probe.setdefault("version", 1)
    checked = answers_mod.from_mapping(probe, where=str(path))
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if raw is None or key == "version":
            continue
        if key == "clinic":
            assert checked.clinic is not None
            for sub in answers_mod.CLINIC_FIELDS:
                item = getattr(checked.clinic, sub)
                if sub in raw and item not in (None, ""):
                    values[CLINIC_PREFIX + sub] = item
        else:
            values[key] = getattr(checked, key)
    return values


class Flow:
    """One run of the questionnaire: ask, check triage after every answer, summarise, write."""

    def __init__(self, args: argparse.Namespace, out: IO[str], err: IO[str], *, input: Any = None,
                 output: Any = None, env: Mapping[str, str] | None = None, today: dt.date | None = None) -> None:
        from careplan import i18n

        self.args = args
        self.out = out
        self.err = err
        self.env = os.environ if env is None else env
        self.today = today or getattr(args, "date", None) or dt.date.today()
        self.clinician = bool(getattr(args, "clinician", False))
        self.questions = questions_mod.load()
        self.state = State()
        self.input = input
        self.output = output
        self._content: Any = None
        self.locale = i18n.negotiate(i18n.system_locale(), strict=False)
        if self.locale == i18n.PSEUDO_LOCALE or i18n.completeness(self.locale) < 1.0:
            self.locale = i18n.SOURCE_LOCALE  # an unfinished catalog is for previews (--lang), not a default
        self.t = i18n.translator(self.locale)
        self.width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
        self.prompter = Prompter(self.t, input=input, output=output, no_color=bool(self.env.get("NO_COLOR")),
                                 width=self.width)
        self.clinic_path: Path | None = None
        self.clinic_defaults: Any = None
        self.handout_path: Path | None = None
        self.chosen_path: Path | None = None  # a name typed at the summary; else the default name is claimed when written

    # ------------------------------------------------------------ helpers

    @property
    def content(self) -> Any:
        if self._content is None:
            from careplan.content import loading as content_mod

            self._content = content_mod.load()
        return self._content

    def _set_locale(self, locale: str) -> None:
        from careplan import i18n

        self.locale = locale
        self.t = i18n.translator(locale).in_region(self.state.values.get("region"))
        self.prompter.t = self.t

    def say(self, text: str = "", indent: str = "", hang: str | None = None, *, wrap: bool = True,
            whole: str = "") -> None:
        """Print text wrapped to the terminal; hang is the indent of the lines after the first.

        Words (and file paths) are never split, nor `whole` (a path with spaces in it); wrap=False prints one line.
        """
        if whole and " " in whole and "\0" not in text:
            text = text.replace(whole, whole.replace(" ", "\0"))
        if not text:
            self.out.write("\n")
        elif not wrap:
            self.out.write(indent + text + "\n")
        else:
            hang = indent if hang is None else hang
            for paragraph in text.split("\n"):
                self.out.write(textwrap.fill(paragraph, width=self.width - 1, initial_indent=indent,
                                             subsequent_indent=hang, break_long_words=False,
                                             break_on_hyphens=False).replace("\0", " ") + "\n")
        self.out.flush()

    def say_answer(self, q: Question, indent: str) -> None:
        """One question and its answer on a line (wrapped lines hang under the question)."""
        # TRANSLATORS: a question and the reader's answer, shown after answering and in the summary
        line = self.t.format("{question} {answer}", question=self.t.gettext(q.text), answer=self.display(q))
        self.say(line, indent=indent, hang=" " * (len(indent) + 2))

    def shorten(self, text: str) -> str:
        """One line of a list: cut with … to fit beside the pointer."""
        room = self.width - 5
        return text if len(text) <= room else text[:room - 1].rstrip() + "…"

    def region_label(self, code: str) -> str:
        # TRANSLATORS: a country in the list of countries, such as "United Kingdom (GB)"
        return self.t.format("{country} ({code})", country=self.t.region_name(code), code=code)

    def applies(self, q: Question) -> bool:
        return holds(q.when, self.state.values, self.clinician)

    def visible(self, q: Question, *, only_missing: bool) -> list[Choice]:
        """The choices to show: those whose `when` holds and, when filling gaps, whose field is missing."""
        out = []
        for c in q.choices:
            if c.when and not holds(c.when, self.state.values, self.clinician):
                continue
            if only_missing:
                if c.value is not None and q.id in self.state.given:
                    continue
                if c.flag is not None and c.flag in self.state.given:
                    continue
            out.append(c)
        return out

    def shown_now(self, q: Question) -> frozenset[int]:
        """Which of a question's choice lines apply to the answers as they stand."""
        return frozenset(i for i, c in enumerate(q.choices)
                         if not c.when or holds(c.when, self.state.values, self.clinician))

    def missing(self, q: Question) -> bool:
        return any(f not in self.state.given for f in q.fields)

    def would_ask(self, q: Question) -> bool:
        """Ask a question when an answer it gives is missing and it applies (and a language choice exists)."""
        if q.id == "language" and len(self.language_choices()) < 2:
            return False
        return self.missing(q) and self.applies(q)

    # ------------------------------------------------------------ asking

    def ask(self, q: Question, *, only_missing: bool = False) -> None:
        """Ask one question and store the answer in the contract's terms."""
        t = self.t
        text, help_text = t.gettext(q.text), t.gettext(q.help) if q.help else ""
        values = self.state.values
        if q.id == "language":
            self._ask_language(q, text, help_text)
        elif q.id == "region":
            self._ask_region(q, text, help_text)
        elif q.type == "select":
            choices = [(c.value, t.gettext(c.label)) for c in self.visible(q, only_missing=False)]
            default = values.get(q.id, q.default)
            values[q.id] = self.prompter.select(text, help_text, choices, default)
        elif q.type == "confirm":
            choices = [(YES, t.gettext("Yes")), (NO, t.gettext("No"))]
            current = values.get(q.id, q.default)
            default = None if current is None else (YES if current else NO)
            values[q.id] = self.prompter.select(text, help_text, choices, default) == YES
        elif q.type == "checkbox":
            self._ask_checkbox(q, text, help_text, only_missing=only_missing)
        elif q.type == "number":
            self._ask_number(q, text, help_text)
        elif q.type == "date":
            self._ask_date(q, text, help_text)
        else:
            self._ask_text(q, text, help_text)
        self.state.asked.add(q.id)
        self.state.shown[q.id] = self.shown_now(q)
        self.say_answer(q, indent="? ")

    def _ask_language(self, q: Question, text: str, help_text: str) -> None:
        from careplan import i18n

        choices = [(loc, self.t.language_name(loc)) for loc in self.language_choices()]
        default = self.state.values.get("language") or self.locale
        chosen = self.prompter.select(text, help_text, choices, default)
        self.state.values["language"] = chosen
        self._set_locale(i18n.negotiate(chosen))

    def language_choices(self) -> list[str]:
        from careplan import i18n

        # Only finished translations are offered; a translator previews theirs with --lang.
        return list(i18n.complete_locales())

    def default_region(self) -> str | None:
        from careplan.delivery.choices import resolve_region

        return resolve_region(None, None, getattr(self.args, "lang", None), self.state.values.get("language"))

    def _ask_region(self, q: Question, text: str, help_text: str) -> None:
        current = self.state.values.get("region") or self.default_region()
        listed = sorted((c for c in self.content.regions if self.content.regions[c].listed),
                        key=lambda c: self.t.region_name(c).casefold())
        codes = ([current] if current else []) + [c for c in listed if c != current]
        choices = [(c, self.region_label(c)) for c in codes]
        other = (OTHER, self.t.gettext("Another country: type its two-letter code"))
        # With no country known, Enter must not pick one: the first line asks for a code.
        choices = [*choices, other] if current else [other, *choices]
        while True:
            chosen = self.prompter.select(text, help_text, choices, current)
            if chosen != OTHER:
                break
            try:
                chosen = self._ask_region_code()
                break
            except GoBack:  # back to the list of countries
                current = OTHER
        self.state.values["region"] = chosen
        self._set_locale(self.locale)  # dates as written in that country

    def _ask_region_code(self) -> str:
        def code_of(text: str) -> str | None:
            code = text.strip().upper()
            code = {"UK": "GB"}.get(code, code)  # the code people often try for the United Kingdom
            # only countries whose emergency number careplan knows, with its source
            return code if len(code) == 2 and code.isascii() and self.content.is_country(code) else None

        def check(text: str) -> str | None:
            if code_of(text):
                return None
            return self.t.gettext("Type two letters, such as GB for the United Kingdom or DE for Germany.")

        def hint(text: str) -> str:
            code = code_of(text)
            return self.region_label(code) if code else ""

        answer = self.prompter.text(
            self.t.gettext("What is your country's two-letter code?"),
            self.t.gettext("For example: GB, US, DE, FR, ES, IN, NG."), "", check, hint)
        code = code_of(answer)
        assert code is not None
        return code

    def _ask_checkbox(self, q: Question, text: str, help_text: str, *, only_missing: bool) -> None:
        t, values = self.t, self.state.values
        shown = self.visible(q, only_missing=only_missing)
        none_choice = next((c for c in shown if c.none), None)
        none_label = t.gettext(none_choice.label) if none_choice else ""
        choices: list[tuple[str, str]] = []
        checked: set[str] = set()
        anything = False
        for c in shown:
            if c.none:
                choices.append((NONE, none_label))
            elif c.value is not None:
                key = "v:" + c.value
                choices.append((key, t.gettext(c.label)))
                current = values.get(q.id, q.default or ())
                if c.value in (current or ()):
                    checked.add(key)
                    anything = True
            else:
                assert c.flag is not None
                key = "f:" + c.flag
                choices.append((key, t.gettext(c.label)))
                if values.get(c.flag) is c.ticked:
                    checked.add(key)
                    anything = True
        answered_before = q.id in self.state.asked or all(f in self.state.given for f in q.fields)
        if none_choice and not anything and answered_before and (not only_missing or q.id in self.state.asked):
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
            return None

        selected = set(self.prompter.checkbox(text, help_text, choices, checked, validate))
        if not only_missing or q.id not in self.state.given:
            values[q.id] = tuple(c.value for c in shown if c.value is not None and "v:" + c.value in selected)
        for c in shown:
            if c.flag is not None:
                values[c.flag] = c.ticked if "f:" + c.flag in selected else not c.ticked

    def _ask_number(self, q: Question, text: str, help_text: str) -> None:
        low, high = questions_mod.NUMBER_FIELDS[q.id]
        low, high = q.validate.get("min", low), q.validate.get("max", high)

        def parse(answer: str) -> int | None:
            answer = answer.strip()
            # a length check first: int() refuses more than 4,300 digits with an exception
            if answer.isascii() and answer.isdigit() and len(answer) <= 6 and low <= int(answer) <= high:
                return int(answer)
            return None

        def check(answer: str) -> str | None:
            if parse(answer) is None:
                return self.t.format("Please type a whole number from {low} to {high}.", low=low, high=high)
            return None

        current = self.state.values.get(q.id, q.default)
        answer = self.prompter.text(text, help_text, "" if current is None else str(current), check)
        self.state.values[q.id] = parse(answer)

    def parse_date(self, answer: str) -> tuple[bool, dt.date | None]:
        """(ok, date): a date as the reader's locale writes it (06/12/2026 is 6 December in
        en_GB), a YYYY-MM-DD date, a number of days from today, or nothing."""
        answer = answer.strip()
        if not answer:
            return True, None
        if answer.isascii() and answer.lstrip("+").isdigit() and len(answer) <= 4:
            return True, self.today + dt.timedelta(days=int(answer.lstrip("+")))
        if len(answer) > 40:
            return False, None
        if len(answer) == 10 and answer[4] == "-" and answer[7] == "-":
            try:
                return True, dt.date.fromisoformat(answer)
            except ValueError:
                return False, None
        from babel.dates import parse_date

        try:
            date = parse_date(answer, locale=self.t.babel_locale)
        except Exception:  # babel raises ParseError, ValueError or IndexError on text it cannot read
            return False, None
        if date.year < 100:  # a two-digit year (6/12/26)
            try:
                date = date.replace(year=2000 + date.year)
            except ValueError:
                return False, None
        return True, date

    def short_date(self, date: dt.date) -> str:
        """A date as the reader's locale writes it in short, as parse_date reads it back (else ISO)."""
        from babel.dates import format_date

        text = format_date(date, format="short", locale=self.t.babel_locale)
        return text if self.parse_date(text) == (True, date) else date.isoformat()

    def _ask_date(self, q: Question, text: str, help_text: str) -> None:
        example = self.short_date(self.today + dt.timedelta(days=14))
        if q.help:
            help_text = self.t.format(q.help, example=example)

        def check(answer: str) -> str | None:
            ok, date = self.parse_date(answer)
            if ok and date is not None and date < self.today:
                return self.t.format("That date has passed. Type a date from today on, such as {example}.",
                                     example=example)
            if ok:
                return None
            return self.t.format("Type a date such as {example}, or a number of days, or leave it empty.",
                                 example=example)

        def hint(answer: str) -> str:
            ok, date = self.parse_date(answer)
            return self.t.format_date(date) if ok and date else ""

        current = self.state.values.get(q.id)
        if current is None and q.id == "clinic.follow_up" and self.clinic_defaults is not None:
            days = self.clinic_defaults.follow_up_days
            current = self.today + dt.timedelta(days=days) if days is not None else None
        answer = self.prompter.text(text, help_text, self.short_date(current) if current else "", check, hint)
        self.state.values[q.id] = self.parse_date(answer)[1]

    def _ask_text(self, q: Question, text: str, help_text: str) -> None:
        limit = min(q.validate.get("max_length", answers_mod.MAX_TEXT), answers_mod.MAX_TEXT)

        def check(answer: str) -> str | None:
            if len(answer.strip()) > limit:
                return self.t.nformat("Please keep it to {n} character.", "Please keep it to {n} characters.", limit)
            if any(ord(ch) < 32 for ch in answer):
                return self.t.gettext("Please use letters, numbers and punctuation only.")
            return None

        current = self.state.values.get(q.id)
        if current is None and q.id.startswith(CLINIC_PREFIX) and self.clinic_defaults is not None:
            current = getattr(self.clinic_defaults, q.id[len(CLINIC_PREFIX):], "") or None
        answer = self.prompter.text(text, help_text, current or "", check).strip()
        self.state.values[q.id] = answer or None

    # ------------------------------------------------------------ showing answers

    def display(self, q: Question) -> str:
        """One question's answer in the reader's words."""
        t, values = self.t, self.state.values
        if q.id == "language":
            return t.language_name(values["language"]) if values.get("language") else ""
        if q.id == "region":
            return self.region_label(values["region"]) if values.get("region") else ""
        if q.type == "select":
            value = _answer_of(values, q.id)
            return t.gettext(q.choice_for(value).label) if value is not None else ""
        if q.type == "confirm":
            value = _answer_of(values, q.id)
            return t.gettext("Yes") if value else t.gettext("No")
        if q.type == "checkbox":
            ticked = []
            for c in q.choices:
                if (c.value is not None and c.value in (_answer_of(values, q.id) or ())) or (c.flag is not None and _answer_of(values, c.flag) is c.ticked and (
                        c.flag in values or c.ticked is not DEFAULTS.get(c.flag))):
                    ticked.append(t.gettext(c.label))
            if ticked:
                # TRANSLATORS: between the ticked answers of one question, such as "Neck; Lower back"
                return t.gettext("; ").join(ticked)
            none = next((c for c in q.choices if c.none), None)
            return t.gettext(none.label) if none else ""
        value = values.get(q.id)
        if q.type == "date":
            return t.format_date(value) if value else t.gettext("(none)")
        if value is None or value == "":
            return t.gettext("(none)")
        return str(value)

    def shown_questions(self) -> list[Question]:
        """The questions that apply, in order: asked here or answered by the file."""
        return [q for q in self.questions
                if q.id in self.state.asked or any(f in self.state.given for f in q.fields)]

    # ------------------------------------------------------------ triage

    def emergency(self) -> bool:
        """Do the answers so far already call for the emergency number? (Stand-ins fill the gaps.)"""
        from careplan.planning.triage import triage

        return triage(to_answers(self.state.values, fill=True)).level == "emergency"

    def emergency_number(self) -> str:
        return self.content.region(self.region()).number

    def region(self) -> str | None:
        from careplan.delivery.choices import resolve_region

        # values["region"] holds --region when it was given, or the answer that replaced it
        return resolve_region(None, self.state.values.get("region"),
                              getattr(self.args, "lang", None), self.state.values.get("language"))

    # ------------------------------------------------------------ the run

    def run(self) -> int:
        from careplan import i18n

        values, given = self.state.values, self.state.given
        args = self.args
        if getattr(args, "answers", None) is not None:
            values.update(_partial_from_file(args.answers))
            given.update(values)
        if getattr(args, "lang", None):
            values["language"] = i18n.negotiate(args.lang)
            given.add("language")
        if getattr(args, "region", None):
            from careplan.delivery.choices import check_region, resolve_region

            values["region"] = resolve_region(args.region, None)
            check_region(self.content, values["region"], "--region")
            given.add("region")
        if values.get("language"):
            self._set_locale(i18n.negotiate(values["language"]))
        if self.clinician:
            from careplan.contract import clinic_config

            self.clinic_path = clinic_config.config_path(self.env)
            self.clinic_defaults, problem = clinic_config.load(self.clinic_path)
            if problem:
                self.clinic_path = None  # keep a hand-edited file for its owner to fix; do not overwrite it
                self.err.write(self.t.format("careplan: the saved clinic details were not used: {problem}",
                    problem=problem) + "\n")

        pending = [q for q in self.questions if self.would_ask(q)]
        if pending and self.input is None and not sys.stdin.isatty():
            raise CareplanError(N_("no terminal to ask the questions the answers file leaves out ({fields}); "
                                   "add them to the file"), fields=", ".join(q.id for q in pending))

        if self.emergency():
            return self.finish_emergency()
        if self.ask_in_order():
            return self.finish_emergency()
        if not self.state.asked:
            return self.finish(self.output_path(to_answers(values)))
        return self.review()

    def ask_in_order(self) -> bool:
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
                self.ask(q, only_missing=True)
            except GoBack:
                if done:
                    i = done.pop()
                continue
            if self.emergency():
                return True
            done.append(i)
            i += 1
        return False

    def clear_stale(self, q: Question) -> bool:
        """After a change: forget a question's answer if it no longer applies, and ticks on lines
        no longer shown. True if the question applies."""
        values = self.state.values
        if q.id in ("language", "region"):
            return True
        if not self.applies(q):
            if q.id in self.state.asked:
                for f in q.fields:
                    values.pop(f, None)
                self.state.asked.discard(q.id)
            return False
        for c in q.choices:  # ticks on lines that are no longer shown
            if c.when and not holds(c.when, values, self.clinician):
                if c.value is not None and c.value in values.get(q.id, ()):
                    values[q.id] = tuple(v for v in values[q.id] if v != c.value)
                if c.flag is not None and c.flag in values:
                    values.pop(c.flag)
        return True

    def output_path(self, answers: answers_mod.Answers) -> Path:
        """-o, or the renderer's default file name for these answers."""
        if getattr(self.args, "output", None):
            return Path(self.args.output)
        date = getattr(self.args, "date", None) or dt.date.today()
        from careplan.files.writefile import free_path

        try:
            from careplan.delivery.choices import resolve_locale
            from careplan.planning.planner import make_plan
            from careplan.render.handout import default_filename

            plan = make_plan(answers, self.content, locale=resolve_locale(None, answers.language),
                             region=self.region())
            return free_path(default_filename(answers, plan, date))
        except ImportError:
            return free_path(f"careplan-{date.isoformat()}.pdf")

    def review(self) -> int:
        """The summary: change any answer, change the file name, or make the handout."""
        t = self.t
        chosen_path: Path | None = None
        show_answers = True
        while True:
            answers = to_answers(self.state.values)
            path = chosen_path or self.output_path(answers)
            if show_answers:
                self.say()
                self.say(t.gettext("Your answers:"))
                for q in self.shown_questions():
                    self.say_answer(q, indent="  ")
                self.say()
            # Under the question, not printed: it is shown once, and updated when the name changes.
            where = t.format("Your handout will be saved as: {path}", path=path)
            if path.exists():
                where += "\n" + t.gettext("A file with this name is already there. It will be replaced.")
            actions = [("make", t.gettext("Make my handout")), ("change", t.gettext("Change an answer"))]
            if not getattr(self.args, "output", None):
                actions.append(("path", t.gettext("Save the handout under another name")))
            try:
                action = self.prompter.select(t.gettext("Is everything right?"), where, actions, "make")
            except GoBack:
                action = "last"
            if action == "make":
                return self.finish(path)
            if action == "path":
                try:
                    chosen_path = self.chosen_path = self.ask_path(path)
                except GoBack:
                    pass
                show_answers = False
                continue
            if action == "last":  # Esc at the summary: the last question again
                show_answers = self.change(self.shown_questions()[-1])
            else:
                show_answers = self.change_one()
            if show_answers and self.emergency():
                return self.finish_emergency()

    def ask_path(self, current: Path) -> Path:
        t = self.t

        def final(answer: str) -> Path:
            target = Path(answer.strip()).expanduser()
            if target.suffix.lower() != ".pdf":
                target = target.with_name(target.name + ".pdf")
            return target

        def check(answer: str) -> str | None:
            target = Path(answer.strip()).expanduser()
            if not answer.strip():
                return t.gettext("Type a file name, such as handout.pdf.")
            if target.is_dir():
                return t.gettext("That is a folder. Type a file name, such as handout.pdf.")
            folder = target.parent
            if not folder.is_dir():
                return t.format("The folder {folder} does not exist.", folder=folder)
            return self.unusable_path(final(answer))

        answer = self.prompter.text(t.gettext("Where should the handout be saved?"),
                                    t.gettext("Type a file name. It should end in .pdf."), str(current), check)
        return final(answer)

    def change_one(self) -> bool:
        """Pick one answer and ask it again, then fix up what depends on it. True if something changed."""
        t = self.t
        rows = self.shown_questions()
        # TRANSLATORS: a question and the reader's answer, in the list of answers to change
        choices = [(q.id, self.shorten(t.format("{question} {answer}",
            question=t.gettext(q.text), answer=self.display(q)))) for q in rows]
        choices.append(("back", t.gettext("Go back without changing anything")))
        try:
            picked = self.prompter.select(t.gettext("Which answer do you want to change?"), "", choices, None)
        except GoBack:
            return False
        if picked == "back":
            return False
        return self.change(next(q for q in self.questions if q.id == picked))

    def change(self, q: Question) -> bool:
        """Ask one answer again and fix up what depends on it; Esc leaves it as it was. True if asked."""
        try:
            self.ask(q)
        except GoBack:
            return False
        for f in q.fields:
            self.state.given.discard(f)
        while True:
            try:
                self.settle()
                return True
            except GoBack:
                # back from a question the change brought in: the changed answer again, then
                # settle once more, so no question that now applies is left unasked
                try:
                    self.ask(q)
                except GoBack:
                    pass

    def settle(self) -> None:
        """After a change: clear answers that no longer apply, and ask new ones that now do."""
        for q in self.questions:
            if q.id in ("language", "region") or not self.clear_stale(q):
                continue
            # A question not yet asked, or one that now has lines the patient
            # never saw (neck warning signs after a change to "neck"): ask it.
            # Safety: a warning sign must never go unasked.
            new_lines = q.id in self.state.asked and bool(self.shown_now(q) - self.state.shown.get(q.id, frozenset()))
            if self.missing(q) and (q.id not in self.state.asked or new_lines):
                self.ask(q)
                if self.emergency():
                    return

    # ------------------------------------------------------------ writing

    def _render(self, answers: answers_mod.Answers, path: Path) -> tuple[Path, Any]:
        from careplan.delivery.deliver import render_to_file

        run_args = argparse.Namespace(**vars(self.args))
        run_args.output = path
        # the default name shown at the summary is claimed only now, atomically (another run may have taken it)
        run_args.default_name = not getattr(self.args, "output", None) and path != self.chosen_path
        # the answers hold --lang and --region when given, or what replaced them at the summary
        run_args.lang = answers.language or getattr(self.args, "lang", None)
        run_args.region = answers.region or getattr(self.args, "region", None)
        target, plan = render_to_file(Request.from_args(run_args, self.env), answers)
        from careplan.delivery.deliver import handout_warnings

        for line in handout_warnings(answers, plan):
            self.err.write(line + "\n")
        return target, plan

    def level_words(self, plan: Any) -> str:
        title = self.content.safety.level_title[plan.level].pick(plan.reader)
        return self.t.format(title, number=self.emergency_number())

    def finish(self, path: Path) -> int:
        """Write the handout, then the answers file and the remembered clinic details."""
        answers = to_answers(self.state.values)
        target, plan = self._render(answers, path)
        self.handout_path = target
        self.after_handout(target, self.save_answers, answers)
        self.after_handout(target, self.remember_clinic)
        self.closing(target, plan)
        return 0

    def finish_emergency(self) -> int:
        """Say to call now, then write the emergency sheet with no more questions."""
        from careplan.planning.triage import triage

        t = self.t
        answers = to_answers(self.state.values, fill=True)
        result = triage(answers)
        number = self.emergency_number()
        safety = self.content.safety
        rule = "=" * min(60, self.width - 1)
        self.say()
        self.say(rule)
        from careplan.planning.planner import reader_kinds

        # content strings, looked up outside gettext so babel does not extract the keys
        kinds = reader_kinds(answers)
        title, text = safety.level_title["emergency"].pick(kinds), safety.level_text["emergency"].pick(kinds)
        self.say(t.format(title, number=number), indent="  ")
        self.say(rule)
        self.say(t.format(text, number=number, advice=""))
        for reason in result.reasons:
            if reason in safety.reasons:
                self.say(t.gettext(safety.reasons[reason]), indent="  - ", hang="    ")
        self.say(t.gettext("You do not need to answer any more questions. "
                           "We are saving a short sheet for you to take with you."))
        path = self.output_path(answers)
        target, plan = self._render(answers, path)
        self.handout_path = target
        complete = all(f in self.state.values for f in PLACEHOLDERS)
        if complete:
            self.after_handout(target, self.save_answers, answers)
        elif getattr(self.args, "save_answers", None):
            self.say(t.gettext("The answers were not saved, because some questions were not asked."))
        self.closing(target, plan)
        return 0

    def closing(self, target: Path, plan: Any) -> None:
        """Where the handout is (the full path, never split), how to open and print it, and --open."""
        t = self.t
        path = str(target.absolute())
        self.say(t.format("Saved {path}. Advice: {level}.", path=path, level=self.level_words(plan)), whole=path)
        self.say(t.gettext("To read or print it, open the file in a PDF viewer "
                           "(double-click it in your file manager), then choose Print."))
        if getattr(self.args, "open", False) and not open_with_viewer(target.absolute(), self.env):
            self.say(t.gettext("There is no PDF viewer to open it with here, so it was not opened."))

    def after_handout(self, handout: Path, step: Any, *args: Any) -> None:
        """Run a step that follows a delivered handout; a failure is a warning, never a failed run."""
        from careplan.delivery.deliver import after_delivery

        try:
            step(*args)
        except (CareplanError, OSError) as exc:
            after_delivery(self.err, handout, exc, gettext=self.t.gettext)

    def unusable_path(self, target: Path) -> str | None:
        """Why a typed handout name may not be used (one of the run's own files, or not a regular file), or None."""
        from careplan.files.writefile import check_target

        try:
            check_target(target, {"--answers": getattr(self.args, "answers", None),
                                  "--save-answers": getattr(self.args, "save_answers", None)})
        except CareplanError as exc:
            return exc.render(self.t.gettext)
        return None

    def save_answers(self, answers: answers_mod.Answers) -> None:
        target = getattr(self.args, "save_answers", None)
        if not target:
            return
        from careplan.delivery.deliver import save_answers_file

        save_answers_file(Request.from_args(self.args, self.env), answers, self.handout_path)
        self.say(self.t.format("Answers saved as {path}", path=target))

    def remember_clinic(self) -> None:
        if not self.clinician or self.clinic_path is None:
            return
        from careplan.contract import clinic_config

        values = self.state.values
        follow_up = values.get("clinic.follow_up")
        days = (follow_up - self.today).days if follow_up and follow_up >= self.today else None
        old = self.clinic_defaults or clinic_config.ClinicDefaults()
        new = clinic_config.ClinicDefaults(
            name=values.get("clinic.name") or "",
            phone=values.get("clinic.phone") or "",
            clinician=values.get("clinic.clinician") or "",
            follow_up_days=days if days is not None else old.follow_up_days,
        )
        if new != old:
            clinic_config.save(self.clinic_path, new)




def run_questionnaire(args: argparse.Namespace, out: IO[str], err: IO[str], *, input: Any = None,
                      output: Any = None, env: Mapping[str, str] | None = None,
                      today: dt.date | None = None) -> int:
    """Ask the questions and write the handout; return the exit status.

    input/output are prompt_toolkit objects for tests (pipe input, DummyOutput);
    env replaces os.environ (NO_COLOR, XDG_CONFIG_HOME, HOME); today fixes the
    date used for follow-up days. KeyboardInterrupt (Ctrl-C, Ctrl-D) goes up
    to cli.main, which says so and returns 130; nothing has been written then.
    """
    return Flow(args, out, err, input=input, output=output, env=env, today=today).run()

"""Asking one question: the Prompter protocol, and the terminal prompter that alone knows questionary.

The flow only ever talks to a Prompter, so its logic runs against a scripted
one in tests (questionnaire.scripted) without prompt_toolkit. Every prompt
carries a key, the question id (or one of the screen keys below), so a
script answers by what is asked, never by position.

questionary and prompt_toolkit are imported only inside TerminalPrompter's
methods, and only when asking, so the answers-file path never pays for them.
Ctrl-C and Ctrl-D (or the end of the input) both become KeyboardInterrupt,
which cli.main turns into exit status 130.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from careplan.i18n import Translator

#: Keys of the prompts that are not questions of questions.yaml.
REVIEW = "review"  # "Is everything right?" at the summary
CHANGE = "change"  # "Which answer do you want to change?"
SAVE_AS = "save_as"  # "Where should the handout be saved?"
REGION_CODE = "region_code"  # "What is your country's two-letter code?"

#: The key that goes back one question. Esc, not Ctrl-B: Ctrl-B moves the
#: cursor left in a typed answer (Emacs keys, prompt_toolkit's default), and
#: prompt_toolkit tells a lone Esc from the start of an arrow key by its
#: timing, so Esc is reliable as long as it is bound eagerly (see TerminalPrompter._run).
BACK_KEY = "escape"

Validate = Callable[[str], "str | None"]
ValidateTicks = Callable[[list[str]], "str | None"]
Hint = Callable[[str], str]


class GoBack(Exception):
    """The reader pressed Esc: go back one question (or, at the summary, leave a step without a change)."""


class Prompter(Protocol):
    """What the flow needs to ask: one choice, ticks, or typed text.

    choices are (value, label) pairs; the answer is a value. validate returns
    the problem with an answer (then it is asked again, the problem shown), or
    None. A yes/no question is a select of two values.
    """

    def use(self, t: Translator) -> None:
        """Speak this language from now on (the keys line under each question)."""

    def select(self, key: str, text: str, help_text: str, choices: Sequence[tuple[str, str]],
               default: str | None) -> str: ...

    def checkbox(self, key: str, text: str, help_text: str, choices: Sequence[tuple[str, str]],
                 checked: set[str], validate: ValidateTicks) -> list[str]: ...

    def text(self, key: str, text: str, help_text: str, default: str, validate: Validate,
             hint: Hint | None = None) -> str: ...


class TerminalPrompter:
    """Asks on the terminal (or on injected prompt_toolkit input/output, as the pipe tests do).

    Each prompt erases itself when answered and the flow prints the answer in
    the reader's language, because questionary's own answered line has
    untranslated English in it.
    """

    def __init__(self, t: Translator, *, input: Any = None, output: Any = None, no_color: bool = False,
                 width: int = 80, height: int = 24) -> None:
        self.t = t
        self.width = width
        self.height = height
        self.input = input
        self.output = output
        self.no_color = no_color

    def use(self, t: Translator) -> None:
        self.t = t

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
        from prompt_toolkit.filters import to_filter
        from questionary.prompts.common import InquirerControl

        for window in app.layout.find_all_windows():
            if isinstance(window.content, InquirerControl):
                window.wrap_lines = to_filter(True)
                window.get_line_prefix = lambda lineno, wrap_count: "      " if wrap_count else ""

    def header(self, help_text: str, keys: str, problem: str | None) -> str:
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

    def _fits(self, text: str, help_text: str, keys: str, items: Sequence[str]) -> tuple[str, bool]:
        """(the keys line, whether the lines all fit on the screen at once); the keys line has a
        word when they do not. The list scrolls as the pointer moves, but nothing else shows
        that lines are hidden below; a warning sign there must not be missed."""
        rows = (self._title(text).count("\n") + 1 + self.header(help_text, keys, None).count("\n")
                + sum(item.count("\n") + 1 for item in items))
        if rows <= self.height - 1:
            return keys, True
        # TRANSLATORS: added under a question whose list is longer than the terminal
        return self.t.format("{keys} Not every line fits on the screen: move down to see them all.", keys=keys), False

    def _marked(self, items: list[Any], fits: bool) -> list[Any]:
        """The list itself, when it cannot all be seen at once, says so at its top and marks its end.

        The word under the question is not enough: on a small terminal prompt_toolkit
        crops the lines above the list (seen at 40 by 12: only "one question." was left
        of it), and the list shows three of its thirteen warning signs.
        """
        if fits:
            return items
        from questionary import Separator

        # TRANSLATORS: the first line of a list longer than the terminal, above its first choice
        top = Separator(self._fit(self.t.gettext("More lines below: move down to see them all."), 3))
        # TRANSLATORS: the last line of a list longer than the terminal, under its last choice
        end = Separator(self._fit(self.t.gettext("End of the list."), 3))
        return [top, *items, end]

    def _title(self, text: str) -> str:
        """The question itself, wrapped under the "? " (prompt_toolkit cuts its first line off at the edge)."""
        lines = textwrap.wrap(text, max(20, self.width - 3), break_long_words=False, break_on_hyphens=False)
        return "\n  ".join(lines) if lines else text

    def _fit(self, label: str, indent: int) -> str:
        """Wrap a long choice at word breaks, continuing under its first word."""
        lines = textwrap.wrap(label, max(20, self.width - indent - 1), break_on_hyphens=False)
        return ("\n" + " " * indent).join(lines) if lines else label

    def select(self, key: str, text: str, help_text: str, choices: Sequence[tuple[str, str]],
               default: str | None) -> str:
        import questionary

        items = [questionary.Choice(title=self._fit(label, 3), value=value) for value, label in choices]
        keys, fits = self._fits(text, help_text, self.t.gettext("Use the arrow keys to choose, then press Enter."),
                                [str(i.title) for i in items])
        q = questionary.select(
            self._title(text), self._marked(items, fits),
            default=default if default in {v for v, _ in choices} else None,
            instruction=self.header(help_text, keys, None), use_jk_keys=False, **self._kwargs(),
        )
        return str(self._run(q))

    def checkbox(self, key: str, text: str, help_text: str, choices: Sequence[tuple[str, str]],
                 checked: set[str], validate: ValidateTicks) -> list[str]:
        """Tick lines; a wrong answer asks again with the problem shown right under the question.

        (questionary would show it on the terminal's last line, far from the eye.)
        """
        import questionary

        labels = [self._fit(label, 5) for _, label in choices]
        keys, fits = self._fits(
            text, help_text, self.t.gettext("Use the arrow keys to move, Space to tick, and Enter when you are done."),
            labels)
        problem: str | None = None
        while True:
            items = [questionary.Choice(title=title, value=value, checked=value in checked)
                     for title, (value, _) in zip(labels, choices, strict=True)]
            q = questionary.checkbox(self._title(text), self._marked(items, fits),
                                     instruction=self.header(help_text, keys, problem),
                                     use_jk_keys=False, **self._kwargs())
            selected = [str(v) for v in self._run(q)]
            problem = validate(selected)
            if problem is None:
                return selected
            checked = set(selected)

    def text(self, key: str, text: str, help_text: str, default: str, validate: Validate,
             hint: Hint | None = None) -> str:
        """Type an answer; a wrong one is asked again with the problem shown above the input.

        hint shows, at the right of the question line, what the typed text
        means (a country's name for a code, a date in words).
        """
        import questionary

        kw = self._kwargs()
        if hint is not None:
            from prompt_toolkit.application.current import get_app

            shown = hint
            kw["rprompt"] = lambda: shown(get_app().current_buffer.text)
        keys = self.t.gettext("Type your answer, then press Enter.")
        problem: str | None = None
        while True:
            q = questionary.text(self._title(text), default=default,
                                 instruction=self.header(help_text, keys, problem) + "\n  >", **kw)
            answer = str(self._run(q))
            problem = validate(answer)
            if problem is None:
                return answer
            default = answer

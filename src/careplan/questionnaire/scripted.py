"""A Prompter that answers from a script, by question id and by value: the questionnaire without a terminal.

Tests drive the whole flow with it in milliseconds, and because answers are
picked by what is asked and by value, never by position, reordering the
questions or their lines breaks no test. It checks like the terminal does:
an answer that is not on offer is an error in the script, and an answer
the question refuses is recorded with its problem and the next turn taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any

from careplan.questionnaire.prompter import GoBack, Hint, Validate, ValidateTicks
from careplan.records import record

if TYPE_CHECKING:
    from careplan.i18n import Translator


class _Mark:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Press Esc: go back one question.
BACK = _Mark("BACK")
#: Press Ctrl-C.
INTERRUPT = _Mark("INTERRUPT")
#: Press Enter: take what is offered (the default, the ticks already there).
KEEP = _Mark("KEEP")


class Turns(tuple[Any, ...]):
    """Answers to one prompt, one each time it is asked, in order: turns(BACK, "42")."""


def turns(*answers: Any) -> Turns:
    return Turns(answers)


class ScriptError(AssertionError):
    """The script does not fit the questionnaire: a prompt with no answer left, or a value not on offer."""


@record(frozen=False)
class Prompt:
    """One prompt as the flow asked it, for tests to look at."""

    key: str
    text: str
    help: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    default: Any = None
    problems: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]


class ScriptedPrompter:
    """Answers prompts from `script`: prompt key -> an answer, or turns(...) of answers.

    A select takes a value, a checkbox a list of values (a flag line by its
    field, "None of these" by questionnaire.asking.NONE), a text the typed
    text; or BACK, INTERRUPT, KEEP. A plain answer is given every time the
    prompt comes; turns(...) answers once each, then the script has run out.
    """

    def __init__(self, script: Mapping[str, Any]) -> None:
        self.script = dict(script)
        self.prompts: list[Prompt] = []
        self.t: Translator | None = None

    @property
    def asked(self) -> list[str]:
        """The keys asked, in order."""
        return [p.key for p in self.prompts]

    def prompt(self, key: str, which: int = -1) -> Prompt:
        """The which-th time this key was asked (the last by default)."""
        found = [p for p in self.prompts if p.key == key]
        if not found:
            raise ScriptError(f"'{key}' was never asked; asked: {self.asked}")
        return found[which]

    def use(self, t: Translator) -> None:
        self.t = t

    def _refused(self, key: str, record: Prompt, problem: str) -> None:
        """A refused answer: note the problem; only turns(...) can offer another, else the script is wrong."""
        record.problems.append(problem)
        if not isinstance(self.script.get(key), Turns):
            raise ScriptError(f"'{key}' refused the scripted answer: {problem}")

    def _next(self, key: str) -> Any:
        if key not in self.script:
            raise ScriptError(f"no answer scripted for '{key}'; asked so far: {self.asked}")
        answer = self.script[key]
        if isinstance(answer, Turns):
            if not answer:
                raise ScriptError(f"the answers scripted for '{key}' ran out; asked so far: {self.asked}")
            self.script[key] = Turns(answer[1:])
            answer = answer[0]
        if answer is BACK:
            raise GoBack
        if answer is INTERRUPT:
            raise KeyboardInterrupt
        return answer

    @staticmethod
    def _value(key: str, wanted: str, choices: Sequence[tuple[str, str]]) -> str:
        """The choice for a wanted value; a checkbox line may also be named without its v:/f: prefix."""
        for value, _ in choices:
            if value == wanted or value.partition(":")[2] == wanted:
                return value
        raise ScriptError(f"'{key}' does not offer {wanted!r}; it offers {[v for v, _ in choices]}")

    def select(self, key: str, text: str, help_text: str, choices: Sequence[tuple[str, str]],
               default: str | None) -> str:
        record = Prompt(key, text, help_text, list(choices), default)
        self.prompts.append(record)
        answer = self._next(key)
        if answer is KEEP:
            values = [v for v, _ in choices]
            return default if default in values else values[0]
        return self._value(key, str(answer), choices)

    def checkbox(self, key: str, text: str, help_text: str, choices: Sequence[tuple[str, str]],
                 checked: set[str], validate: ValidateTicks) -> list[str]:
        record = Prompt(key, text, help_text, list(choices), set(checked))
        self.prompts.append(record)
        while True:
            answer = self._next(key)
            if answer is KEEP:
                selected = [v for v, _ in choices if v in checked]
            elif isinstance(answer, str) or not isinstance(answer, Iterable):
                raise ScriptError(f"'{key}' is a checkbox: script a list of values, not {answer!r}")
            else:
                wanted = {self._value(key, str(v), choices) for v in answer}
                selected = [v for v, _ in choices if v in wanted]
            problem = validate(selected)
            if problem is None:
                return selected
            self._refused(key, record, problem)
            checked = set(selected)

    def text(self, key: str, text: str, help_text: str, default: str, validate: Validate,
             hint: Hint | None = None) -> str:
        record = Prompt(key, text, help_text, [], default)
        self.prompts.append(record)
        while True:
            answer = self._next(key)
            typed = default if answer is KEEP else str(answer)
            if hint is not None:
                record.hints.append(hint(typed))
            problem = validate(typed)
            if problem is None:
                return typed
            self._refused(key, record, problem)
            default = typed

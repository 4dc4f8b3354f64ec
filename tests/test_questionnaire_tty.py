"""The questionnaire through real prompt_toolkit: keystrokes on pipe input, and end to end under tmux.

The logic is tested fast in test_questionnaire.py with a scripted prompter;
these tests check what only the terminal prompter does: arrow keys, Space
and Enter, Esc going back, Ctrl-C and Ctrl-D, problems shown under the
question, no colour under NO_COLOR.

The tmux tests are the only ones that see what a person sees: the real entry
point, a real pseudo-terminal, real key presses, and the PDF it writes. They
run on their own tmux server (-L) so they never touch anyone's sessions, with
a temporary HOME, XDG_CONFIG_HOME and working folder. CI installs tmux; they
are skipped only where tmux is missing.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("questionary")
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from careplan import i18n
from careplan.contract.answers import Answers
from careplan.delivery import deliver
from careplan.delivery.request import Request
from careplan.environment import Environment
from careplan.planning.triage import triage
from careplan.questionnaire import run_questionnaire
from careplan.questionnaire.prompter import TerminalPrompter

TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

DATE = "2026-11-22"

# ---------------------------------------------------------------- prompt_toolkit on pipe input

DOWN, ENTER, SPACE, ESC = "\x1b[B", "\r", " ", "\x1b"
CTRL_C, CTRL_D, CLEAR = "\x03", "\x04", "\x15"  # Ctrl-U clears a typed default
ASKS_LANGUAGE = len([loc for loc in i18n.available_locales() if loc != i18n.PSEUDO_LOCALE]) > 1
CALM = Answers(age=42, locations=("lower_back",), duration="under_1_week", onset="sudden",
               cause="awkward_movement", intensity=6, activity="moderate",
               daily_activities=("desk_work", "driving"), language="en", region="GB")


def steps(*keys: str) -> str:
    """One answer per item: the keys typed, then Enter."""
    return "".join(k + ENTER for k in keys)


def patient_keys() -> list[str]:
    """The keys for a calm 42-year-old, one item per question, in order (language and country by Enter)."""
    return [*([""] if ASKS_LANGUAGE else []), "", "42", DOWN * 2 + SPACE, SPACE, "", "", DOWN * 2, SPACE, "6",
            DOWN, DOWN + SPACE + DOWN + SPACE, "", SPACE]


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """keys(typed, **request) runs the questionnaire on those keystrokes; returns (status, rendered answers, out)."""
    monkeypatch.chdir(tmp_path)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    rendered: list[Answers] = []

    def fake_render(request: Request, answers: Answers, content: Any) -> tuple[Path, Any]:
        assert request.output is not None
        Path(request.output).write_bytes(b"%PDF-1.4 stub")
        rendered.append(answers)
        return Path(request.output), SimpleNamespace(level=triage(answers).level, region="GB", reader=())

    monkeypatch.setattr(deliver, "render_to_file", fake_render)

    def go(typed: str, *, environ: dict[str, str] | None = None, **options: Any) -> tuple[int, list[Answers], str]:
        out = io.StringIO()
        env = Environment(stdin=io.StringIO(), stdout=out, stderr=io.StringIO(), environ=environ or {},
                          today=dt.date(2026, 11, 22), stdin_isatty=True, terminal_width=80,
                          config_dir=tmp_path / "config")
        with create_pipe_input() as pipe:
            pipe.send_text(typed)
            pipe.close()  # when the keys run out, the prompt sees the end of input (like Ctrl-D)
            prompter = TerminalPrompter(i18n.translator("en"), input=pipe, output=DummyOutput(),
                                        no_color=bool(env.environ.get("NO_COLOR")))
            try:
                status = run_questionnaire(Request(date=dt.date(2026, 11, 22), **options), env, prompter=prompter)
            except KeyboardInterrupt:
                # pytest would stop the whole session on a stray KeyboardInterrupt
                raise Interrupted(out.getvalue()) from None
        return status, rendered, out.getvalue()

    return go


class Interrupted(Exception):
    """The flow raised KeyboardInterrupt (Ctrl-C, Ctrl-D, or the keys ran out)."""


def test_calm_patient_by_keys(keys, tmp_path: Path) -> None:
    status, rendered, out = keys(steps(*patient_keys(), ""))  # "" at the summary: make my handout
    assert status == 0 and rendered == [CALM]
    assert "? How old are you? 42" in out
    assert (tmp_path / "careplan-2026-11-22.pdf").exists()


def test_esc_goes_back_one_question_keeping_the_answer(keys) -> None:
    typed = patient_keys()
    where = typed.index(DOWN * 2 + SPACE)
    # Esc at where it hurts: the age again, 42 kept (Enter alone), then the lower back ticked;
    # Esc at the warning signs: where it hurts again, the lower back still ticked (Enter alone)
    typed[where] = ESC + ENTER + DOWN * 2 + SPACE
    typed[where + 1] = ESC + ENTER + typed[where + 1]
    _, rendered, out = keys(steps(*typed, ""))
    assert rendered == [CALM]
    assert out.count("? How old are you? 42") == 2


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("answered", [0, 2, 3], ids=["select", "text", "checkbox"])
def test_interrupt_anywhere_writes_nothing(keys, tmp_path: Path, key: str, answered: int) -> None:
    answered += 1 if ASKS_LANGUAGE and answered else 0
    with pytest.raises(Interrupted):
        keys(steps(*patient_keys()[:answered]) + key, save_answers=Path("answers.yaml"))
    assert list(tmp_path.iterdir()) == []


def test_ctrl_d_with_text_typed_still_stops(keys, tmp_path: Path) -> None:
    with pytest.raises(Interrupted):
        keys(steps(*patient_keys()[: 2 if ASKS_LANGUAGE else 1]) + "4" + CTRL_D)
    assert list(tmp_path.iterdir()) == []


def test_end_of_input_is_an_interrupt(keys) -> None:
    with pytest.raises(Interrupted):
        keys(steps(*patient_keys()[:3]))


def test_wrong_answers_are_asked_again_with_the_problem_under_the_question(keys, monkeypatch) -> None:
    shown: list[str] = []
    original = TerminalPrompter.header

    def spy(self: TerminalPrompter, help_text: str, keys: str, problem: str | None) -> str:
        shown.append(original(self, help_text, keys, problem))
        return shown[-1]

    monkeypatch.setattr(TerminalPrompter, "header", spy)
    typed = patient_keys()
    i = typed.index("42")
    typed[i] = "forty" + ENTER + CLEAR + "42"
    typed[i + 1] = ENTER + DOWN * 2 + SPACE  # nothing ticked: asked again
    _, rendered, _ = keys(steps(*typed, ""))
    assert rendered == [CALM]
    assert any(h.endswith("  ! Please type a whole number from 1 to 120.") for h in shown)
    assert any(h.endswith("  ! Tick at least one line.") for h in shown)


def test_no_color_means_no_colour(keys) -> None:
    p = TerminalPrompter(i18n.translator("en"), no_color=True)
    assert not any("fg:" in style or "bg:" in style for _, style in p._style().style_rules)
    from prompt_toolkit.output import ColorDepth

    assert p._kwargs()["color_depth"] == ColorDepth.DEPTH_1_BIT
    assert "color_depth" not in TerminalPrompter(i18n.translator("en"))._kwargs()
    _, rendered, _ = keys(steps(*patient_keys(), ""), environ={"NO_COLOR": "1"})
    assert rendered == [CALM]


def test_the_keys_line_is_translated(keys, monkeypatch) -> None:
    """In the pseudo-locale the lines under each question (help, keys) are marked as translated too."""
    seen: list[str] = []
    original = TerminalPrompter.header

    def spy(self: TerminalPrompter, help_text: str, keys: str, problem: str | None) -> str:
        seen.extend(x for x in (help_text, keys, problem) if x)
        return original(self, help_text, keys, problem)

    monkeypatch.setattr(TerminalPrompter, "header", spy)
    typed = patient_keys()[1:] if ASKS_LANGUAGE else patient_keys()  # --lang answers the language
    keys(steps(*typed, ""), lang="en_XA")
    assert seen and [t for t in seen if "[" not in t] == []


# ---------------------------------------------------------------- tmux


class Terminal:
    """One tmux pane, 80 columns by 24 rows (or `columns` wide, `rows` high), running one careplan command."""

    def __init__(self, tmp_path: Path, *argv: str, env: dict[str, str] | None = None, columns: int = 80,
                 rows: int = 24) -> None:
        self.columns, self.rows = columns, rows
        self.socket = f"careplan-test-{os.getpid()}-{tmp_path.name}"
        self.work = tmp_path / "work"
        self.work.mkdir()
        self.status_file = tmp_path / "status"
        home = tmp_path / "home"
        home.mkdir()
        environment = {
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "LANG": "en_GB.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "tmux-256color", "PYTHONUTF8": "1",
            **(env or {}),
        }
        command = " ".join([sys.executable, "-m", "careplan", "--date", DATE, *argv])
        script = f"{command}; echo $? > {self.status_file}; sleep 60"
        exports = [f"{k}={_quote(v)}" for k, v in environment.items()]
        self._tmux("new-session", "-d", "-s", "main", "-x", str(columns), "-y", str(rows), "-c", str(self.work),
                   f"env -i {' '.join(exports)} sh -c {_quote(script)}")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run([TMUX, "-u", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=10)
        return done.stdout

    def screen(self, *, escapes: bool = False, joined: bool = False) -> str:
        """The visible screen; joined puts lines the terminal wrapped back together."""
        return self._tmux("capture-pane", "-p", *(["-e"] if escapes else []), *(["-J"] if joined else []),
                          "-t", "main")

    def wait_for(self, text: str, timeout: float = 15) -> str:
        """Wait until the text is on screen (the program has drawn that prompt and is waiting)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"never saw {text!r}; the screen was:\n{self.screen()}")

    def answer(self, prompt: str, *keys: str) -> str:
        """Wait for a prompt, check the screen fits 80x24 (or the narrower width), then type the keys."""
        screen = self.wait_for(prompt)
        lines = screen.split("\n")
        assert len(lines) <= self.rows + 1 and all(len(line) <= self.columns for line in lines), screen
        if keys:
            self._tmux("send-keys", "-t", "main", *keys)
        return screen

    def exit_status(self, timeout: float = 20) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.status_file.exists() and self.status_file.read_text().strip():
                return int(self.status_file.read_text())
            time.sleep(0.05)
        raise AssertionError(f"careplan did not finish; the screen was:\n{self.screen()}")

    def close(self) -> None:
        self._tmux("kill-server")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"


@pytest.fixture
def terminal(tmp_path: Path):
    opened: list[Terminal] = []

    def start(*argv: str, env: dict[str, str] | None = None, columns: int = 80, rows: int = 24) -> Terminal:
        t = Terminal(tmp_path, *argv, env=env, columns=columns, rows=rows)
        opened.append(t)
        return t

    yield start
    for t in opened:
        t.close()


def _language(t: Terminal) -> None:
    """The language question appears when there is more than one language to choose."""
    from careplan import i18n

    if len([loc for loc in i18n.available_locales() if loc != i18n.PSEUDO_LOCALE]) > 1:
        t.answer("Which language would you like?", "Enter")


@needs_tmux
def test_sciatica_by_keyboard_writes_the_handout(terminal, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from careplan.contract import answers as answers_mod

    t = terminal("--save-answers", "answers.yaml")
    _language(t)
    t.answer("Which country are you in?", "Enter")  # United Kingdom, from en_GB
    t.answer("How old are you?", "46", "Enter")
    t.answer("Where does it hurt?", "Down", "Down", "Space", "Enter")
    # the warning signs come third, straight after age and where it hurts
    signs = t.answer("Do you have any of these right now?", "Space", "Enter")
    assert "How long have you had this pain?" not in signs and "? Where does it hurt? Lower back" in signs
    t.answer("How long have you had this pain?", "Down", "Enter")
    t.answer("How did the pain start?", "Down", "Enter")
    t.answer("Did something bring it on?", "Enter")
    t.answer("Do you have any of these with your pain?", "Down", "Space", "Down", "Space", "Enter")
    t.answer("How bad is the pain right now", "7", "Enter")
    t.answer("How active are you on most days?", "Enter")
    t.answer("What do you do on most days?", "Down", "Space", "Enter")
    t.answer("Are you pregnant?", "Enter")
    t.answer("Is any of this true for you?", "Space", "Enter")
    summary = t.answer("Is everything right?", "Enter")
    assert "Your handout will be saved as: careplan-2026-11-22.pdf" in summary
    assert t.exit_status() == 0

    pdf = t.work / "careplan-2026-11-22.pdf"
    lines = [line for line in t.screen(joined=True).splitlines() if line.strip()]
    start = max(i for i, line in enumerate(lines) if line.split(" ")[0] == "Saved")
    # the closing message: the full path, wrapped at a space, never inside a word or the path
    assert " ".join(lines[start:]) == (f"Saved {pdf}. Advice: Book a doctor's appointment within a week. "
                                       "To read or print it, open the file in a PDF viewer (double-click it "
                                       "in your file manager), then choose Print.")
    assert any(str(pdf) in line for line in lines[start:])
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Book a doctor" in " ".join(text.split())
    saved = answers_mod.load(t.work / "answers.yaml")
    assert (saved.age, saved.locations, saved.radiation, saved.intensity) == (
        46, ("lower_back",), ("buttock_or_thigh", "below_knee"), 7)
    assert sorted(p.name for p in t.work.iterdir()) == ["answers.yaml", "careplan-2026-11-22.pdf"]


@needs_tmux
def test_ctrl_c_exits_130_writes_nothing_and_no_colour(terminal) -> None:
    t = terminal("--save-answers", "answers.yaml", env={"NO_COLOR": "1"})
    _language(t)
    t.answer("Which country are you in?", "Enter")
    t.answer("How old are you?", "30", "Enter")
    t.answer("Where does it hurt?")
    codes = {int(c) for params in re.findall(r"\x1b\[([0-9;]*)m", t.screen(escapes=True))
             for c in params.split(";") if c}
    colours = {c for c in codes if 30 <= c <= 38 or 40 <= c <= 48 or 90 <= c <= 107}
    assert colours == set(), codes  # bold and reverse only; 39 and 49 are "default colour"
    t.answer("Where does it hurt?", "C-c")
    assert t.exit_status() == 130
    assert "interrupted" in t.screen()
    assert list(t.work.iterdir()) == []


@needs_tmux
def test_esc_goes_back_and_everything_fits_40_columns(terminal) -> None:
    """At 40 columns questions, help and choices wrap (nothing cut off); Esc goes back one question."""
    from careplan.contract import answers as answers_mod

    t = terminal("--save-answers", "answers.yaml", columns=40)
    _language(t)
    t.answer("Which country are you in?", "Enter")
    t.answer("How old are you?", "46", "Enter")
    t.answer("Where does it hurt?", "Down", "Down", "Space", "Enter")
    signs = t.answer("Do you have any of these right now?", "Escape")
    # wrapped at a space, the rest of the line under the first word, the key on the help line
    assert "   ○ Numbness or tingling around your\n     genitals, bottom or inner thighs" in signs
    # the list is longer than 24 rows: the keys line says so (a warning sign below must not be missed)
    assert "Not every line fits on the screen:\n  move down to see them all. Esc: back\n  one question." in signs
    # back to where it hurts, the lower back still ticked; then back again to the age, 46 kept
    where = t.answer("Where does it hurt?", "Escape")
    assert "● Lower back" in where and "○ Neck" in where
    age = t.answer("How old are you?", "BSpace", "BSpace", "3", "0", "Enter")
    assert "> 46" in age
    t.answer("Where does it hurt?", "Enter")
    t.answer("Do you have any of these right now?", "Space", "Enter")
    t.answer("How long have you had this pain?", "Down", "Enter")
    t.answer("How did the pain start?", "Down", "Enter")
    t.answer("Did something bring it on?", "Enter")
    t.answer("Do you have any of these with your", "Space", "Enter")
    intensity = t.answer("How bad is the pain right now, from 0", "5", "Enter")
    assert "? How bad is the pain right now, from 0\n  to 10?" in intensity  # the question wraps too
    t.answer("How active are you on most days?", "Enter")
    t.answer("What do you do on most days?", "Down", "Space", "Enter")
    t.answer("Are you pregnant?", "Enter")
    t.answer("Is any of this true for you?", "Space", "Enter")
    summary = t.answer("Is everything right?", "Enter")
    assert "  Your handout will be saved as:\n  careplan-2026-11-22.pdf\n" in summary
    assert t.exit_status() == 0
    lines = t.screen().splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert str(t.work / "careplan-2026-11-22.pdf") in " ".join(t.screen(joined=True).split())
    saved = answers_mod.load(t.work / "answers.yaml")
    assert (saved.age, saved.locations, saved.red_flags, saved.intensity) == (30, ("lower_back",), (), 5)


@needs_tmux
def test_on_a_tiny_terminal_the_warning_signs_list_says_it_goes_on(terminal) -> None:
    """40 by 12: prompt_toolkit crops the lines above the list (the word under the question is
    lost) and three of the thirteen warning signs show; the list's own first line says more
    lines follow, and the signs are still all there to tick, the last one too."""
    t = terminal("--region", "GB", columns=40, rows=12)
    t.answer("Which language would you like?", "Enter")
    t.answer("How old are you?", "44", "Enter")
    t.answer("Where does it hurt?", "Down", "Down", "Space", "Enter")
    signs = t.answer("Do you have any of these right now?", "Up")  # up from the first line: the last one
    assert "More lines below: move down to see\n   them all.\n » ○ None of these" in signs
    last = t.wait_for("» ○ If pregnant:")
    assert "None of these" not in last  # scrolled to the end of the list


@needs_tmux
def test_clinician_fast_path_by_keyboard_at_40_columns(terminal, tmp_path: Path) -> None:
    """With the clinic remembered: 12 prompts, the warning signs on their own screen, never pre-ticked; a
    list longer than the screen says so under the question."""
    from careplan.contract import answers as answers_mod
    from careplan.contract import clinic_config

    config = tmp_path / "config"
    clinic_config.save(config / "careplan" / "clinic.yaml",
                       clinic_config.ClinicDefaults("Riverside Practice", "", "Dr J. Okafor", 14, "en", "GB"))
    t = terminal("--clinician", "--save-answers", "answers.yaml", env={"XDG_CONFIG_HOME": str(config)}, columns=40)
    first = t.answer("What is the patient's name?", "A", "n", "n", "a", "Enter")
    assert "The saved clinic settings are used." in first and "Dr J. Okafor" in first
    t.answer("How old is the patient?", "3", "5", "Enter")
    t.answer("Where does the patient have pain?", "Down", "Down", "Space", "Enter")
    t.wait_for("Pain, numbness or weakness in both")  # the whole screen drawn
    signs = t.answer("Does the patient have any of these", "Space", "Enter")
    assert "●" not in signs and "Not every line fits on the screen:\n  move down to see them all." in signs
    # and the list itself says so, above its first line: on a shorter terminal the lines above it are cropped
    assert "More lines below: move down to see\n   them all.\n » ○ None of these" in signs
    t.answer("How long has the patient had this", "Enter")
    t.answer("How did the patient's pain start?", "Enter")
    t.answer("Did something bring on the patient's", "Enter")
    t.wait_for("Has osteoporosis (thin, weak")  # the whole screen drawn
    merged = t.answer("Is any of this true for the patient?", "Down", "Down", "Space", "Enter")
    assert "●" not in merged and "○ Has had back or neck pain before" in merged
    t.answer("How bad is the patient's pain right", "5", "Enter")
    t.answer("How active is the patient on most", "Enter")
    t.answer("What does the patient do on most", "Down", "Space", "Enter")
    t.answer("Is everything right?", "Enter")
    assert t.exit_status() == 0
    saved = answers_mod.load(t.work / "answers.yaml")
    assert (saved.patient_name, saved.age, saved.radiation, saved.conditions, saved.pregnancy, saved.clinic.name) == (
        "Anna", 35, ("below_knee",), (), "none", "Riverside Practice")

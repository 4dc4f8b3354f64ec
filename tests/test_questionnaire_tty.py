"""End to end in a real terminal: `careplan` under tmux at 80x24, answered with keystrokes.

This is the only test that sees what a person sees: the real entry point,
a real pseudo-terminal, real key presses, and the PDF it writes. It runs on
its own tmux server (-L) so it never touches anyone's sessions, with a
temporary HOME, XDG_CONFIG_HOME and working folder. CI installs tmux; the
test is skipped only where tmux is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

DATE = "2026-11-22"


class Terminal:
    """One tmux pane, 80 columns by 24 rows (or `columns` wide), running one careplan command."""

    def __init__(self, tmp_path: Path, *argv: str, env: dict[str, str] | None = None, columns: int = 80) -> None:
        self.columns = columns
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
        self._tmux("new-session", "-d", "-s", "main", "-x", str(columns), "-y", "24", "-c", str(self.work),
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
        assert len(lines) <= 25 and all(len(line) <= self.columns for line in lines), screen
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

    def start(*argv: str, env: dict[str, str] | None = None, columns: int = 80) -> Terminal:
        t = Terminal(tmp_path, *argv, env=env, columns=columns)
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
    assert "Esc: back one question." in signs
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

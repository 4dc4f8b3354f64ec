"""The interactive questionnaire, driven through prompt_toolkit pipe input with DummyOutput.

Every branch of the flow: the common path, the emergency stop, pregnancy
shown and hidden, a child, changing an answer at the summary, Ctrl-C and
Ctrl-D, answers files (--ask-missing, --save-answers), clinician mode and
the remembered clinic file. Plus questions.yaml validation. The renderer is
replaced by a stub that records the answers, except in one test that checks
a real PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("questionary")
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from careplan import cli, i18n
from careplan.contract import answers as answers_mod
from careplan.contract import clinic_config
from careplan.contract.answers import Answers, Clinic
from careplan.delivery import deliver
from careplan.errors import CareplanError
from careplan.planning.triage import triage
from careplan.questionnaire import flow as questionnaire
from careplan.questionnaire import questions

from .conftest import EXAMPLES

DOWN, UP, ENTER, SPACE = "\x1b[B", "\x1b[A", "\r", " "
CTRL_C, CTRL_D, CLEAR = "\x03", "\x04", "\x15"  # Ctrl-U clears a typed default
DATE = dt.date(2026, 11, 22)
LANGUAGES = [loc for loc in i18n.available_locales() if loc != i18n.PSEUDO_LOCALE]
ASKS_LANGUAGE = len(LANGUAGES) > 1
OFFSET = 1 if ASKS_LANGUAGE else 0  # the language question comes first when there is a choice


def steps(*keys: str) -> str:
    """One answer per item: the keys typed, then Enter."""
    return "".join(k + ENTER for k in keys)


def patient(age: int = 42, *, locations: str = DOWN * 2 + SPACE, duration: str = "", onset: str = "",
            cause: str = DOWN * 2, radiation: str = SPACE, intensity: str = "6", activity: str = DOWN,
            daily: str = DOWN + SPACE + DOWN + SPACE, pregnancy: str = "", pelvic: str = "",
            conditions: str | None = SPACE, red_flags: str | None = SPACE, language: str = "",
            region: str = "") -> list[str]:
    """The keys for each question a patient of this age is asked, in order (None: stop before).
    Warning signs come third, right after age and where it hurts."""
    out = [language] if ASKS_LANGUAGE else []
    out += [region, str(age), locations]
    if red_flags is None:
        return out
    out += [red_flags, duration, onset, cause, radiation, intensity, activity]
    if age >= 16:
        out.append(daily)
    if 12 <= age <= 55:
        out.append(pregnancy)
        if pregnancy:
            out.append(pelvic)
    if conditions is not None:
        out.append(conditions)
    return out


CALM = Answers(age=42, locations=("lower_back",), duration="under_1_week", onset="sudden",
               cause="awkward_movement", intensity=6, activity="moderate",
               daily_activities=("desk_work", "driving"), language="en", region="GB")


class Interrupted(Exception):
    """The flow raised KeyboardInterrupt (Ctrl-C, Ctrl-D, or the keys ran out)."""


@dataclass
class Run:
    status: int | None = None
    out: str = ""
    err: str = ""
    prompts: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    rendered: list[tuple[Path, Answers]] = field(default_factory=list)
    cwd: str = ""

    @property
    def asked(self) -> list[str]:
        return [text for text, _ in self.prompts]

    @property
    def answers(self) -> Answers:
        assert len(self.rendered) == 1, self.rendered
        return self.rendered[0][1]

    def choices_of(self, text: str) -> list[str]:
        return [label for _, label in next(c for t, c in self.prompts if t == text)]

    @property
    def closing(self) -> str:
        """The end message ("Saved /full/path ... Advice: ... To read or print it ..."), lines joined again."""
        lines = self.out.rstrip("\n").splitlines()
        start = max((i for i, line in enumerate(lines) if line.split(" ")[0] == "Saved"), default=len(lines) - 1)
        return " ".join(lines[start:])

    @property
    def last_line(self) -> str:
        """The closing message's first sentence ("Saved ... Advice: ..."), the working folder left out."""
        saved = self.closing.split(" To read or print it")[0]
        return saved.replace(self.cwd + "/", "", 1)


@pytest.fixture
def drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """drive(keys, *argv, env=..., real_render=False) runs the questionnaire on those keystrokes."""
    monkeypatch.chdir(tmp_path)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    run = Run(cwd=str(Path.cwd()))

    def fake_render(args: Any, answers: Answers) -> tuple[Path, Any]:
        path = Path(args.output)
        path.write_bytes(b"%PDF-1.4 stub")
        run.rendered.append((path, answers))
        return path, SimpleNamespace(level=triage(answers).level, region=getattr(args, "region", None) or "GB", reader=())

    def record(name: str) -> None:
        original = getattr(questionnaire.Prompter, name)

        def wrapper(self: Any, text: str, help_text: str, *rest: Any, **kw: Any) -> Any:
            choices = list(rest[0]) if name in ("select", "checkbox") else []
            run.prompts.append((text, choices))
            return original(self, text, help_text, *rest, **kw)

        monkeypatch.setattr(questionnaire.Prompter, name, wrapper)

    for name in ("select", "checkbox", "text"):
        record(name)

    def go(keys: str | list[str], *argv: str, env: dict[str, str] | None = None,
           real_render: bool = False) -> Run:
        if not real_render:
            monkeypatch.setattr(deliver, "render_to_file", fake_render)
        text = keys if isinstance(keys, str) else steps(*keys)
        args = cli.build_parser().parse_args(["--date", DATE.isoformat(), *argv])
        out, err = io.StringIO(), io.StringIO()
        with create_pipe_input() as pipe:
            pipe.send_text(text)
            pipe.close()  # when the keys run out, the prompt sees the end of input (like Ctrl-D)
            try:
                run.status = questionnaire.run_questionnaire(
                    args, out, err, input=pipe, output=DummyOutput(),
                    env={"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path), **(env or {})})
            except KeyboardInterrupt:
                # pytest would stop the whole session on a stray KeyboardInterrupt
                raise Interrupted(f"interrupted after: {run.asked}") from None
            finally:
                run.out, run.err = out.getvalue(), err.getvalue()
        return run

    return go


# ---------------------------------------------------------------- the common path


def test_calm_patient(drive, tmp_path: Path) -> None:
    run = drive(patient() + [""])  # "" at the summary: make my handout
    assert run.status == 0
    assert run.answers == CALM
    assert "Your answers:" in run.out
    assert "? How old are you? 42" in run.out
    assert run.last_line == "Saved careplan-2026-11-22.pdf. Advice: You can look after this at home."
    assert (tmp_path / "careplan-2026-11-22.pdf").exists()


def test_end_message_gives_the_full_path_and_how_to_print(drive, tmp_path: Path) -> None:
    run = drive(patient() + [""])
    assert run.closing == (f"Saved {Path.cwd() / 'careplan-2026-11-22.pdf'}. Advice: You can look after this at "
                           "home. To read or print it, open the file in a PDF viewer (double-click it in your "
                           "file manager), then choose Print.")
    assert any(str(Path.cwd() / "careplan-2026-11-22.pdf") in line for line in run.out.splitlines())  # never split


def test_open_hands_the_file_to_the_viewer(drive, monkeypatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(questionnaire.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kw: started.append(argv))
    run = drive(patient() + [""], "--open", env={"DISPLAY": ":0"})
    assert started == [["/usr/bin/xdg-open", str(Path.cwd() / "careplan-2026-11-22.pdf")]]
    assert run.status == 0 and "no PDF viewer" not in run.out


@pytest.mark.parametrize("display, which", [(None, "/usr/bin/xdg-open"), (":0", None)])
def test_open_without_a_viewer_is_a_note_not_a_failure(drive, monkeypatch, display, which) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(questionnaire.shutil, "which", lambda name: which)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **kw: pytest.fail("nothing to start"))
    run = drive(patient() + [""], "--open", env={"DISPLAY": display} if display else {})
    assert run.status == 0
    assert run.out.splitlines()[-1] == "There is no PDF viewer to open it with here, so it was not opened."
    assert run.rendered


def test_open_with_an_answers_file(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", "h.pdf", "--open"],
                    stdout=out, stderr=err) == 0
    assert out.getvalue() == "h.pdf\n"
    assert err.getvalue().endswith("there is no PDF viewer to open the handout with here, so it was not opened\n")


def test_common_path_is_at_most_15_prompts(drive) -> None:
    """A typical adult, asked the language and pregnancy questions: 14 questions and the summary."""
    run = drive(patient() + [""])
    assert len(run.asked) <= 15, run.asked
    assert run.asked[-1] == "Is everything right?"


def test_every_prompt_is_translated(drive, monkeypatch) -> None:
    """Run in the pseudo-locale: every question, help, label and message is marked, none is raw English."""
    seen: list[str] = []
    original = questionnaire.Prompter._header

    def spy(self: Any, help_text: str, keys: str, problem: str | None) -> str:
        seen.extend(x for x in (help_text, keys, problem) if x)
        return original(self, help_text, keys, problem)

    monkeypatch.setattr(questionnaire.Prompter, "_header", spy)
    keys = patient() + [""]
    if ASKS_LANGUAGE:
        keys = keys[1:]  # --lang skips the language question
    run = drive(keys, "--lang", "en_XA")
    texts = run.asked + seen + [label for _, choices in run.prompts for _, label in choices]
    assert [t for t in texts if "[" not in t] == []  # the pseudo-locale brackets every translated string
    assert "Saved" not in run.out and "Advice" not in run.out  # the closing message is translated too


def test_language_choice_switches_the_language(drive) -> None:
    if not ASKS_LANGUAGE or "es" not in LANGUAGES:
        pytest.skip("needs a Spanish catalog")
    run = drive(patient(language=DOWN * LANGUAGES.index("es")) + [""])
    assert run.answers.language == "es"
    assert "Reino Unido (GB)" in run.out  # the country named in Spanish after the switch


def test_lang_option_skips_the_language_question(drive) -> None:
    keys = patient()[1:] if ASKS_LANGUAGE else patient()
    run = drive(keys + [""], "--lang", "en")
    assert "Which language would you like?" not in run.asked
    assert run.answers.language == "en"


def test_region_default_comes_from_the_locale_and_can_be_typed(drive, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "en_DE.UTF-8")  # English in Germany: the same whatever catalogs exist
    # Up from the first line reaches "Another country"; a wrong code is asked again
    keys = patient(region=UP)
    keys.insert(keys.index(UP) + 1, "zz" + ENTER + CLEAR + "ng")
    run = drive(keys + [""])
    assert run.choices_of("Which country are you in?")[0] == "Germany (DE)"
    assert run.answers.region == "NG"
    assert "Nigeria (NG)" in run.out


def test_no_country_known_means_enter_asks_for_a_code(drive, monkeypatch) -> None:
    """Under LANG=C nothing is guessed: the first line of the country list asks
    for a code, so pressing Enter never picks a country (and its number)."""
    monkeypatch.setenv("LANG", "C")
    keys = patient()
    keys.insert(keys.index("", OFFSET) + 1, "jp")  # Enter on the first line, then type JP
    run = drive(keys + [""])
    assert run.choices_of("Which country are you in?")[0] == "Another country: type its two-letter code"
    assert run.answers.region == "JP"


def test_region_option_skips_the_region_question(drive) -> None:
    keys = patient()
    keys.pop(1 if ASKS_LANGUAGE else 0)
    run = drive(keys + [""], "--region", "us")
    assert "Which country are you in?" not in run.asked
    assert run.answers.region == "US"


# ---------------------------------------------------------------- emergency


def test_major_injury_stops_at_once_and_writes_the_emergency_sheet(drive, tmp_path: Path) -> None:
    keys = patient(cause=DOWN * 6)  # a serious accident
    keys = keys[: keys.index(DOWN * 6) + 1]
    run = drive(keys, "--save-answers", "answers.yaml")
    assert run.status == 0
    assert run.asked[-1] == "Did something bring it on?"  # nothing asked after the cause
    assert "Call 999 now" in run.out
    assert "Pain that started with a serious injury" in run.out
    assert "Your answers:" not in run.out  # no summary: straight to the sheet
    assert run.answers.cause == "major_injury" and triage(run.answers).level == "emergency"
    assert run.last_line == "Saved careplan-2026-11-22.pdf. Advice: Call 999 now."
    assert not (tmp_path / "answers.yaml").exists()  # activity was never asked: no made-up answers file
    assert "not saved" in run.out


def region_keys(code: str, default: str = "GB") -> str:
    """Arrow keys to a region in the list: the default first, then the others by English name."""
    from careplan.content import loading as content_mod

    listed = [c for c, r in content_mod.load().regions.items() if r.listed and c != default]
    names = sorted(listed, key=lambda c: i18n.translator("en").region_name(c).casefold())
    return DOWN * (1 + names.index(code))


def test_red_flag_emergency_uses_the_regions_number(drive, tmp_path: Path) -> None:
    run = drive(patient(region=region_keys("US"), red_flags=DOWN + SPACE), "--save-answers", "answers.yaml")
    assert run.answers.region == "US" and run.answers.red_flags == ("saddle_numbness",)
    assert "Call 911 now" in run.out
    assert run.last_line.endswith("Advice: Call 911 now.")
    # the warning signs come third: nothing after them is asked, so no made-up answers file
    assert run.asked[-3:] == ["How old are you?", "Where does it hurt?", "Do you have any of these right now?"]
    assert not (tmp_path / "answers.yaml").exists()


def test_neck_fall_at_70_stops_after_the_cause(drive) -> None:
    keys = patient(70, locations=SPACE, cause=DOWN * 5)  # neck, a small fall
    keys = keys[: keys.index(DOWN * 5) + 1]
    run = drive(keys)
    assert run.asked[-1] == "Did something bring it on?"
    assert triage(run.answers).reasons == ("neck_fall_age_65_or_over",)


def test_cancer_with_tingling_stops_at_the_conditions(drive) -> None:
    keys = patient(radiation=DOWN * 4 + SPACE, conditions=DOWN * 4 + SPACE)
    run = drive(keys)
    assert run.asked[-1] == "Is any of this true for you?" and "Is everything right?" not in run.asked
    assert "cancer_history_with_nerve_symptoms" in triage(run.answers).reasons


def test_neck_warning_signs_only_with_neck_pain(drive) -> None:
    neck = drive(patient(locations=SPACE) + [""])
    signs = neck.choices_of("Do you have any of these right now?")
    assert any(s.startswith("Double vision") for s in signs)
    assert any(s.startswith("Clumsy hands") for s in signs)
    assert signs[0] == "None of these" and signs[1].startswith("Numbness or tingling around")


def test_lower_back_has_no_neck_warning_signs(drive) -> None:
    run = drive(patient() + [""])
    signs = run.choices_of("Do you have any of these right now?")
    assert not any(s.startswith(("Double vision", "Clumsy hands", "Heavy bleeding")) for s in signs)


# ---------------------------------------------------------------- pregnancy, children


@pytest.mark.parametrize("age,shown", [(11, False), (12, True), (55, True), (56, False)])
def test_pregnancy_is_asked_from_12_to_55(drive, age: int, shown: bool) -> None:
    run = drive(patient(age) + [""])
    assert ("Are you pregnant?" in run.asked) is shown
    assert run.answers.pregnancy == "none"


def test_pregnancy_warning_signs_are_asked_before_pregnancy_itself(drive) -> None:
    """Asked third, before the pregnancy question, so shown by age: "If pregnant: ..."."""
    keys = patient(31, red_flags=DOWN * 7 + SPACE)  # heavy bleeding
    run = drive(keys)
    signs = run.choices_of("Do you have any of these right now?")
    assert signs[7].startswith("If pregnant: heavy bleeding")
    assert any(s.startswith("If pregnant: pain passing urine") for s in signs)
    assert "Are you pregnant?" not in run.asked  # the emergency stops the questions at once
    assert run.answers.red_flags == ("pregnancy_bleeding_or_severe_belly_pain",)
    assert "Call 999 now" in run.out


def test_no_pregnancy_warning_signs_at_70(drive) -> None:
    run = drive(patient(70) + [""])
    assert not any(s.startswith("If pregnant") for s in run.choices_of("Do you have any of these right now?"))


def test_pregnancy_default_is_no(drive) -> None:
    run = drive(patient(31) + [""])
    assert run.choices_of("Are you pregnant?")[0] == "No, or this does not apply to me"
    assert run.answers.pregnancy == "none"


def test_child_skips_daily_activities_and_pregnancy(drive) -> None:
    run = drive(patient(8) + [""])
    assert "What do you do on most days?" not in run.asked
    assert "Are you pregnant?" not in run.asked
    assert run.answers.age == 8 and run.answers.daily_activities == ()
    assert run.last_line.endswith("Advice: Book a doctor's appointment within a week.")


def test_child_under_5_is_urgent(drive) -> None:
    run = drive(patient(4) + [""])
    assert run.last_line.endswith("Advice: See a doctor today.")


# ---------------------------------------------------------------- summary and change


def _change(row: int) -> str:
    """At the summary: "Change an answer", then the row-th answer."""
    return DOWN + ENTER + DOWN * row + ENTER


def test_change_age_at_the_summary_clears_pregnancy(drive) -> None:
    age_row = 1 + OFFSET
    keys = steps(*patient(31, pregnancy=DOWN)) + _change(age_row) + steps(CLEAR + "60", "")
    run = drive(keys)
    assert run.answers.age == 60 and run.answers.pregnancy == "none"
    assert "Are you pregnant?" not in run.out.split("Your answers:")[-1]


def test_change_age_at_the_summary_asks_pregnancy_now(drive) -> None:
    age_row = 1 + OFFSET
    # 30: the pregnancy warning signs are new lines, so the signs are asked again, then pregnancy
    keys = steps(*patient(70)) + _change(age_row) + steps(CLEAR + "30", "", DOWN * 2, "", "")
    run = drive(keys)
    assert run.asked.count("Are you pregnant?") == 1
    assert run.asked.count("Do you have any of these right now?") == 2
    assert run.answers.age == 30 and run.answers.pregnancy == "second_trimester"
    assert run.answers.daily_activities == ("desk_work", "driving")


def test_change_warning_signs_at_the_summary_can_become_an_emergency(drive) -> None:
    rows = patient().index(SPACE, OFFSET + 3)  # the warning signs' row: the fourth answer after the language
    keys = steps(*patient()) + _change(rows) + steps(SPACE + DOWN + SPACE)  # untick None, tick the first sign
    run = drive(keys)
    assert run.answers.red_flags == ("saddle_numbness",)
    assert "Call 999 now" in run.out
    assert run.asked[-1] == "Do you have any of these right now?"


def test_changing_to_neck_pain_asks_the_neck_warning_signs(drive) -> None:
    """Safety: a change that brings new warning signs into play asks them; none may go unseen."""
    where_row = 2 + OFFSET
    keys = steps(*patient()) + _change(where_row) + steps(SPACE + DOWN * 2 + SPACE, "", "")
    run = drive(keys)
    assert run.answers.locations == ("neck",)
    signs = [choices for text, choices in run.prompts if text == "Do you have any of these right now?"]
    assert len(signs) == 2
    assert not any("Clumsy hands" in label for _, label in signs[0])
    assert any("Clumsy hands" in label for _, label in signs[1])


ESC = "\x1b"  # goes back one question


def tick(question: str, *values: str, **answers: Any) -> str:
    """The keys that tick these lines of a checkbox, found by value (none: "None of these"),
    among the lines shown for these answers (the pointer starts on the first line)."""
    q = next(q for q in questions.load() if q.id == question)
    shown = [c for c in q.choices if not c.when or questionnaire.holds(c.when, answers, False)]
    keys, at = "", 0
    for i, c in enumerate(shown):
        if ("none" if c.none else c.value or c.flag) in values:
            keys += DOWN * (i - at) + SPACE
            at = i
    return keys


def test_esc_goes_back_one_question_keeping_the_answer(drive) -> None:
    keys = patient()
    where = keys.index(DOWN * 2 + SPACE)
    # Esc at "Where does it hurt?": age again, its 42 kept (Enter alone); Esc at the warning signs:
    # where it hurts again, the lower back still ticked (Enter alone)
    keys[where] = ESC + ENTER + tick("locations", "lower_back")
    keys[where + 1] = ESC + ENTER + keys[where + 1]
    run = drive(keys + [""])
    assert run.answers == CALM
    assert run.asked.count("How old are you?") == 2 and run.asked.count("Where does it hurt?") == 3


def test_esc_on_the_first_question_stays_there(drive) -> None:
    keys = patient()
    keys[0] = ESC + keys[0]
    assert drive(keys + [""]).answers == CALM


def test_going_back_to_neck_pain_asks_the_neck_warning_signs(drive) -> None:
    """Safety: back from the warning signs to where it hurts, add the neck: the signs come again, with the neck's."""
    keys = patient()
    where = keys.index(DOWN * 2 + SPACE)
    signs = keys[where + 1]
    keys[where + 1] = ESC + tick("locations", "neck") + ENTER + signs
    run = drive(keys + [""])
    assert run.answers.locations == ("neck", "lower_back")
    asked = [choices for text, choices in run.prompts if text == "Do you have any of these right now?"]
    assert not any("Clumsy hands" in label for _, label in asked[0])
    assert any("Clumsy hands" in label for _, label in asked[1])
    assert run.answers.red_flags == ()


def test_going_back_to_a_lower_age_drops_pregnancy(drive) -> None:
    keys = patient(31, pregnancy=DOWN)
    age = keys.index("31")
    back = len(keys) - 1 - age  # Esc at the last question (conditions), back question by question to the age
    # then Enter keeps each earlier answer; the conditions were never answered
    after = ["" for _ in patient(60)[age + 1:-1]]
    run = drive(keys[:-1] + [ESC * back + CLEAR + "60"] + after + [SPACE, ""])
    assert run.answers.age == 60 and run.answers.pregnancy == "none"
    assert run.answers.daily_activities == ("desk_work", "driving") and run.answers.intensity == 6
    assert "Are you pregnant?" not in run.out.split("Your answers:")[-1]


def test_esc_at_the_summary_asks_the_last_answer_again(drive) -> None:
    run = drive(steps(*patient()) + ESC + ENTER + ENTER)
    assert run.asked[-3:] == ["Is everything right?", "Is any of this true for you?", "Is everything right?"]
    assert run.answers == CALM


def test_esc_in_the_change_list_and_the_file_name_changes_nothing(drive) -> None:
    keys = steps(*patient()) + DOWN + ENTER + ESC + DOWN * 2 + ENTER + ESC + ENTER
    run = drive(keys)
    assert run.answers == CALM and run.rendered[0][0].name == "careplan-2026-11-22.pdf"


def test_go_back_from_the_change_list(drive) -> None:
    keys = steps(*patient()) + DOWN + ENTER + UP + ENTER + ENTER  # Change an answer, Go back, Make
    run = drive(keys)
    assert run.answers == CALM


def test_save_under_another_name(drive, tmp_path: Path) -> None:
    keys = steps(*patient()) + DOWN * 2 + ENTER + steps(CLEAR + "my plan", "")
    run = drive(keys)
    assert run.rendered[0][0] == Path("my plan.pdf")
    assert (tmp_path / "my plan.pdf").exists()
    assert run.last_line.startswith("Saved my plan.pdf.")
    assert any(str(Path.cwd() / "my plan.pdf") in line for line in run.out.splitlines())  # a path with a space, whole


def test_another_name_is_shown_once_and_updated(drive, monkeypatch) -> None:
    helps: list[str] = []
    original = questionnaire.Prompter._header

    def spy(self: Any, help_text: str, keys: str, problem: str | None) -> str:
        helps.append(help_text)
        return original(self, help_text, keys, problem)

    monkeypatch.setattr(questionnaire.Prompter, "_header", spy)
    another = DOWN * 2 + ENTER
    run = drive(steps(*patient()) + another + steps(CLEAR + "one") + another + steps(CLEAR + "two", ""))
    assert run.rendered[0][0] == Path("two.pdf")
    assert "will be saved as" not in run.out  # under the question, which is redrawn, never printed again
    summaries = [h for h in helps if h.startswith("Your handout will be saved as:")]
    assert summaries == ["Your handout will be saved as: careplan-2026-11-22.pdf",
                         "Your handout will be saved as: one.pdf", "Your handout will be saved as: two.pdf"]


def test_output_option_is_used_without_asking(drive, tmp_path: Path) -> None:
    run = drive(patient() + [""], "-o", "out.pdf")
    assert run.choices_of("Is everything right?") == ["Make my handout", "Change an answer"]
    assert (tmp_path / "out.pdf").exists()


# ---------------------------------------------------------------- checks on answers


def test_wrong_answers_are_asked_again(drive) -> None:
    keys = patient(age=42)
    i = keys.index("42")
    keys[i] = "forty" + ENTER + CLEAR + "200" + ENTER + CLEAR + "42"
    keys[i + 1] = "" + ENTER + DOWN * 2 + SPACE  # nothing ticked: asked again
    keys[-1] = SPACE + DOWN + SPACE + ENTER + DOWN + SPACE  # None and a sign: asked again, untick the sign
    run = drive(keys + [""])
    assert run.answers == CALM
    assert run.asked.count("How old are you?") == 1  # the same prompt, shown again with the problem


def test_problem_is_shown_under_the_question(monkeypatch) -> None:
    p = questionnaire.Prompter(i18n.translator("en"))
    header = p._header("Type your age in whole years.", "Type your answer, then press Enter.",
                       "Please type a whole number from 1 to 120.")
    assert header.splitlines()[-1] == "  ! Please type a whole number from 1 to 120."


# ---------------------------------------------------------------- interrupts


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("answered", [0, 1 + OFFSET, 2 + OFFSET], ids=["select", "text", "checkbox"])
def test_interrupt_anywhere_writes_nothing(drive, tmp_path: Path, key: str, answered: int) -> None:
    with pytest.raises(Interrupted):
        drive(steps(*patient()[:answered]) + key, "--save-answers", "answers.yaml")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_in_the_clinic_questions_remembers_nothing(drive, tmp_path: Path) -> None:
    keys = patient()
    keys.insert(1 + OFFSET, "Anna K.")
    with pytest.raises(Interrupted):
        drive(steps(*keys, "Riverside") + CTRL_D, "--clinician")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_d_with_text_typed_still_stops(drive, tmp_path: Path) -> None:
    with pytest.raises(Interrupted):
        drive(steps(*patient()[: 1 + OFFSET]) + "4" + CTRL_D)
    assert list(tmp_path.iterdir()) == []


def test_interrupt_at_the_summary_writes_nothing(drive, tmp_path: Path) -> None:
    with pytest.raises(Interrupted):
        drive(steps(*patient()) + CTRL_C, "--save-answers", "answers.yaml")
    assert list(tmp_path.iterdir()) == []


def test_end_of_input_is_an_interrupt(drive) -> None:
    with pytest.raises(Interrupted):
        drive(steps(*patient()[:3]))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_main_exits_130_on_ctrl_c(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    real = questionnaire.run_questionnaire

    def on_pipe(args: Any, out: Any, err: Any) -> int:
        with create_pipe_input() as pipe:
            pipe.send_text(ENTER + CTRL_D)
            pipe.close()
            return real(args, out, err, input=pipe, output=DummyOutput())

    monkeypatch.setattr(questionnaire, "run_questionnaire", on_pipe)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main([], stdin=_Terminal(), stdout=out, stderr=err) == 130
    assert "interrupted" in err.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_no_terminal_for_missing_answers_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    partial = tmp_path / "partial.yaml"
    partial.write_text("version: 1\nage: 40\nlocations: [neck]\n")
    args = cli.build_parser().parse_args(["--answers", str(partial), "--ask-missing"])
    with pytest.raises(CareplanError) as info:
        questionnaire.run_questionnaire(args, io.StringIO(), io.StringIO())
    assert "duration" in str(info.value) and "no terminal" in str(info.value)


# ---------------------------------------------------------------- answers files


def test_save_answers_writes_the_contract_format(drive, tmp_path: Path) -> None:
    run = drive(patient() + [""], "--save-answers", "answers.yaml")
    saved = answers_mod.load(tmp_path / "answers.yaml")
    assert saved == run.answers == CALM
    assert "patient_name" not in (tmp_path / "answers.yaml").read_text()
    lines = run.out.splitlines()
    saved = next(i for i, line in enumerate(lines) if line.split(" ")[0] == "Saved")
    assert lines.index("Answers saved as answers.yaml") == saved - 1


def test_ask_missing_asks_only_what_the_file_leaves_out(drive) -> None:
    # acute-lumbago.yaml has no spreading, pregnancy, conditions or warning signs
    run = drive(steps(SPACE, SPACE, "", SPACE, ""), "--answers", str(EXAMPLES / "acute-lumbago.yaml"),
                "--ask-missing")
    assert run.asked == ["Do you have any of these right now?", "Do you have any of these with your pain?",
                         "Are you pregnant?", "Is any of this true for you?", "Is everything right?"]
    assert run.answers == answers_mod.load(EXAMPLES / "acute-lumbago.yaml")
    assert run.answers.patient_name == "Sam Taylor"


def test_ask_missing_shows_only_the_missing_lines_of_a_question(drive) -> None:
    # sciatica.yaml gives radiation and first_episode, not numbness, stiffness or conditions
    keys = [""] * OFFSET + [SPACE, DOWN * 4, SPACE, "", SPACE, ""]  # warning signs, cause, spreading, ...
    run = drive(steps(*keys), "--answers", str(EXAMPLES / "sciatica.yaml"), "--ask-missing")
    assert run.choices_of("Do you have any of these with your pain?") == [
        "None of these", "Numbness or tingling in a leg or an arm",
        "Stiffness for more than 30 minutes after you get up, that eases as you move"]
    assert "I have had back or neck pain before" not in run.choices_of("Is any of this true for you?")
    assert run.answers.radiation == ("buttock_or_thigh", "below_knee")
    assert run.answers.first_episode is True


def test_ask_missing_with_a_complete_file_asks_nothing(drive) -> None:
    full = answers_mod.load(EXAMPLES / "pregnancy-28-weeks.yaml").replace(
        cause="none_known", intensity=3, red_flags=(), numbness_or_tingling=False)
    path = Path("full.yaml")
    path.write_text("version: 1\nage: 31\nlocations: [lower_back]\nduration: 1_to_6_weeks\nonset: gradual\n"
                    "cause: none_known\nradiation: []\nnumbness_or_tingling: false\nintensity: 3\n"
                    "activity: moderate\ndaily_activities: [standing_long, carrying_children]\n"
                    "first_episode: true\nmorning_stiffness: false\npregnancy: third_trimester\n"
                    "pelvic_girdle_pain: false\n"
                    "conditions: []\nred_flags: []\nregion: ES\nlanguage: es\n")
    run = drive("", "--answers", "full.yaml", "--ask-missing")
    assert run.asked == []
    assert run.answers == full


def test_ask_missing_rejects_a_bad_file_naming_the_field(drive, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nage: 200\n")
    with pytest.raises(CareplanError) as info:
        drive("", "--answers", str(bad), "--ask-missing")
    assert "bad.yaml" in str(info.value) and "'age'" in str(info.value)


def test_ask_missing_file_already_an_emergency(drive) -> None:
    run = drive("", "--answers", str(EXAMPLES / "cauda-equina-signs.yaml"), "--ask-missing")
    assert run.asked == []
    assert "Call 112 now" in run.out  # region DE


# ---------------------------------------------------------------- clinician mode


def _clinician_keys(name: str, clinic: list[str]) -> str:
    keys = patient()
    keys.insert(1 + OFFSET, name)
    return steps(*keys, *clinic, "")


def test_clinician_mode_asks_and_remembers_the_clinic(drive, tmp_path: Path) -> None:
    clinic = ["Riverside Practice", "+44 20 7946 0000", "Dr J. Okafor", "14", "Walk 10 minutes twice a day."]
    run = drive(_clinician_keys("Anna K.", clinic), "--clinician", "--save-answers", "answers.yaml")
    expected = Clinic("Riverside Practice", "+44 20 7946 0000", "Dr J. Okafor", DATE + dt.timedelta(days=14),
                      "Walk 10 minutes twice a day.")
    assert run.answers.clinic == expected and run.answers.patient_name == "Anna K."
    assert answers_mod.load(tmp_path / "answers.yaml").patient_name == "Anna K."
    remembered, problem = clinic_config.load(tmp_path / "config" / "careplan" / "clinic.yaml")
    assert problem is None
    assert remembered == clinic_config.ClinicDefaults("Riverside Practice", "+44 20 7946 0000", "Dr J. Okafor", 14)
    assert "Walk" not in (tmp_path / "config" / "careplan" / "clinic.yaml").read_text()


def test_a_follow_up_date_in_the_past_is_asked_again(drive, monkeypatch) -> None:
    shown: list[str] = []
    original = questionnaire.Prompter._header

    def spy(self: Any, help_text: str, keys: str, problem: str | None) -> str:
        shown.extend(x for x in (help_text, problem) if x)
        return original(self, help_text, keys, problem)

    monkeypatch.setattr(questionnaire.Prompter, "_header", spy)
    past = (DATE - dt.timedelta(days=21)).isoformat()
    later = (DATE + dt.timedelta(days=7)).isoformat()
    clinic = ["Riverside Practice", "", "", past + ENTER + CLEAR + later, ""]
    run = drive(_clinician_keys("Anna K.", clinic), "--clinician")
    assert run.answers.clinic.follow_up == DATE + dt.timedelta(days=7)
    example = "06/12/2026"  # 14 days on, as en_GB writes it in short
    assert f"That date has passed. Type a date from today on, such as {example}." in shown
    assert f"Type a date such as {example}, or a number of days from today. Leave it empty for none." in shown


@pytest.mark.parametrize("lang, typed", [
    ("en_GB", "06/12/2026"),  # the reader's locale: day first in the United Kingdom
    ("en_GB", "6/12/26"),
    ("en_GB", "2026-12-06"),  # ISO, whatever the locale
    ("en_GB", "14"),  # days from today
    ("en_US", "12/6/2026"),  # month first in the United States (the region follows the locale)
])
def test_follow_up_date_in_the_locales_format_iso_or_days(drive, monkeypatch, lang: str, typed: str) -> None:
    monkeypatch.setenv("LANG", lang + ".UTF-8")
    run = drive(_clinician_keys("", ["", "", "", typed, ""]), "--clinician")
    assert run.answers.clinic.follow_up == dt.date(2026, 12, 6)


def test_a_prefilled_date_is_shown_one_way_and_read_back(drive, tmp_path: Path, monkeypatch) -> None:
    clinic_config.save(tmp_path / "config" / "careplan" / "clinic.yaml",
                       clinic_config.ClinicDefaults("Riverside Practice", "", "", 14))
    defaults: dict[str, str] = {}
    original = questionnaire.Prompter.text

    def spy(self: Any, text: str, help_text: str, default: str, *rest: Any) -> str:
        defaults[text] = default
        return original(self, text, help_text, default, *rest)

    monkeypatch.setattr(questionnaire.Prompter, "text", spy)
    run = drive(_clinician_keys("", ["", "", "", "", ""]), "--clinician")
    assert defaults["When is the follow-up appointment?"] == "06/12/2026"
    assert run.answers.clinic.follow_up == dt.date(2026, 12, 6)


def test_clinician_mode_offers_the_remembered_clinic(drive, tmp_path: Path) -> None:
    path = tmp_path / "config" / "careplan" / "clinic.yaml"
    clinic_config.save(path, clinic_config.ClinicDefaults("Riverside Practice", "0000", "Dr Okafor", 7))
    run = drive(_clinician_keys("", ["", "", "", "", ""]), "--clinician")
    assert run.answers.clinic == Clinic("Riverside Practice", "0000", "Dr Okafor", DATE + dt.timedelta(days=7))
    assert run.answers.patient_name is None


def test_broken_clinic_file_is_reported_and_not_used(drive, tmp_path: Path) -> None:
    path = tmp_path / "config" / "careplan" / "clinic.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("name: [oops\n")
    run = drive(_clinician_keys("", ["Clinic", "", "", "", ""]), "--clinician")
    assert "clinic.yaml" in run.err
    assert run.answers.clinic == Clinic(name="Clinic")


def test_patient_mode_never_asks_clinic_questions(drive) -> None:
    run = drive(patient() + [""])
    assert not any("clinic" in text.lower() or "patient's name" in text for text in run.asked)


def test_clinic_config_path_follows_xdg() -> None:
    assert clinic_config.config_path({"XDG_CONFIG_HOME": "/x", "HOME": "/h"}) == Path("/x/careplan/clinic.yaml")
    assert clinic_config.config_path({"HOME": "/h"}) == Path("/h/.config/careplan/clinic.yaml")
    assert clinic_config.config_path({"XDG_CONFIG_HOME": "rel", "HOME": "/h"}) == Path("/h/.config/careplan/clinic.yaml")


def test_clinic_config_round_trip_and_bad_keys(tmp_path: Path) -> None:
    path = tmp_path / "c" / "clinic.yaml"
    value = clinic_config.ClinicDefaults("Ärzte & Co", "+49 30 123", "Dr. Weiß", 21)
    clinic_config.save(path, value)
    assert clinic_config.load(path) == (value, None)
    assert path.read_text().startswith("# careplan remembers")
    path.write_text("name: X\npatient: Y\n")
    defaults, problem = clinic_config.load(path)
    assert defaults == clinic_config.ClinicDefaults() and "patient" in (problem or "")


# ---------------------------------------------------------------- the real handout


def test_real_handout_is_written(drive, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    run = drive(patient(46, radiation=DOWN + SPACE + DOWN + SPACE) + [""], "-o", "sciatica.pdf",
                real_render=True)
    assert run.status == 0
    assert run.last_line == "Saved sciatica.pdf. Advice: Book a doctor's appointment within a week."
    reader = pypdf.PdfReader(tmp_path / "sciatica.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Book a doctor" in text and len(reader.pages) >= 1


@pytest.mark.parametrize("loc, asked, saved, handout", [
    ("ru", "Сколько вам лет?", "Сохранено", "Ваш план при боли в спине"),
    ("es", "¿Cuántos años tiene?", "Guardado", "Su plan para el dolor de espalda"),
])
def test_whole_questionnaire_in_russian_and_spanish(drive, tmp_path: Path, loc, asked, saved, handout) -> None:
    """Chosen at the first question, the language carries through every screen and into the PDF."""
    pypdf = pytest.importorskip("pypdf")
    if loc not in LANGUAGES:
        pytest.fail(f"the {loc} catalog is missing")
    run = drive(patient(language=DOWN * LANGUAGES.index(loc)) + [""], "-o", "h.pdf", real_render=True)
    assert run.status == 0
    assert f"? {asked} 42" in run.out
    assert f"\n{saved}" in run.out
    assert "How old" not in run.out and "Saved" not in run.out
    reader = pypdf.PdfReader(tmp_path / "h.pdf")
    assert reader.trailer["/Root"]["/Lang"] == loc
    assert handout in " ".join(page.extract_text() for page in reader.pages)


# ---------------------------------------------------------------- no colour, lazy imports


def test_no_color_means_no_colour(drive) -> None:
    p = questionnaire.Prompter(i18n.translator("en"), no_color=True)
    assert not any("fg:" in style or "bg:" in style for _, style in p._style().style_rules)
    from prompt_toolkit.output import ColorDepth

    assert p._kwargs()["color_depth"] == ColorDepth.DEPTH_1_BIT
    coloured = questionnaire.Prompter(i18n.translator("en"))
    assert "color_depth" not in coloured._kwargs()
    run = drive(patient() + [""], env={"NO_COLOR": "1"})
    assert run.answers == CALM


def test_questionary_is_imported_only_when_asking() -> None:
    code = ("import sys, careplan.cli, careplan.questionnaire.flow, careplan.questionnaire.questions, careplan.contract.clinic_config;"
            "careplan.questionnaire.questions.load();"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('questionary', 'prompt_toolkit')];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- questions.yaml


def test_questions_file_speaks_the_contract() -> None:
    qs = questions.load()
    asked = [f for q in qs for f in q.fields]
    assert len(asked) == len(set(asked))
    for f in ("age", "locations", "duration", "onset", "activity", "red_flags", "pregnancy", "conditions",
              "radiation", "numbness_or_tingling", "first_episode", "morning_stiffness", "intensity", "cause",
              "daily_activities", "language", "region"):
        assert f in asked, f
    red_flags = next(q for q in qs if q.id == "red_flags")
    assert red_flags.choices[0].none  # "None of these" first, then the emergency signs
    order = [c.value for c in red_flags.choices[1:]]
    from careplan.planning.triage import EMERGENCY_FLAGS

    assert set(order[: len(EMERGENCY_FLAGS)]) == set(EMERGENCY_FLAGS)


def test_questions_and_labels_are_short() -> None:
    """A question fits on one line of 80 columns; a label on at most two (longer ones wrap)."""
    for q in questions.load():
        assert len(q.text) <= 60, q.text
        assert len(q.help) <= 150, q.help
        for c in q.choices:
            assert len(c.label) <= 90, c.label


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "questions.yaml"
    base = textwrap.dedent("""\
        questions:
          - id: age
            type: number
            text: How old are you?
          - id: locations
            type: checkbox
            text: Where?
            choices:
              - {value: neck, label: Neck}
              - {value: upper_back, label: Upper back}
              - {value: lower_back, label: Lower back}
          - id: duration
            type: select
            text: How long?
            choices:
              - {value: under_1_week, label: a}
              - {value: 1_to_6_weeks, label: b}
              - {value: 6_to_12_weeks, label: c}
              - {value: over_12_weeks, label: d}
          - id: onset
            type: select
            text: How?
            choices:
              - {value: sudden, label: a}
              - {value: gradual, label: b}
          - id: activity
            type: select
            text: Active?
            choices:
              - {value: sedentary, label: a}
              - {value: moderate, label: b}
              - {value: active, label: c}
        """)
    path.write_text(base + textwrap.indent(textwrap.dedent(body), "  "))
    return path


def test_a_minimal_questions_file_loads(tmp_path: Path) -> None:
    qs = questions.load(_write(tmp_path, ""))
    assert [q.id for q in qs] == ["age", "locations", "duration", "onset", "activity"]


BAD_QUESTIONS = {
    "unknown key": ("""\
        - id: intensity
          type: number
          text: How bad?
          colour: red
        """, "line 36", "unknown key 'colour'"),
    "unknown field": ("""\
        - id: shoe_size
          type: number
          text: Shoe size?
        """, "line 33", "'shoe_size' is not an answers field"),
    "wrong type for the field": ("""\
        - id: intensity
          type: text
          text: How bad?
        """, "line 34", "needs the type number"),
    "unknown value": ("""\
        - id: pregnancy
          type: select
          text: Pregnant?
          choices:
            - {value: none, label: Not pregnant}
            - {value: maybe, label: Perhaps}
        """, "line 38", "'maybe' is not a value of 'pregnancy'"),
    "value missing": ("""\
        - id: pregnancy
          type: select
          text: Pregnant?
          choices:
            - {value: none, label: Not pregnant}
        """, "line 36", "missing: first_trimester"),
    "when tests a later question": ("""\
        - id: intensity
          type: number
          text: How bad?
          when: {pregnancy: [none]}
        """, "line 36", "'pregnancy' is not asked before this question"),
    "when with a bad value": ("""\
        - id: intensity
          type: number
          text: How bad?
          when: {locations: [knee]}
        """, "line 36", "'knee' is not allowed"),
    "asked twice": ("""\
        - id: age
          type: number
          text: Again?
        """, "line 33", "'age' is already asked on line 2"),
    "no text": ("""\
        - id: intensity
          type: number
          text: ""
        """, "line 35", "expected non-empty text"),
    "bad validate": ("""\
        - id: intensity
          type: number
          text: How bad?
          validate: {min: 0, max: 11}
        """, "line 36", "validate.max"),
}


@pytest.mark.parametrize("case", BAD_QUESTIONS, ids=list(BAD_QUESTIONS))
def test_bad_questions_file_names_file_line_and_field(tmp_path: Path, case: str) -> None:
    body, line, problem = BAD_QUESTIONS[case]
    path = _write(tmp_path, body)
    with pytest.raises(CareplanError) as info:
        questions.load(path)
    message = str(info.value)
    assert str(path) in message and line in message and problem in message, message


def test_a_required_question_cannot_have_a_condition(tmp_path: Path) -> None:
    path = _write(tmp_path, "")
    path.write_text(path.read_text().replace("    text: Active?\n", "    text: Active?\n    when: {age_min: 16}\n"))
    with pytest.raises(CareplanError, match="line 29: .*'activity' is required in every answers file"):
        questions.load(path)


def test_a_confirm_question_asks_yes_or_no(drive, tmp_path: Path, monkeypatch) -> None:
    """The shipped file asks yes/no fields as ticks; a content author may ask one as its own question."""
    path = _write(tmp_path, """\
        - id: first_episode
          type: confirm
          text: Is this the first time?
          default: true
        """)
    original = questions.load
    monkeypatch.setattr(questions, "load", lambda: original(path))
    run = drive(steps("42", SPACE, "", "", "", DOWN, ""))  # age, neck, <1 week, sudden, sedentary, No, make
    assert run.choices_of("Is this the first time?") == ["Yes", "No"]
    assert run.answers.first_episode is False
    assert "Is this the first time? No" in run.out


def test_missing_required_question_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text("questions:\n  - id: age\n    type: number\n    text: Age?\n")
    with pytest.raises(CareplanError, match="no question asks the required field"):
        questions.load(path)


@pytest.mark.parametrize("when,values,clinician,expected", [
    ({"age_min": 12, "age_max": 55}, {"age": 12}, False, True),
    ({"age_min": 12, "age_max": 55}, {"age": 56}, False, False),
    ({"age_min": 12}, {}, False, False),  # not known yet: do not ask
    ({"locations": ("neck",)}, {"locations": ("neck", "lower_back")}, False, True),
    ({"locations": ("neck",)}, {"locations": ("lower_back",)}, False, False),
    ({"pregnancy": ("third_trimester",)}, {}, False, False),  # default none
    ({"first_episode": True}, {}, False, True),  # default true
    ({"clinician": True}, {}, True, True),
    ({"clinician": True}, {}, False, False),
])
def test_when_conditions(when, values, clinician, expected) -> None:
    assert questionnaire.holds(when, values, clinician) is expected

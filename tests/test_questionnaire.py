"""The questionnaire's logic, driven by a ScriptedPrompter: no terminal, no prompt_toolkit, answers by value.

Every branch of the flow: the common path, the emergency stop, pregnancy
shown and hidden, a child, changing an answer at the summary, going back,
Ctrl-C, answers files (--ask-missing, --save-answers), clinician mode and
the remembered clinic file. Plus questions.yaml validation and the one
condition engine. A script answers each prompt by its key (the question id)
and by value, so reordering questions or their lines breaks nothing. The
renderer is replaced by a stub that records the answers, except in the tests
that check a real PDF. Real keystrokes are in test_questionnaire_tty.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careplan.questionnaire
from careplan import cli, i18n
from careplan.content import conditions
from careplan.contract import answers as answers_mod
from careplan.contract import clinic_config
from careplan.contract.answers import Answers, Clinic
from careplan.delivery import deliver
from careplan.delivery.request import Request
from careplan.environment import Environment
from careplan.errors import CareplanError
from careplan.planning.triage import triage
from careplan.questionnaire import compact, questions, run_questionnaire
from careplan.questionnaire.asking import NONE, OTHER
from careplan.questionnaire.prompter import CHANGE, REGION_CODE, REVIEW, SAVE_AS, TerminalPrompter
from careplan.questionnaire.scripted import BACK, INTERRUPT, KEEP, ScriptedPrompter, ScriptError, turns
from careplan.questionnaire.session import Session

from .conftest import EXAMPLES

DATE = dt.date(2026, 11, 22)
LANGUAGES = [loc for loc in i18n.available_locales() if loc != i18n.PSEUDO_LOCALE]
ASKS_LANGUAGE = len(LANGUAGES) > 1
SIGNS = "red_flags"  # "Do you have any of these right now?"


def patient(age: Any = 42, **changes: Any) -> dict[str, Any]:
    """A script for the common path: a calm adult with lower back pain, changed where a test needs it.

    Answers for questions that are not asked (pregnancy at 70) are simply not used."""
    script: dict[str, Any] = {
        "language": KEEP, "region": KEEP, "age": str(age) if isinstance(age, int) else age,
        "locations": ["lower_back"], SIGNS: [NONE],
        "duration": "under_1_week", "onset": "sudden", "cause": "awkward_movement", "radiation": [NONE],
        "intensity": "6", "activity": "moderate", "daily_activities": ["desk_work", "driving"],
        "pregnancy": KEEP, "pelvic_girdle_pain": KEEP, "conditions": [NONE], REVIEW: "make",
    }
    script.update(changes)
    return script


def clinician(patient_name: str = "", **clinic: Any) -> dict[str, Any]:
    """The common path with the clinic questions (each kept as offered unless given)."""
    fields = {f"clinic.{k}": clinic.get(k, KEEP) for k in ("name", "phone", "clinician", "follow_up", "notes")}
    return patient(patient_name=patient_name, **fields)


CALM = Answers(age=42, locations=("lower_back",), duration="under_1_week", onset="sudden",
               cause="awkward_movement", intensity=6, activity="moderate",
               daily_activities=("desk_work", "driving"), language="en", region="GB")


@dataclass
class Run:
    status: int | None = None
    out: str = ""
    err: str = ""
    prompter: ScriptedPrompter = field(default_factory=lambda: ScriptedPrompter({}))
    rendered: list[tuple[Path, Answers]] = field(default_factory=list)
    cwd: str = ""

    @property
    def asked(self) -> list[str]:
        return self.prompter.asked

    def choices_of(self, key: str, which: int = -1) -> list[str]:
        return self.prompter.prompt(key, which).labels

    def offered(self, key: str, which: int = -1) -> list[str]:
        """The values a prompt offered (a checkbox's without their v:/f: prefix)."""
        return [v.partition(":")[2] or v for v, _ in self.prompter.prompt(key, which).choices]

    @property
    def answers(self) -> Answers:
        assert len(self.rendered) == 1, self.rendered
        return self.rendered[0][1]

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


def environment(tmp_path: Path, out: io.StringIO, err: io.StringIO, environ: dict[str, str] | None = None,
                **kw: Any) -> Environment:
    return Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ=dict(environ or {}), today=DATE,
                       stdin_isatty=True, stdout_isatty=False, terminal_width=80,
                       config_dir=tmp_path / "config" / "careplan", **kw)


@pytest.fixture
def drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """drive(script, environ=..., real_render=False, **request) runs the questionnaire on that script."""
    monkeypatch.chdir(tmp_path)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    runs: list[Run] = []

    def fake_render(request: Request, answers: Answers, content: Any) -> tuple[Path, Any]:
        assert request.output is not None
        path = Path(request.output)
        path.write_bytes(b"%PDF-1.4 stub")
        runs[-1].rendered.append((path, answers))
        return path, SimpleNamespace(level=triage(answers).level, region=request.region or "GB", reader=())

    def go(script: dict[str, Any], *, environ: dict[str, str] | None = None, real_render: bool = False,
           **options: Any) -> Run:
        if not real_render:
            monkeypatch.setattr(deliver, "render_to_file", fake_render)
        for key in ("output", "save_answers", "answers"):
            if options.get(key) is not None:
                options[key] = Path(options[key])
        request = Request(date=DATE, **options)
        out, err = io.StringIO(), io.StringIO()
        run = Run(cwd=str(Path.cwd()), prompter=ScriptedPrompter(script))
        runs.append(run)
        try:
            run.status = run_questionnaire(request, environment(tmp_path, out, err, environ), prompter=run.prompter)
        finally:
            run.out, run.err = out.getvalue(), err.getvalue()
        return run

    return go


# ---------------------------------------------------------------- the common path


def test_calm_patient(drive, tmp_path: Path) -> None:
    run = drive(patient())
    assert run.status == 0
    assert run.answers == CALM
    assert "Your answers:" in run.out
    assert "? How old are you? 42" in run.out
    assert run.last_line == "Saved careplan-2026-11-22.pdf. Advice: You can look after this at home."
    assert (tmp_path / "careplan-2026-11-22.pdf").exists()
    assert run.asked[-1] == REVIEW


def test_end_message_gives_the_full_path_and_how_to_print(drive) -> None:
    run = drive(patient())
    assert run.closing == (f"Saved {Path.cwd() / 'careplan-2026-11-22.pdf'}. Advice: You can look after this at "
                           "home. To read or print it, open the file in a PDF viewer (double-click it in your "
                           "file manager), then choose Print.")
    assert any(str(Path.cwd() / "careplan-2026-11-22.pdf") in line for line in run.out.splitlines())  # never split


def test_open_hands_the_file_to_the_viewer(drive, monkeypatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kw: started.append(argv))
    run = drive(patient(), open=True, environ={"DISPLAY": ":0"})
    assert started == [["/usr/bin/xdg-open", str(Path.cwd() / "careplan-2026-11-22.pdf")]]
    assert run.status == 0 and "no PDF viewer" not in run.out


def test_the_viewer_is_given_the_handout_s_whole_path(tmp_path, monkeypatch) -> None:
    """-o -x.pdf: the viewer must not take the file's name for one of its options."""
    from careplan.delivery.viewer import open_with_viewer

    started: list[list[str]] = []
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kw: started.append(argv))
    monkeypatch.chdir(tmp_path)
    assert open_with_viewer(Path("-x.pdf"), {"DISPLAY": ":0"})
    assert started == [["/usr/bin/xdg-open", str(tmp_path / "-x.pdf")]]


@pytest.mark.parametrize("display, which", [(None, "/usr/bin/xdg-open"), (":0", None)])
def test_open_without_a_viewer_is_a_note_not_a_failure(drive, monkeypatch, display, which) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(shutil, "which", lambda name: which)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **kw: pytest.fail("nothing to start"))
    run = drive(patient(), open=True, environ={"DISPLAY": display} if display else {})
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
    run = drive(patient())
    assert len(run.asked) <= 15, run.asked
    assert run.asked[-1] == REVIEW


def test_every_prompt_is_translated(drive) -> None:
    """Run in the pseudo-locale: every question, help, label and message is marked, none is raw English."""
    run = drive(patient(), lang="en_XA")
    assert "language" not in run.asked  # --lang answers it
    texts = [x for p in run.prompter.prompts for x in (p.text, p.help, *p.labels, *p.problems) if x]
    assert [t for t in texts if "[" not in t] == []  # the pseudo-locale brackets every translated string
    assert "Saved" not in run.out and "Advice" not in run.out  # the closing message is translated too


def test_language_choice_switches_the_language(drive) -> None:
    if not ASKS_LANGUAGE or "es" not in LANGUAGES:
        pytest.skip("needs a Spanish catalog")
    run = drive(patient(language="es"))
    assert run.answers.language == "es"
    assert "Reino Unido (GB)" in run.out  # the country named in Spanish after the switch


def test_lang_option_skips_the_language_question(drive) -> None:
    run = drive(patient(), lang="en")
    assert "language" not in run.asked
    assert run.answers.language == "en"


def test_region_default_comes_from_the_locale_and_can_be_typed(drive, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "en_DE.UTF-8")  # English in Germany: the same whatever catalogs exist
    run = drive(patient(region=OTHER, **{REGION_CODE: turns("zz", "ng")}))  # a wrong code is asked again
    assert run.choices_of("region")[0] == "Germany (DE)"
    code = run.prompter.prompt(REGION_CODE)
    assert code.problems == ["Type two letters, such as GB for the United Kingdom or DE for Germany."]
    assert code.hints == ["", "Nigeria (NG)"]  # what the typed code means, beside it
    assert run.answers.region == "NG"
    assert "Nigeria (NG)" in run.out


def test_no_country_known_means_enter_asks_for_a_code(drive, monkeypatch) -> None:
    """Under LANG=C nothing is guessed: the first line of the country list asks
    for a code, so pressing Enter never picks a country (and its number)."""
    monkeypatch.setenv("LANG", "C")
    run = drive(patient(region=KEEP, **{REGION_CODE: "jp"}))
    assert run.choices_of("region")[0] == "Another country: type its two-letter code"
    assert run.answers.region == "JP"


def test_esc_at_the_country_code_goes_back_to_the_list(drive) -> None:
    run = drive(patient(region=turns(OTHER, "US"), **{REGION_CODE: BACK}))
    assert run.asked[run.asked.index(REGION_CODE) + 1] == "region"
    assert run.answers.region == "US"


def test_region_option_skips_the_region_question(drive) -> None:
    run = drive(patient(), region="us")
    assert "region" not in run.asked
    assert run.answers.region == "US"


# ---------------------------------------------------------------- emergency


def test_major_injury_stops_at_once_and_writes_the_emergency_sheet(drive, tmp_path: Path) -> None:
    run = drive(patient(cause="major_injury"), save_answers="answers.yaml")
    assert run.status == 0
    assert run.asked[-1] == "cause"  # nothing asked after the cause
    assert "Call 999 now" in run.out
    assert "Pain that started with a serious injury" in run.out
    assert "Your answers:" not in run.out  # no summary: straight to the sheet
    assert run.answers.cause == "major_injury" and triage(run.answers).level == "emergency"
    assert run.last_line == "Saved careplan-2026-11-22.pdf. Advice: Call 999 now."
    assert not (tmp_path / "answers.yaml").exists()  # activity was never asked: no made-up answers file
    assert "not saved" in run.out


def test_red_flag_emergency_uses_the_regions_number(drive, tmp_path: Path) -> None:
    run = drive(patient(region="US", red_flags=["saddle_numbness"]), save_answers="answers.yaml")
    assert run.answers.region == "US" and run.answers.red_flags == ("saddle_numbness",)
    assert "Call 911 now" in run.out
    assert run.last_line.endswith("Advice: Call 911 now.")
    # the warning signs come third: nothing after them is asked, so no made-up answers file
    assert run.asked[-3:] == ["age", "locations", SIGNS]
    assert not (tmp_path / "answers.yaml").exists()


def test_neck_fall_at_70_stops_after_the_cause(drive) -> None:
    run = drive(patient(70, locations=["neck"], cause="minor_fall"))
    assert run.asked[-1] == "cause"
    assert triage(run.answers).reasons == ("neck_fall_age_65_or_over",)


def test_cancer_with_tingling_stops_at_the_conditions(drive) -> None:
    run = drive(patient(radiation=["numbness_or_tingling"], conditions=["cancer_history"]))
    assert run.asked[-1] == "conditions" and REVIEW not in run.asked
    assert "cancer_history_with_nerve_symptoms" in triage(run.answers).reasons


def test_neck_warning_signs_only_with_neck_pain(drive) -> None:
    neck = drive(patient(locations=["neck"]))
    assert {"neck_neuro", "hand_clumsiness_or_unsteady_walking"} <= set(neck.offered(SIGNS))
    # "None of these" first, then the signs that need the emergency number
    assert neck.offered(SIGNS)[:2] == [NONE, "saddle_numbness"]


def test_lower_back_has_no_neck_warning_signs(drive) -> None:
    run = drive(patient())
    assert not {"neck_neuro", "hand_clumsiness_or_unsteady_walking"} & set(run.offered(SIGNS))


# ---------------------------------------------------------------- pregnancy, children


PREGNANCY_SIGNS = {"pregnancy_bleeding_or_severe_belly_pain", "pregnancy_fever_contractions_or_fluid"}


@pytest.mark.parametrize("age,shown", [(11, False), (12, True), (55, True), (56, False)])
def test_pregnancy_is_asked_from_12_to_55(drive, age: int, shown: bool) -> None:
    run = drive(patient(age))
    assert ("pregnancy" in run.asked) is shown
    assert (set(run.offered(SIGNS)) >= PREGNANCY_SIGNS) is shown
    assert run.answers.pregnancy == "none"


def test_pregnancy_warning_signs_are_asked_before_pregnancy_itself(drive) -> None:
    """Asked third, before the pregnancy question, so shown by age: "If pregnant: ..."."""
    run = drive(patient(31, red_flags=["pregnancy_bleeding_or_severe_belly_pain"]))
    assert set(run.offered(SIGNS)) >= PREGNANCY_SIGNS
    assert any(label.startswith("If pregnant: heavy bleeding") for label in run.choices_of(SIGNS))
    assert "pregnancy" not in run.asked  # the emergency stops the questions at once
    assert run.answers.red_flags == ("pregnancy_bleeding_or_severe_belly_pain",)
    assert "Call 999 now" in run.out


def test_pregnancy_default_is_no(drive) -> None:
    run = drive(patient(31))
    assert run.prompter.prompt("pregnancy").default == "none"
    assert run.choices_of("pregnancy")[0] == "No, or this does not apply to me"
    assert run.answers.pregnancy == "none"


def test_pelvic_girdle_pain_is_asked_only_in_pregnancy(drive) -> None:
    assert "pelvic_girdle_pain" not in drive(patient(31)).asked
    run = drive(patient(31, pregnancy="third_trimester", pelvic_girdle_pain="yes"))
    assert run.answers.pelvic_girdle_pain is True


def test_child_skips_daily_activities_and_pregnancy(drive) -> None:
    run = drive(patient(8))
    assert "daily_activities" not in run.asked and "pregnancy" not in run.asked
    assert run.answers.age == 8 and run.answers.daily_activities == ()
    assert run.last_line.endswith("Advice: Book a doctor's appointment within a week.")


def test_child_under_5_is_urgent(drive) -> None:
    run = drive(patient(4))
    assert run.last_line.endswith("Advice: See a doctor today.")


# ---------------------------------------------------------------- summary and change


def test_change_age_at_the_summary_clears_pregnancy(drive) -> None:
    run = drive(patient(turns("31", "60"), pregnancy="first_trimester",
                        **{REVIEW: turns("change", "make"), CHANGE: "age"}))
    assert run.answers.age == 60 and run.answers.pregnancy == "none"
    assert "Are you pregnant?" not in run.out.split("Your answers:")[-1]


def test_change_age_at_the_summary_asks_pregnancy_now(drive) -> None:
    # at 30 the pregnancy warning signs are new lines, so the signs are asked again, then pregnancy
    run = drive(patient(turns("70", "30"), red_flags=turns([NONE], KEEP), pregnancy="second_trimester",
                        **{REVIEW: turns("change", "make"), CHANGE: "age"}))
    assert run.asked.count("pregnancy") == 1
    assert run.asked.count(SIGNS) == 2
    assert run.prompter.prompt(SIGNS).default == {NONE}  # the earlier "None of these" is shown ticked
    assert run.answers.age == 30 and run.answers.pregnancy == "second_trimester"
    assert run.answers.daily_activities == ("desk_work", "driving")


def test_change_warning_signs_at_the_summary_can_become_an_emergency(drive) -> None:
    run = drive(patient(red_flags=turns([NONE], ["saddle_numbness"]), **{REVIEW: "change", CHANGE: SIGNS}))
    assert run.answers.red_flags == ("saddle_numbness",)
    assert "Call 999 now" in run.out
    assert run.asked[-1] == SIGNS


def test_changing_to_neck_pain_asks_the_neck_warning_signs(drive) -> None:
    """Safety: a change that brings new warning signs into play asks them; none may go unseen."""
    run = drive(patient(locations=turns(["lower_back"], ["neck"]), red_flags=turns([NONE], KEEP),
                        **{REVIEW: turns("change", "make"), CHANGE: "locations"}))
    assert run.answers.locations == ("neck",)
    assert run.asked.count(SIGNS) == 2
    assert "hand_clumsiness_or_unsteady_walking" not in run.offered(SIGNS, 0)
    assert "hand_clumsiness_or_unsteady_walking" in run.offered(SIGNS, 1)


def test_change_list_shows_each_answer(drive) -> None:
    run = drive(patient(**{REVIEW: turns("change", "make"), CHANGE: "back"}))
    rows = run.choices_of(CHANGE)
    assert "How old are you? 42" in rows and rows[-1] == "Go back without changing anything"
    assert run.answers == CALM


def test_esc_goes_back_one_question_keeping_the_answer(drive) -> None:
    # Esc at where it hurts: the age again, its 42 kept; Esc at the warning signs: where it hurts
    # again, the lower back still ticked
    run = drive(patient(age=turns("42", KEEP), locations=turns(BACK, ["lower_back"], KEEP),
                        red_flags=turns(BACK, [NONE])))
    assert run.answers == CALM
    assert run.asked.count("age") == 2 and run.asked.count("locations") == 3
    assert run.prompter.prompt("age").default == "42"
    assert run.prompter.prompt("locations").default == {"v:lower_back"}


def test_esc_on_the_first_question_stays_there(drive) -> None:
    first = "language" if ASKS_LANGUAGE else "region"
    run = drive(patient(**{first: turns(BACK, KEEP)}))
    assert run.asked[:2] == [first, first]
    assert run.answers == CALM


def test_going_back_to_neck_pain_asks_the_neck_warning_signs(drive) -> None:
    """Safety: back from the warning signs to where it hurts, add the neck: the signs come again, with the neck's."""
    run = drive(patient(locations=turns(["lower_back"], ["neck", "lower_back"]), red_flags=turns(BACK, [NONE])))
    assert run.answers.locations == ("neck", "lower_back")
    assert "hand_clumsiness_or_unsteady_walking" not in run.offered(SIGNS, 0)
    assert "hand_clumsiness_or_unsteady_walking" in run.offered(SIGNS, 1)
    assert run.answers.red_flags == ()


def test_going_back_to_a_lower_age_drops_pregnancy(drive) -> None:
    script = patient(31, pregnancy="first_trimester", conditions=turns(BACK, [NONE]))
    # Esc at the conditions, then back question by question to the age; Enter keeps each earlier answer
    between = ["locations", SIGNS, "duration", "onset", "cause", "radiation", "intensity", "activity",
               "daily_activities", "pregnancy", "pelvic_girdle_pain"]
    for key in between:
        script[key] = turns(script[key], BACK, KEEP)
    script["age"] = turns("31", "60")
    run = drive(script)
    assert run.answers.age == 60 and run.answers.pregnancy == "none"
    assert run.answers.daily_activities == ("desk_work", "driving") and run.answers.intensity == 6
    assert "Are you pregnant?" not in run.out.split("Your answers:")[-1]


def test_esc_at_the_summary_asks_the_last_answer_again(drive) -> None:
    run = drive(patient(conditions=turns([NONE], KEEP), **{REVIEW: turns(BACK, "make")}))
    assert run.asked[-3:] == [REVIEW, "conditions", REVIEW]
    assert run.answers == CALM


def test_esc_in_the_change_list_and_the_file_name_changes_nothing(drive) -> None:
    run = drive(patient(**{REVIEW: turns("change", "path", "make"), CHANGE: BACK, SAVE_AS: BACK}))
    assert run.answers == CALM and run.rendered[0][0].name == "careplan-2026-11-22.pdf"


def test_save_under_another_name(drive, tmp_path: Path) -> None:
    run = drive(patient(**{REVIEW: turns("path", "make"), SAVE_AS: "my plan"}))
    assert run.prompter.prompt(SAVE_AS).default == ""  # what is typed is the whole name, never added to another
    assert run.prompter.prompt(SAVE_AS).help == (
        "Type a file name ending in .pdf, or press Enter to keep careplan-2026-11-22.pdf.")
    assert run.rendered[0][0] == Path("my plan.pdf")
    assert (tmp_path / "my plan.pdf").exists()
    assert run.last_line.startswith("Saved my plan.pdf.")
    assert any(str(Path.cwd() / "my plan.pdf") in line for line in run.out.splitlines())  # a path with a space, whole


def test_a_bad_file_name_is_asked_again(drive, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    run = drive(patient(**{REVIEW: turns("path", "make"), SAVE_AS: turns("folder", "nowhere/x", "ok")}),
                save_answers="answers.yaml")
    assert run.prompter.prompt(SAVE_AS).problems == [
        "That is a folder. Type a file name, such as handout.pdf.", "The folder nowhere does not exist."]
    assert run.rendered[0][0] == Path("ok.pdf")


def test_enter_in_the_empty_file_name_keeps_the_name_shown(drive, tmp_path: Path) -> None:
    run = drive(patient(**{REVIEW: turns("path", "make"), SAVE_AS: "  "}))
    assert run.prompter.prompt(SAVE_AS).problems == []
    assert run.rendered[0][0] == Path("careplan-2026-11-22.pdf")
    assert (tmp_path / "careplan-2026-11-22.pdf").exists()


def test_enter_in_the_file_name_still_never_replaces_another_run_s_handout(drive, tmp_path: Path,
                                                                          monkeypatch) -> None:
    """Enter keeps the default name as a default: claimed only when written, so a handout another
    run wrote there meanwhile stays, and this one takes the next free name (found in review:
    Enter made the name a typed one, which replaces)."""
    from careplan.questionnaire import output

    asked = output.ask_path

    def meanwhile(ctx: Any, current: Path) -> Path | None:
        chosen = asked(ctx, current)
        (tmp_path / "careplan-2026-11-22.pdf").write_bytes(b"another patient's handout")
        return chosen

    monkeypatch.setattr(output, "ask_path", meanwhile)
    run = drive(patient(**{REVIEW: turns("path", "make"), SAVE_AS: ""}), real_render=True)
    assert run.status == 0
    assert (tmp_path / "careplan-2026-11-22.pdf").read_bytes() == b"another patient's handout"
    assert (tmp_path / "careplan-2026-11-22-2.pdf").read_bytes().startswith(b"%PDF")


def test_another_name_is_shown_once_and_updated(drive) -> None:
    run = drive(patient(**{REVIEW: turns("path", "path", "make"), SAVE_AS: turns("one", "two")}))
    assert run.rendered[0][0] == Path("two.pdf")
    assert "will be saved as" not in run.out  # under the question, which is redrawn, never printed again
    assert [p.help for p in run.prompter.prompts if p.key == REVIEW] == [
        "Your handout will be saved as: careplan-2026-11-22.pdf",
        "Your handout will be saved as: one.pdf", "Your handout will be saved as: two.pdf"]


def test_output_option_is_used_without_asking(drive, tmp_path: Path) -> None:
    run = drive(patient(), output="out.pdf")
    assert run.choices_of(REVIEW) == ["Make my handout", "Change an answer"]
    assert (tmp_path / "out.pdf").exists()


# ---------------------------------------------------------------- checks on answers


def test_wrong_answers_are_asked_again(drive) -> None:
    run = drive(patient(age=turns("forty", "200", "42"), locations=turns([], ["lower_back"]),
                        conditions=turns([NONE, "first_episode"], [NONE])))
    assert run.answers == CALM
    assert run.asked.count("age") == 1  # the same prompt, shown again with the problem
    assert run.prompter.prompt("age").problems == ["Please type a whole number from 1 to 120."] * 2
    assert run.prompter.prompt("locations").problems == ["Tick at least one line."]
    assert run.prompter.prompt("conditions").problems == [
        "You ticked “None of these” and another line. Untick one of them."]


def test_a_script_must_fit_the_questions() -> None:
    """The scripted prompter refuses a value that is not on offer, so a test cannot pass by accident."""
    prompter = ScriptedPrompter({"locations": ["knee"]})
    with pytest.raises(ScriptError, match="does not offer 'knee'"):
        prompter.checkbox("locations", "Where?", "", [("v:neck", "Neck")], set(), lambda s: None)
    with pytest.raises(ScriptError, match="no answer scripted for 'age'"):
        prompter.text("age", "Age?", "", "", lambda s: None)


def test_problem_is_shown_under_the_question() -> None:
    p = TerminalPrompter(i18n.translator("en"))
    header = p.header("Type your age in whole years.", "Type your answer, then press Enter.",
                      "Please type a whole number from 1 to 120.")
    assert header.splitlines()[-1] == "  ! Please type a whole number from 1 to 120."
    assert "Esc: back one question." in header


# ---------------------------------------------------------------- interrupts


@pytest.mark.parametrize("key", ["region", "age", "locations", REVIEW])
def test_interrupt_anywhere_writes_nothing(drive, tmp_path: Path, key: str) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(patient(**{key: INTERRUPT}), save_answers="answers.yaml")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_in_the_clinic_questions_remembers_nothing(drive, tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(clinician("Anna K.", name="Riverside", phone=INTERRUPT), clinician=True)
    assert list(tmp_path.iterdir()) == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_main_exits_130_on_ctrl_c(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    real = careplan.questionnaire.run_questionnaire

    def scripted(request: Request, env: Environment, **kw: Any) -> int:
        return real(request, env, prompter=ScriptedPrompter(patient(language=INTERRUPT, region=INTERRUPT)))

    monkeypatch.setattr(careplan.questionnaire, "run_questionnaire", scripted)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main([], stdin=_Terminal(), stdout=out, stderr=err) == 130
    assert "interrupted" in err.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_no_terminal_for_missing_answers_is_a_clear_error(tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text("version: 1\nage: 40\nlocations: [neck]\n")
    env = environment(tmp_path, io.StringIO(), io.StringIO())
    env.stdin_isatty = False
    with pytest.raises(CareplanError) as info:
        run_questionnaire(Request(answers=partial, ask_missing=True), env)
    assert "duration" in str(info.value) and "no terminal" in str(info.value)


# ---------------------------------------------------------------- answers files


def test_save_answers_writes_the_contract_format(drive, tmp_path: Path) -> None:
    run = drive(patient(), save_answers="answers.yaml")
    saved = answers_mod.load(tmp_path / "answers.yaml")
    assert saved == run.answers == CALM
    assert "patient_name" not in (tmp_path / "answers.yaml").read_text()
    lines = run.out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split(" ")[0] == "Saved")
    assert lines.index("Answers saved as answers.yaml") == at - 1


def test_ask_missing_asks_only_what_the_file_leaves_out(drive) -> None:
    # acute-lumbago.yaml has no spreading, pregnancy, conditions or warning signs
    run = drive(patient(), answers=EXAMPLES / "acute-lumbago.yaml", ask_missing=True)
    assert run.asked == [SIGNS, "radiation", "pregnancy", "conditions", REVIEW]
    assert run.answers == answers_mod.load(EXAMPLES / "acute-lumbago.yaml")
    assert run.answers.patient_name == "Sam Taylor"


def test_ask_missing_shows_only_the_missing_lines_of_a_question(drive) -> None:
    # sciatica.yaml gives radiation and first_episode, not numbness, stiffness or conditions
    run = drive(patient(), answers=EXAMPLES / "sciatica.yaml", ask_missing=True)
    assert run.choices_of("radiation") == [
        "None of these", "Numbness or tingling in a leg or an arm",
        "Stiffness for more than 30 minutes after you get up, that eases as you move"]
    assert "first_episode" not in run.offered("conditions")
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
    run = drive({}, answers=path, ask_missing=True)
    assert run.asked == []
    assert run.answers == full


def test_ask_missing_rejects_a_bad_file_naming_the_field(drive, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nage: 200\n")
    with pytest.raises(CareplanError) as info:
        drive({}, answers=bad, ask_missing=True)
    assert "bad.yaml" in str(info.value) and "'age'" in str(info.value)


def test_ask_missing_file_already_an_emergency(drive) -> None:
    run = drive({}, answers=EXAMPLES / "cauda-equina-signs.yaml", ask_missing=True)
    assert run.asked == []
    assert "Call 112 now" in run.out  # region DE


# ---------------------------------------------------------------- clinician mode

CLINIC_FILE = Path("config", "careplan", "clinic.yaml")


def test_clinician_mode_asks_and_remembers_the_clinic(drive, tmp_path: Path) -> None:
    script = clinician("Anna K.", name="Riverside Practice", phone="+44 20 7946 0000", clinician="Dr J. Okafor",
                       follow_up="14", notes="Walk 10 minutes twice a day.")
    run = drive(script, clinician=True, save_answers="answers.yaml")
    expected = Clinic("Riverside Practice", "+44 20 7946 0000", "Dr J. Okafor", DATE + dt.timedelta(days=14),
                      "Walk 10 minutes twice a day.")
    assert run.answers.clinic == expected and run.answers.patient_name == "Anna K."
    assert answers_mod.load(tmp_path / "answers.yaml").patient_name == "Anna K."
    remembered, problem = clinic_config.load(tmp_path / CLINIC_FILE)
    assert problem is None
    assert remembered == clinic_config.ClinicDefaults("Riverside Practice", "+44 20 7946 0000", "Dr J. Okafor", 14,
                                                      "en", "GB")
    assert "Walk" not in (tmp_path / CLINIC_FILE).read_text()
    assert "Anna" not in (tmp_path / CLINIC_FILE).read_text()


def test_a_follow_up_date_in_the_past_is_asked_again(drive) -> None:
    past = (DATE - dt.timedelta(days=21)).isoformat()
    later = (DATE + dt.timedelta(days=7)).isoformat()
    run = drive(clinician(name="Riverside Practice", follow_up=turns(past, later)), clinician=True)
    assert run.answers.clinic.follow_up == DATE + dt.timedelta(days=7)
    example = "06/12/2026"  # 14 days on, as en_GB writes it in short
    prompt = run.prompter.prompt("clinic.follow_up")
    assert prompt.problems == [f"That date has passed. Type a date from today on, such as {example}."]
    assert prompt.help == f"Type a date such as {example}, or a number of days from today. Leave it empty for none."
    assert prompt.hints[-1] == "29 November 2026"  # the typed date in words, beside it


@pytest.mark.parametrize("lang, typed", [
    ("en_GB", "06/12/2026"),  # the reader's locale: day first in the United Kingdom
    ("en_GB", "6/12/26"),
    ("en_GB", "2026-12-06"),  # ISO, whatever the locale
    ("en_GB", "14"),  # days from today
    ("en_US", "12/6/2026"),  # month first in the United States (the region follows the locale)
])
def test_follow_up_date_in_the_locales_format_iso_or_days(drive, monkeypatch, lang: str, typed: str) -> None:
    monkeypatch.setenv("LANG", lang + ".UTF-8")
    run = drive(clinician(follow_up=typed), clinician=True)
    assert run.answers.clinic.follow_up == dt.date(2026, 12, 6)


def test_a_prefilled_date_is_shown_one_way_and_read_back(drive, tmp_path: Path) -> None:
    clinic_config.save(tmp_path / CLINIC_FILE, clinic_config.ClinicDefaults("Riverside Practice", "", "", 14))
    # the remembered clinic's follow-up is used without asking; changed at the summary, it is offered as typed
    run = drive({**clinician(), REVIEW: turns("change", "make"), CHANGE: "clinic.follow_up"}, clinician=True)
    assert run.prompter.prompt("clinic.follow_up").default == "06/12/2026"
    assert run.answers.clinic.follow_up == dt.date(2026, 12, 6)


def test_clinician_mode_offers_the_remembered_clinic(drive, tmp_path: Path) -> None:
    clinic_config.save(tmp_path / CLINIC_FILE, clinic_config.ClinicDefaults("Riverside Practice", "0000",
                                                                            "Dr Okafor", 7))
    run = drive(clinician(), clinician=True)
    assert run.answers.clinic == Clinic("Riverside Practice", "0000", "Dr Okafor", DATE + dt.timedelta(days=7))
    assert run.answers.patient_name is None


def test_broken_clinic_file_is_reported_and_not_used(drive, tmp_path: Path) -> None:
    path = tmp_path / CLINIC_FILE
    path.parent.mkdir(parents=True)
    path.write_text("name: [oops\n")
    run = drive(clinician(name="Clinic"), clinician=True)
    assert "clinic.yaml" in run.err
    assert run.answers.clinic == Clinic(name="Clinic")
    assert path.read_text() == "name: [oops\n"  # left for its owner to fix


def test_patient_mode_never_asks_clinic_questions(drive) -> None:
    run = drive(clinician())
    assert not any(key.startswith("clinic.") or key == "patient_name" for key in run.asked)


#: First- and second-person words: the patient's wording speaks as or to the patient.
PERSONAL = re.compile(r"\b([Yy]ou|[Yy]our|[Yy]ours|[Yy]ourself|[Mm]y|I|[Mm]e)\b")


def _shown_in_clinician_mode(q: questions.Question) -> bool:
    """Questions asked in both modes (the clinic questions are only ever asked of the clinician)."""
    return q.when.get("clinician") is not True


def test_clinician_mode_asks_every_question_in_the_clinicians_words(drive) -> None:
    """Every prompt speaks of "the patient", the choices too; the summary and its button as well."""
    script = {**clinician("Anna K."), "radiation": ["buttock_or_thigh", "morning_stiffness"], "region": OTHER,
              REGION_CODE: "gb"}
    run = drive(script, clinician=True)
    assert run.status == 0
    by_id = {q.id: q for q in compact.compact(questions.load())}
    shown = [p for p in run.prompter.prompts if p.key in by_id]
    assert {"age", "locations", SIGNS, "radiation", "activity"} <= {p.key for p in shown}
    for prompt in shown:
        q = by_id[prompt.key]
        assert prompt.text == q.text_for(True), prompt.key
        if "{" not in q.help:  # the follow-up date's help has the example date filled in
            assert prompt.help == q.help_for(True), prompt.key
        if q.choices:
            assert set(prompt.labels) <= {c.label_for(True) for c in q.choices}, prompt.key
        if _shown_in_clinician_mode(q):
            assert not PERSONAL.search(" ".join([prompt.text, prompt.help, *prompt.labels])), prompt
    assert run.prompter.prompt("age").text == "How old is the patient?"
    assert "Pain that spreads into the buttock or thigh" in run.choices_of("radiation")
    assert run.prompter.prompt(REGION_CODE).text == "What is the two-letter code of the patient's country?"
    review = run.prompter.prompt(REVIEW)
    assert review.labels[0] == "Make the handout" and "Make my handout" not in review.labels
    assert review.help.startswith("The handout will be saved as: ")
    assert "The patient's answers:" in run.out and "Your answers:" not in run.out
    assert "? How old is the patient? 42" in run.out
    assert run.answers.radiation == ("buttock_or_thigh",) and run.answers.morning_stiffness is True


def test_patient_mode_keeps_the_patients_words(drive) -> None:
    run = drive(patient(radiation=["buttock_or_thigh"]))
    by_id = {q.id: q for q in questions.load()}
    for prompt in run.prompter.prompts:
        if prompt.key in by_id:
            assert prompt.text == by_id[prompt.key].text, prompt.key
    assert run.prompter.prompt("age").text == "How old are you?"
    assert "Pain that spreads into your buttock or thigh" in run.choices_of("radiation")
    assert run.choices_of(REVIEW)[0] == "Make my handout"
    assert "Your answers:" in run.out and "the patient" not in run.out


@pytest.mark.parametrize("age", [9, 15])
def test_a_parent_answering_for_a_child_is_asked_about_the_patient(drive, age: int) -> None:
    """Once a child's age is given, the questions speak of "the patient", as to a clinician: a parent
    reading "Do you have any of these right now?" could answer for themselves and leave the child's
    warning sign unticked. What comes before the age stays in the patient's words."""
    run = drive(patient(age=age, daily_activities=KEEP))
    assert run.status == 0
    assert run.prompter.prompt("age").text == "How old are you?"
    assert "If you are answering for a child, type the child's age." in run.prompter.prompt("age").help
    assert f"? How old are you? {age}" in run.out  # echoed as it was asked, not as the next questions are
    assert run.prompter.prompt(SIGNS).text == "Does the patient have any of these right now?"
    assert "Numbness or tingling around the genitals, bottom or inner thighs" in run.choices_of(SIGNS)
    assert run.prompter.prompt("intensity").help == (
        "0 means no pain. 10 means the worst pain the patient can imagine.")
    by_id = {q.id: q for q in questions.load()}
    later = [p for p in run.prompter.prompts if p.key in by_id and p.key not in ("language", "region", "age")]
    assert later and all(p.text == by_id[p.key].text_for(True) for p in later)
    assert not any(PERSONAL.search(" ".join([p.text, *p.labels])) for p in later)


def test_a_child_s_age_given_at_the_summary_asks_again_about_the_patient(drive) -> None:
    """A parent who typed their own age answered "Do you have any of these right now?" for
    themselves; changing the age to the child's at the summary asks every such question again,
    about the patient, the warning signs with nothing ticked (before, the parent's answers stayed
    and the summary showed them under "Does the patient have...")."""
    run = drive(patient(age=turns("40", "10"), **{REVIEW: turns("change", "make"), CHANGE: "age"}))
    assert run.status == 0 and run.answers.age == 10
    first, again = run.prompter.prompt(SIGNS, 0), run.prompter.prompt(SIGNS)
    assert first.text == "Do you have any of these right now?"
    assert again.text == "Does the patient have any of these right now?" and again is not first
    assert not again.default  # nothing carried over from the answer about someone else
    after = run.asked[run.asked.index(CHANGE):]
    assert {"locations", SIGNS, "duration", "onset", "cause", "radiation", "intensity", "activity",
            "conditions"} <= set(after)
    assert "daily_activities" not in after and run.answers.daily_activities == ()  # 16 and over only
    summary = run.out.split("Your answers:")[-1]
    assert "Do you have" not in summary and "Does the patient have any of these right now? None of these" in summary


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.sampled_from([5, 11, 15, 16, 17, 40, 70]), then=st.sampled_from([5, 11, 15, 16, 17, 40, 70]))
def test_every_answer_kept_was_asked_about_the_person_the_age_says(drive, first: int, then: int) -> None:
    """Whatever age is typed first and whatever it is changed to at the summary, each question whose
    answer goes on the handout was last asked in the words for that age: about the patient for a
    child, about "you" from 16 (a parent's own answers never stand for a child's)."""
    run = drive(patient(age=turns(str(first), str(then)), **{REVIEW: turns("change", "make"), CHANGE: "age"}))
    assert run.status == 0 and run.answers.age == then
    child = then < 16
    for q in questions.load():
        if q.id in ("language", "region", "age") or q.id not in run.asked:
            continue  # the reader's choices, the age itself, or never asked (the clinic's questions)
        if not conditions.matches(run.answers, q.when):
            continue  # no longer applies (pregnancy at 70): not on the handout
        assert run.prompter.prompt(q.id).text == q.text_for(child), (q.id, first, then)


def test_a_child_s_questions_each_read_differently(drive) -> None:
    """In the third person two questions must not read the same (the summary and the list of answers
    to change would show two identical lines)."""
    run = drive(patient(age=10, **{REVIEW: turns("change", "make"), CHANGE: "back"}))
    rows = run.choices_of(CHANGE)
    questions = [row.rsplit("?", 1)[0] for row in rows if "?" in row]
    assert len(questions) == len(set(questions)), questions
    assert run.prompter.prompt("conditions").text == "Is any of this true about the patient's health?"


def test_an_adult_of_16_is_asked_in_their_own_words(drive) -> None:
    run = drive(patient(age=16))
    assert run.prompter.prompt(SIGNS).text == "Do you have any of these right now?"


def test_a_language_changed_at_the_summary_changes_the_whole_summary(drive) -> None:
    """The summary speaks one language: after the reader picks Spanish there, its heading, question
    and buttons are Spanish like the answers (before, they stayed English beside Spanish answers)."""
    run = drive(patient(language=turns(KEEP, "es"), **{REVIEW: turns("change", "make"), CHANGE: "language"}))
    assert run.status == 0 and run.answers.language == "es"
    first, last = run.prompter.prompt(REVIEW, 0), run.prompter.prompt(REVIEW)
    assert first.text == "Is everything right?" and first.labels[0] == "Make my handout"
    assert last.text != first.text and last.labels[0] != "Make my handout"
    assert last.labels[0] == i18n.translator("es").gettext("Make my handout")
    assert i18n.translator("es").gettext("Your answers:") in run.out.split("Is everything right?")[-1]


def test_clinician_mode_emergency_stop_speaks_to_the_clinician(drive) -> None:
    run = drive({**clinician(), "cause": "major_injury"}, clinician=True)
    assert "No more questions are needed." in run.out and "You do not need" not in run.out
    assert run.prompter.prompt("cause").text == "Did something bring on the patient's pain?"


def test_clinician_wording_in_the_other_languages(drive) -> None:
    run = drive({**clinician(), "language": "es"}, clinician=True)
    assert run.prompter.prompt("age").text == "¿Cuántos años tiene el paciente?"
    assert run.choices_of(REVIEW)[0] == "Crear la hoja"


def test_every_question_has_a_clinician_wording_where_the_patients_is_personal() -> None:
    """Each question asked in both modes speaks of the patient in clinician mode; so does every help
    line and label whose patient wording says you, your, I, me or my."""
    for q in questions.load():
        if not _shown_in_clinician_mode(q):
            assert not q.clinician_text and not q.clinician_help
            continue
        assert q.clinician_text and q.clinician_text != q.text, q.id
        for patient_words, clinician_words in [(q.text, q.text_for(True)), (q.help, q.help_for(True)),
                                               *((c.label, c.label_for(True)) for c in q.choices)]:
            assert not PERSONAL.search(clinician_words), (q.id, clinician_words)
            if PERSONAL.search(patient_words):
                assert clinician_words != patient_words, (q.id, patient_words)


def test_clinic_config_lives_in_the_environments_config_folder(monkeypatch) -> None:
    monkeypatch.setenv("HOME", "/h")
    config = clinic_config.config_path
    assert config(Environment(environ={"XDG_CONFIG_HOME": "/x"}).config_dir) == Path("/x/careplan/clinic.yaml")
    assert config(Environment(environ={}).config_dir) == Path("/h/.config/careplan/clinic.yaml")
    assert config(Environment(environ={"XDG_CONFIG_HOME": "rel"}).config_dir) == Path("/h/.config/careplan/clinic.yaml")


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
    run = drive(patient(46, radiation=["buttock_or_thigh", "below_knee"]), output="sciatica.pdf", real_render=True)
    assert run.status == 0
    assert run.last_line == "Saved sciatica.pdf. Advice: Book a doctor's appointment within a week."
    reader = pypdf.PdfReader(tmp_path / "sciatica.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Book a doctor" in text and len(reader.pages) >= 1


@pytest.mark.parametrize("loc, asked, saved, handout", [
    ("ru", "Сколько вам лет?", "Сохранено", "Ваш план при боли в спине"),
    ("es", "¿Cuántos años tiene?", "Guardado", "Su plan para el dolor de espalda"),
    ("zh", "您的年龄是多少？", "已保存", "您的背痛护理计划"),
])
def test_whole_questionnaire_in_russian_and_spanish(drive, tmp_path: Path, loc, asked, saved, handout) -> None:
    """Chosen at the first question, the language carries through every screen and into the PDF."""
    pypdf = pytest.importorskip("pypdf")
    if loc not in LANGUAGES:
        pytest.fail(f"the {loc} catalog is missing")
    run = drive(patient(language=loc), output="h.pdf", real_render=True)
    assert run.status == 0
    assert f"? {asked} 42" in run.out
    assert f"\n{saved}" in run.out
    assert "How old" not in run.out and "Saved" not in run.out
    reader = pypdf.PdfReader(tmp_path / "h.pdf")
    assert reader.trailer["/Root"]["/Lang"] == loc
    assert handout in " ".join(page.extract_text() for page in reader.pages)


def test_questionary_is_imported_only_when_asking() -> None:
    code = ("import sys, careplan.cli, careplan.questionnaire, careplan.contract.clinic_config;"
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
    # language and region are marked by where careplan takes their choices from, nothing else
    assert {q.id: q.choices_from for q in qs if q.choices_from} == {"language": "languages", "region": "regions"}


def test_questions_and_labels_are_short() -> None:
    """A question fits on one line of 80 columns; a label on at most two (longer ones wrap)."""
    for q in questions.load():
        for clinician in (False, True):
            assert len(q.text_for(clinician)) <= 60, q.text_for(clinician)
            assert len(q.help_for(clinician)) <= 150, q.help_for(clinician)
            for c in q.choices:
                assert len(c.label_for(clinician)) <= 90, c.label_for(clinician)


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
    "when tests a number not asked yet": ("""\
        - id: pregnancy
          type: select
          text: Pregnant?
          when: {intensity_min: 3}
          choices:
            - {value: none, label: a}
            - {value: first_trimester, label: b}
            - {value: second_trimester, label: c}
            - {value: third_trimester, label: d}
        """, "line 36", "'intensity' is not asked before this question"),
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
    "unknown key in a clinician wording": ("""\
        - id: intensity
          type: number
          text: How bad?
          clinician:
            text: How bad is the patient's pain?
            colour: red
        """, "line 38", "unknown key 'colour'"),
    "unknown key in a choice's clinician wording": ("""\
        - id: pregnancy
          type: select
          text: Pregnant?
          choices:
            - value: none
              label: No
              clinician: {text: Not pregnant}
            - {value: first_trimester, label: b}
            - {value: second_trimester, label: c}
            - {value: third_trimester, label: d}
        """, "line 39", "unknown key 'text'; allowed: label"),
    "empty clinician wording": ("""\
        - id: intensity
          type: number
          text: How bad?
          clinician: {}
        """, "line 36", "an empty wording"),
    "clinician wording on a clinician-only question": ("""\
        - id: patient_name
          type: text
          text: What is the patient's name?
          when: {clinician: true}
          clinician: {text: Name?}
        """, "line 37", "asked only in clinician mode"),
    "language without choices_from": ("""\
        - id: language
          type: select
          text: Language?
        """, "line 33", "expected 'languages'"),
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
    with pytest.raises(CareplanError, match=r"line 29: .*'activity' is required in every answers file"):
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
    run = drive(patient(locations=["neck"], activity="sedentary", first_episode="no"))
    assert run.choices_of("first_episode") == ["Yes", "No"]
    assert run.prompter.prompt("first_episode").default == "yes"
    assert run.answers.first_episode is False
    assert "Is this the first time? No" in run.out


def test_missing_required_question_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text("questions:\n  - id: age\n    type: number\n    text: Age?\n")
    with pytest.raises(CareplanError, match="no question asks the required field"):
        questions.load(path)


# ---------------------------------------------------------------- the one condition engine


@pytest.mark.parametrize("when,values,clinician,expected", [
    ({"age_min": 12, "age_max": 55}, {"age": 12}, False, True),
    ({"age_min": 12, "age_max": 55}, {"age": 56}, False, False),
    ({"age_min": 12}, {}, False, False),  # not known yet: do not ask
    ({"intensity_min": 5}, {"intensity": 7}, False, True),
    ({"intensity_min": 5}, {}, False, False),  # no default, not known: never holds
    ({"locations": ("neck",)}, {"locations": ("neck", "lower_back")}, False, True),
    ({"locations": ("neck",)}, {"locations": ("lower_back",)}, False, False),
    ({"pregnancy": ("third_trimester",)}, {}, False, False),  # default none
    ({"pregnancy": ("none",)}, {}, False, True),
    ({"first_episode": True}, {}, False, True),  # default true
    ({"clinician": True}, {}, True, True),
    ({"clinician": True}, {}, False, False),
])
def test_when_conditions(when, values, clinician, expected) -> None:
    assert Session(questions=(), clinician=clinician, values=dict(values)).holds(when) is expected


def test_questions_and_content_share_one_engine() -> None:
    """The same condition means the same for complete answers (content) and answers so far (questions)."""
    answers = CALM.replace(locations=("neck",), pregnancy="second_trimester", intensity=None)
    values = {"age": 42, "locations": ("neck",), "pregnancy": "second_trimester", "cause": "awkward_movement"}
    for condition in ({"locations": ["neck"]}, {"pregnancy": ["none"]}, {"age_min": 40, "age_max": 45},
                      {"first_episode": True}, {"intensity_min": 1}, {"cause": ["none_known"]}):
        assert conditions.matches(answers, condition) is Session(questions=(), values=values).holds(condition)


def test_questionnaire_in_arabic(drive, tmp_path: Path) -> None:
    """The whole questionnaire in Arabic, then a real right-to-left handout (the terminal keeps its own order)."""
    run = drive(patient(), lang="ar", real_render=True, output=tmp_path / "ar.pdf")
    assert run.status == 0, run.err
    texts = [p.text for p in run.prompter.prompts if p.text]
    assert texts and all(any("\u0600" <= c <= "\u06ff" for c in t) for t in texts)
    assert (tmp_path / "ar.pdf").read_bytes().startswith(b"%PDF")


def test_a_name_the_terminal_could_not_decode_is_asked_again(drive) -> None:
    """A terminal in another encoding hands over what it cannot decode as lone surrogates
    ("Jos\\udce9"); the answers refuse them, so the question asks again instead of the
    session ending with an error. Digits typed on an Arabic keyboard are taken as the age."""
    run = drive(clinician(patient_name=turns("Jos\udce9", "José"), age="٤٢"), clinician=True)
    assert run.answers.patient_name == "José" and run.answers.age == 42
    assert run.prompter.prompt("patient_name").problems == ["Please use letters, numbers and punctuation only."]

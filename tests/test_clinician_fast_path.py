"""The clinician's fast path, driven end to end with a ScriptedPrompter.

With the clinic remembered, a clinician reaches the handout in 12 prompts or
fewer on the common path: the clinic's settings are used without asking
(shown, and changeable at the summary), and the history, pregnancy and
radiating-symptom lines are ticked on one screen. The warning signs keep
their own screen, right after where it hurts, never ticked in advance, and
one ticked still stops at once. Nothing of one patient reaches the next.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from careplan import paths
from careplan.contract import clinic_config
from careplan.contract.answers import Clinic
from careplan.errors import CareplanError
from careplan.questionnaire import compact, questions
from careplan.questionnaire.asking import NONE
from careplan.questionnaire.prompter import CHANGE, REVIEW
from careplan.questionnaire.scripted import KEEP, turns

from . import test_questionnaire
from .test_questionnaire import CLINIC_FILE, DATE, SIGNS, patient

drive = test_questionnaire.drive  # the same fixture: a questionnaire run on a script

RIVERSIDE = clinic_config.ClinicDefaults("Riverside Practice", "+44 20 7946 0000", "Dr J. Okafor", 14, "en", "GB")


@pytest.fixture
def remembered(tmp_path: Path) -> Path:
    """A clinic remembered from an earlier run, as careplan writes it."""
    path = tmp_path / CLINIC_FILE
    clinic_config.save(path, RIVERSIDE)
    return path


def visit(**changes: Any) -> dict[str, Any]:
    """A clinician's script for a calm adult: the merged screen is answered under radiation's key."""
    script = patient(**{"patient_name": "Anna K.", "radiation": [NONE], **changes})
    for key in ("language", "region", "conditions", "pregnancy"):  # must not be asked on their own
        script.pop(key)
    return script


def test_common_path_is_at_most_12_prompts_with_the_clinic_remembered(drive, remembered: Path) -> None:
    run = drive(visit(), clinician=True)
    assert run.status == 0
    assert len(run.asked) <= 12, run.asked
    assert run.asked == ["patient_name", "age", "locations", SIGNS, "duration", "onset", "cause", "radiation",
                         "intensity", "activity", "daily_activities", REVIEW]
    a = run.answers
    assert a.clinic == Clinic("Riverside Practice", "+44 20 7946 0000", "Dr J. Okafor", DATE + dt.timedelta(days=14))
    assert (a.language, a.region, a.patient_name, a.pregnancy, a.conditions) == ("en", "GB", "Anna K.", "none", ())
    # the settings used are shown first, and on the summary, where any can be changed
    assert run.out.startswith("The saved clinic settings are used. Change any of them at the summary.\n"
                              "  Which language would the patient like? English\n")
    assert "  Who is the clinician? Dr J. Okafor" in run.out.split("The patient's answers:")[1]


def test_a_first_run_asks_the_clinic_and_remembers_the_settings_only(drive, tmp_path: Path) -> None:
    script = {**visit(), "language": KEEP, "region": KEEP, "clinic.name": "Riverside Practice",
              "clinic.phone": KEEP, "clinic.clinician": "Dr J. Okafor", "clinic.follow_up": "14",
              "clinic.notes": "Walk daily.", "radiation": ["cancer_history", "below_knee"]}
    run = drive(script, clinician=True)
    assert {"language", "region", "clinic.name", "clinic.notes"} <= set(run.asked)
    text = (tmp_path / CLINIC_FILE).read_text()
    assert clinic_config.load(tmp_path / CLINIC_FILE)[0] == clinic_config.ClinicDefaults(
        "Riverside Practice", "", "Dr J. Okafor", 14, "en", "GB")
    for patient_detail in ("Anna", "42", "cancer", "below_knee", "Walk", "lower_back"):
        assert patient_detail not in text.split("are never saved here.")[1], patient_detail


def test_the_warning_signs_keep_their_own_screen_unticked_right_after_where_it_hurts(drive, remembered) -> None:
    run = drive(visit(), clinician=True)
    assert run.asked.index(SIGNS) == run.asked.index("locations") + 1 == run.asked.index("age") + 2
    signs = run.prompter.prompt(SIGNS)
    assert signs.default == set()  # nothing ticked in advance
    full = next(q for q in questions.load() if q.id == SIGNS)
    assert signs.labels == [c.label_for(True) for c in full.choices if not c.when or "age_min" in c.when]
    merged = run.prompter.prompt("radiation")
    assert {v.partition(":")[2] for v, _ in merged.choices}.isdisjoint(
        {*full.fields, *(c.value for c in full.choices if c.value)})
    # an Enter with nothing ticked is refused: "None of these" must be ticked on purpose
    run = drive({**visit(), SIGNS: turns([], [NONE])}, clinician=True)
    assert run.prompter.prompt(SIGNS).problems == [
        "Tick at least one line. If none of them is true, tick “None of these”."]


def test_a_warning_sign_ticked_still_stops_at_once(drive, remembered) -> None:
    run = drive({**visit(), SIGNS: ["bladder_or_bowel_change"]}, clinician=True)
    assert run.asked == ["patient_name", "age", "locations", SIGNS]
    assert "No more questions are needed." in run.out and "Call 999 now" in run.out


def test_no_warning_sign_can_be_put_on_a_shared_screen(tmp_path: Path) -> None:
    text = (paths.templates_dir() / "questions.yaml").read_text()
    bad = text.replace("with: [conditions, pregnancy]", "with: [conditions, pregnancy, red_flags]")
    assert bad != text
    (tmp_path / "questions.yaml").write_text(bad)
    with pytest.raises(CareplanError, match=r"questions.yaml, line \d+: radiation.clinician.with: .*red_flags"):
        questions.load(tmp_path / "questions.yaml")
    assert not any(SIGNS in q.clinician_with for q in questions.load())


def test_nothing_is_carried_over_from_one_patient_to_the_next(drive, remembered) -> None:
    first = visit(age="71", locations=["neck", "lower_back"], radiation=["osteoporosis", "arm", "first_episode"],
                  intensity="8", activity="active", daily_activities=["driving"], patient_name="Anna K.",
                  **{REVIEW: turns("change", "make"), CHANGE: "clinic.notes", "clinic.notes": "Walk daily."})
    one = drive(first, clinician=True)
    assert one.answers.conditions == ("osteoporosis",) and one.answers.clinic.notes == "Walk daily."
    two = drive({**visit(), "age": "35", "patient_name": KEEP}, clinician=True)
    p = two.prompter
    assert [p.prompt(k).default for k in ("patient_name", "age", "intensity")] == ["", "", ""]
    assert [p.prompt(k).default for k in ("locations", SIGNS, "radiation", "daily_activities")] == [set()] * 4
    assert p.prompt("activity").default is None and p.prompt("cause").default == "none_known"
    a = two.answers
    assert (a.patient_name, a.clinic.notes, a.conditions, a.radiation, a.first_episode) == (None, "", (), (), True)


def test_pregnancy_is_ticked_on_the_shared_screen_with_one_line_at_most(drive, remembered) -> None:
    run = drive({**visit(), "radiation": turns(["first_trimester", "third_trimester"], ["second_trimester"]),
                 "pelvic_girdle_pain": "yes"}, clinician=True)
    assert run.prompter.prompt("radiation").problems == [
        "Tick only one of “Pregnant, less than 14 weeks” and “Pregnant, 28 weeks or more”."]
    assert run.answers.pregnancy == "second_trimester" and run.answers.pelvic_girdle_pain is True
    assert run.asked.index("pelvic_girdle_pain") > run.asked.index("radiation")
    assert len(run.asked) == 13  # pregnancy adds its one follow-up question
    # at 70 there are no pregnancy lines and no pregnancy answer
    old = drive({**visit(), "age": "70"}, clinician=True)
    assert not any("Pregnant" in label for label in old.choices_of("radiation"))
    assert old.answers.pregnancy == "none" and "Pregnant" not in old.out


def test_an_age_changed_at_the_summary_drops_a_pregnancy_ticked_before(drive, remembered) -> None:
    script = {**visit(), "radiation": turns(["first_trimester"]), "pelvic_girdle_pain": "no",
              REVIEW: turns("change", "make"), CHANGE: "age", "age": turns("30", "70")}
    run = drive(script, clinician=True)
    assert run.answers.pregnancy == "none" and run.answers.age == 70


def test_a_saved_setting_changed_at_the_summary_is_for_this_patient_only(drive, remembered) -> None:
    """A patient who reads Spanish gets a Spanish handout; the next patient starts from the clinic's
    own settings, in its language (before, one patient's language became the clinic's, and the next
    clinician was asked everything in Spanish). The same for a sooner follow-up."""
    before = clinic_config.load(remembered)[0]
    run = drive({**visit(), REVIEW: turns("change", "follow_up", "make"), CHANGE: "language", "language": "es",
                 "clinic.follow_up": "3"}, clinician=True)
    assert run.answers.language == "es" and run.answers.clinic.follow_up == DATE + dt.timedelta(days=3)
    assert clinic_config.load(remembered)[0] == before
    after = drive(visit(), clinician=True)
    assert after.answers.language == before.language == "en"


def test_a_clinic_s_name_changed_at_the_summary_is_kept_for_next_time(drive, remembered) -> None:
    """The clinic's own details (a new phone, another clinician on duty) are the clinic's, not the patient's."""
    drive({**visit(), REVIEW: turns("change", "make"), CHANGE: "clinic.clinician", "clinic.clinician": "Dr B. Lee"},
          clinician=True)
    assert clinic_config.load(remembered)[0].clinician == "Dr B. Lee"


def test_a_follow_up_date_is_one_step_from_the_summary(drive, remembered) -> None:
    run = drive({**visit(), REVIEW: turns("follow_up", "make"), "clinic.follow_up": "7"}, clinician=True)
    assert run.prompter.prompt(REVIEW, 0).labels[:2] == ["Make the handout", "Change the follow-up date"]
    assert run.prompter.prompt("clinic.follow_up").default == "06/12/2026"  # 14 days on, the usual
    assert run.answers.clinic.follow_up == DATE + dt.timedelta(days=7)
    assert len(run.asked) == 14 and run.asked[-3:] == [REVIEW, "clinic.follow_up", REVIEW]


def test_the_patient_path_is_unchanged(drive) -> None:
    run = drive(patient())
    assert "Change the follow-up date" not in run.choices_of(REVIEW)
    assert "conditions" in run.asked and "pregnancy" in run.asked
    assert run.prompter.prompt("radiation").text == "Do you have any of these with your pain?"
    assert not any("Pregnant" in label or "osteoporosis" in label for label in run.choices_of("radiation"))


def test_the_compact_form_keeps_every_value_and_wording() -> None:
    """Every line of the questions taken in is on the shared screen, in the clinician's translated words."""
    full = {q.id: q for q in questions.load()}
    merged = next(q for q in compact.compact(questions.load()) if q.id == "radiation")
    values = {c.value for c in merged.choices if c.value}
    assert values == {v for qid in ("radiation", "conditions") for v in questions.CHECKBOX_FIELDS[qid]} | {
        "first_trimester", "second_trimester", "third_trimester"}
    assert {c.flag for c in merged.choices if c.flag} == {"numbness_or_tingling", "morning_stiffness", "first_episode"}
    assert all(c.when == full["pregnancy"].when for c in merged.choices if c.field == "pregnancy")


def test_a_hand_edited_setting_careplan_cannot_use_is_asked_instead(drive, tmp_path: Path) -> None:
    clinic_config.save(tmp_path / CLINIC_FILE, clinic_config.ClinicDefaults("Riverside Practice", language="xx",
                                                                            region="ZZ"))
    run = drive({**visit(), "language": KEEP, "region": KEEP}, clinician=True)
    assert run.asked[:2] == ["language", "region"]  # no emergency number is known for ZZ: never guessed
    assert (run.answers.language, run.answers.region) == ("en", "GB")


def test_the_fast_path_is_translated(drive, remembered) -> None:
    """In the pseudo-locale every prompt, line and problem of the fast path is marked, none is raw English."""
    run = drive({**visit(), "radiation": turns(["first_trimester", "second_trimester"], ["first_trimester"]),
                 "pelvic_girdle_pain": "no"}, clinician=True, lang="en_XA")
    texts = [x for p in run.prompter.prompts for x in (p.text, p.help, *p.labels, *p.problems) if x]
    assert [t for t in texts if "[" not in t] == []
    assert run.out.startswith("[") and "saved clinic" not in run.out



def test_a_date_is_never_broken_over_two_lines_at_40_columns(drive, remembered, monkeypatch) -> None:
    made = test_questionnaire.environment

    def narrow(*args: Any, **kw: Any) -> Any:
        env = made(*args, **kw)
        env.terminal_width = 40
        return env

    monkeypatch.setattr(test_questionnaire, "environment", narrow)
    run = drive(visit(), clinician=True)
    lines = run.out.split("Saved")[0].splitlines()  # (the file's path is never split, so it may run longer)
    assert "  When is the follow-up appointment?" in lines and "    6 December 2026" in lines
    assert all(len(line) <= 40 for line in lines)


def test_a_folder_where_clinic_yaml_belongs_is_named_without_a_handout_example(tmp_path: Path) -> None:
    """The settings file's place is careplan's, not a name the reader typed: the message says
    to move the folder, not to "give a file name such as handout.pdf"."""
    (tmp_path / CLINIC_FILE).mkdir(parents=True)
    with pytest.raises(CareplanError) as caught:
        clinic_config.save(tmp_path / CLINIC_FILE, RIVERSIDE)
    assert caught.value.render() == (f"{tmp_path / CLINIC_FILE}: is a folder, but careplan needs to write "
                                     "a file there; move the folder aside")

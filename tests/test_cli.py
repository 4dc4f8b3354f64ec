"""The CLI through main(argv): exit codes, messages, JSON, nothing written on error."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from careplan.cli import main
from careplan.environment import Environment, ExitStatus

from .conftest import EXAMPLES


def run(argv, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=stdin or io.StringIO(), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


EXPECTED = {
    "acute-lumbago.yaml": "self_care",
    "cauda-equina-signs.yaml": "emergency",
    "fever-and-back-pain.yaml": "urgent",
    "neck-office.yaml": "self_care",
    "pregnancy-28-weeks.yaml": "self_care",
    "sciatica.yaml": "soon",
}


@pytest.mark.parametrize("name,level", EXPECTED.items())
def test_plan_json_for_examples(name: str, level: str) -> None:
    status, out, err = run(["plan", "--answers", str(EXAMPLES / name), "--lang", "en"])
    assert status == 0, err
    plan = json.loads(out)
    assert plan["schema"] == 1
    assert plan["triage"]["level"] == level
    assert set(plan) >= {"schema", "triage", "positions", "exercises", "tips", "see_doctor_if", "locale", "region"}
    if level in ("emergency", "urgent"):
        assert plan["exercises"] == []
    else:
        assert 2 <= len(plan["exercises"]) <= 4
        assert all(set(e) >= {"id", "posture", "spinal_flexion"} for e in plan["exercises"])


def test_plan_region_and_locale() -> None:
    _, out, _ = run(["plan", "--answers", str(EXAMPLES / "sciatica.yaml"), "--lang", "en"])
    plan = json.loads(out)
    assert plan["region"] == "US" and plan["locale"] == "en"
    assert plan["triage"]["reasons"] == ["below_knee"]
    status, out, _ = run(["plan", "--answers", str(EXAMPLES / "sciatica.yaml"), "--lang", "en", "--region", "de"])
    assert status == 0 and json.loads(out)["region"] == "DE"


def test_pregnancy_plan_has_no_prone_or_supine() -> None:
    _, out, _ = run(["plan", "--answers", str(EXAMPLES / "pregnancy-28-weeks.yaml"), "--lang", "en"])
    plan = json.loads(out)
    postures = {i["posture"] for i in plan["positions"] + plan["exercises"]}
    assert not postures & {"prone", "supine"}


@pytest.mark.parametrize("argv,needle", [
    (["plan", "--answers", "/nonexistent.yaml"], "no such file"),
    (["plan"], "--answers"),
    (["plan", "--answers", str(EXAMPLES / "sciatica.yaml"), "--lang", "tlh"], "available: en"),
    (["--answers", str(EXAMPLES / "sciatica.yaml"), "--paper", "a3"], "--paper: 'a3' is not one of 'a4', 'letter'"),
    (["--answers", str(EXAMPLES / "sciatica.yaml"), "--date", "tomorrow"], "YYYY-MM-DD"),
    (["--answers", str(EXAMPLES / "sciatica.yaml"), "--date", "20261204"], "YYYY-MM-DD"),
    (["--answers", str(EXAMPLES / "sciatica.yaml"), "--date", "2026-W49-5"], "YYYY-MM-DD"),
    (["--answers", str(EXAMPLES / "sciatica.yaml"), "--region", "Spain"], "two-letter country code"),
])
def test_usage_errors_exit_2_with_one_line(argv, needle) -> None:
    status, out, err = run(argv)
    assert status is ExitStatus.BAD_INPUT
    assert out == ""
    assert needle in err
    assert "Traceback" not in err
    assert err.startswith("careplan: ")


_SCIATICA = str(EXAMPLES / "sciatica.yaml")
_EMPTY_LANG = "careplan: --lang: no language given; available: en, ar"
_EMPTY_REGION = "careplan: --region: '' is not a two-letter country code such as GB, US, DE"


@pytest.mark.parametrize("argv,needle", [
    (["--answers", _SCIATICA, "--lang", ""], _EMPTY_LANG),
    (["plan", "--answers", _SCIATICA, "--lang", ""], _EMPTY_LANG),
    (["batch", _SCIATICA, "-o", "out", "--lang", ""], _EMPTY_LANG),
    (["gallery", "--lang", ""], _EMPTY_LANG),
    (["--answers", _SCIATICA, "--region", ""], _EMPTY_REGION),
    (["plan", "--answers", _SCIATICA, "--region", ""], _EMPTY_REGION),
    (["batch", _SCIATICA, "-o", "out", "--region", ""], _EMPTY_REGION),
])
def test_an_empty_lang_or_region_is_refused_not_taken_as_not_given(tmp_path: Path, monkeypatch, argv: list[str],
                                                                    needle: str) -> None:
    """--lang '' (a script's empty variable, say) used to mean the system's language, in silence."""
    monkeypatch.chdir(tmp_path)
    status, out, err = run(argv)
    assert status == 2 and out == "" and "Traceback" not in err
    assert err.startswith(needle) and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_no_terminal_and_no_answers_suggests_answers(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run([])
    assert status == 2 and "--answers" in err
    assert list(tmp_path.iterdir()) == []


def test_clinician_with_an_answers_file_is_never_silently_dropped(tmp_path: Path) -> None:
    """--clinician asks the clinic's questions; with --answers alone it used to render without
    them, an empty clinic box and no word. It now says what to add, and writes nothing."""
    out_pdf = tmp_path / "out.pdf"
    status, out, err = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "--clinician", "-o", str(out_pdf)])
    assert status == 2 and not out_pdf.exists() and out == ""
    assert err.startswith("careplan: --clinician asks questions: with --answers, add --ask-missing")
    assert err.count("\n") == 1
    status, _, err = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "--clinician", "--ask-missing",
                          "-o", str(out_pdf)])
    assert status == 2 and "no terminal to ask the questions the answers file leaves out" in err  # asked, not refused


def test_a_font_cut_for_its_first_use_is_announced_once(tmp_path: Path, monkeypatch) -> None:
    """The first Chinese text on a computer cuts the Chinese font (up to a minute, once): the run
    says so first instead of seeming to hang; once per run, and only while a handout is made."""
    from careplan.delivery import deliver
    from careplan.render import instances

    cuts: list[int] = []

    def cut(source: Path, weight: int, chars: object = None) -> bytes:
        cuts.append(weight)
        return b"font %d" % weight

    monkeypatch.setattr(instances, "_cut", cut)
    monkeypatch.setattr(instances, "_TOLD", [False])
    source = tmp_path / "font.ttf"
    source.write_bytes(b"a variable font")
    err = io.StringIO()
    with deliver.first_cut_told(err, {"LANG": "C"}):
        for weight in (400, 700, 400):  # the third is kept from the first: no cut
            instances.instance_bytes(source, weight, folder=tmp_path / "cache")
    assert cuts == [400, 700]
    assert err.getvalue() == ("careplan: preparing a font for its first use on this computer; "
                              "this takes up to a minute, once\n")
    assert instances.on_first_cut is None  # outside a handout (a library, the tests) nothing is said


def test_bad_answers_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nage: 300\nlocations: [neck]\nduration: under_1_week\nonset: sudden\n"
                   "activity: active\n", encoding="utf-8")
    out_pdf = tmp_path / "out.pdf"
    status, _, err = run(["--answers", str(bad), "-o", str(out_pdf)])
    assert status == 2 and "age" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


@pytest.mark.parametrize("value,described", [("NaN", "not a number (NaN)"), ("Infinity", "infinity"),
                                              ("-Infinity", "minus infinity")])
def test_json_nan_and_infinity_are_refused_as_what_they_are(tmp_path: Path, value: str, described: str) -> None:
    """Python's json reads NaN and Infinity as floats; they were described as "a number with a decimal point"."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "age": 40, "locations": ["neck"], "duration": "under_1_week", '
                   f'"onset": "sudden", "activity": "active", "intensity": {value}}}', encoding="utf-8")
    status, out, err = run(["--answers", str(bad), "-o", str(tmp_path / "out.pdf")])
    assert status == 2 and out == "" and "Traceback" not in err
    assert err == (f"careplan: {bad}: field 'intensity' has the value {described}; "
                   "allowed: a whole number from 0 to 10\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    status, _, err = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(tmp_path / "no" / "dir" / "x.pdf")])
    assert status == 2 and "does not exist" in err


def test_interrupt_exits_130_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    import careplan.render.handout as handout

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(handout, "render_handout", boom)
    target = tmp_path / "x.pdf"
    status, _, err = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(target)])
    assert status is ExitStatus.INTERRUPTED and "interrupted; nothing was written." in err
    assert list(tmp_path.iterdir()) == []


def test_the_cycle_collector_is_paused_for_one_handout_and_back_on_after(tmp_path: Path, monkeypatch) -> None:
    import gc

    import careplan.render.handout as handout

    seen: list[bool] = []
    render = handout.render_handout

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return render(*args, **kwargs)

    monkeypatch.setattr(handout, "render_handout", watched)
    assert gc.isenabled()
    status, _, _ = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(tmp_path / "x.pdf")])
    assert status == 0 and seen == [False] and gc.isenabled()

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(handout, "render_handout", boom)
    status, _, _ = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(tmp_path / "y.pdf")])
    assert status is ExitStatus.INTERRUPTED and gc.isenabled()  # back on however the handout ends


def test_interrupt_during_write_removes_temporary_file(tmp_path: Path, monkeypatch) -> None:
    import careplan.files.writefile as wf

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(wf.os, "replace", boom)
    status, _, _ = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(tmp_path / "x.pdf")])
    assert status == 130
    assert list(tmp_path.iterdir()) == []


def test_check_command_reports_valid_templates(audit, monkeypatch) -> None:
    """`careplan check` end to end; its profile grid is the session's audit (conftest), walked once:
    check must ask for it on content equal to the shipped templates, and reports what it found."""
    from careplan.content import audit as audit_mod

    asked = []

    def walked(content):
        asked.append(content)
        return list(audit.problems)

    monkeypatch.setattr(audit_mod, "coverage_report", walked)
    status, out, _ = run(["check"])
    assert asked == [audit.content]
    assert status == 0, out
    lines = out.splitlines()
    assert re.fullmatch(r"templates: \d+ positions and exercises, \d+ tips, \d+ regions, \d+ pictures: valid", lines[0])
    assert re.fullmatch(r"questions: \d+ questions: valid", lines[1])
    assert not [line for line in lines if line.startswith("problem:")]


def test_python_dash_m_and_no_questionary_on_the_answers_path(tmp_path: Path) -> None:
    code = ("import sys; from careplan.cli import main; "
            f"s = main(['--answers', {str(EXAMPLES / 'sciatica.yaml')!r}, '-o', {str(tmp_path / 'h.pdf')!r}]); "
            "assert 'questionary' not in sys.modules and 'prompt_toolkit' not in sys.modules, 'heavy import'; "
            "sys.exit(s)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
    result = subprocess.run([sys.executable, "-m", "careplan", "plan", "--answers", str(EXAMPLES / "sciatica.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout)["triage"]["level"] == "soon"


def test_default_names_never_replace_an_earlier_handout(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    names = []
    for _ in range(3):
        out = io.StringIO()
        assert main(["--answers", str(EXAMPLES / "sciatica.yaml"), "--date", "2026-11-22"], stdout=out) == 0
        names.append(out.getvalue().strip())
    assert names == ["careplan-2026-11-22.pdf", "careplan-2026-11-22-2.pdf", "careplan-2026-11-22-3.pdf"]
    assert all((tmp_path / n).stat().st_size > 1000 for n in names)


NO_REGION_FILE = ("version: 1\nage: 40\nlocations: [lower_back]\nduration: under_1_week\nonset: sudden\n"
                  "activity: moderate\n")


@pytest.mark.parametrize("lang_env", ["C", "POSIX", "C.UTF-8", "en_XQ.UTF-8"])  # XQ: a country nobody has
def test_no_country_under_a_c_locale_is_never_guessed(tmp_path: Path, monkeypatch, lang_env: str) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", lang_env)
    answers = tmp_path / "a.yaml"
    answers.write_text(NO_REGION_FILE + "red_flags: [saddle_numbness]\n")
    out_pdf = tmp_path / "out.pdf"
    status, _, err = run(["--answers", str(answers), "-o", str(out_pdf)])
    assert status == 0
    assert "--region" in err and "blank" in err  # says how to give the country
    plan = json.loads(run(["plan", "--answers", str(answers)])[1])
    assert plan["region"] is None
    text = pdf_text(out_pdf)
    assert "Call ________ now" in text and "911" not in text and "112" not in text
    assert pypdf.PdfReader(out_pdf).pages[0].mediabox.width == pytest.approx(595.27, abs=1)  # A4, not Letter


@pytest.mark.parametrize("argv_extra, body", [(["--region", "XQ"], ""), ([], "region: XQ\n"), ([], "region: ZZ\n"),
                                              (["--lang", "en_XQ"], ""), ([], "language: en_XQ\n")])
def test_a_code_that_is_no_country_exits_2(tmp_path: Path, argv_extra, body) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(NO_REGION_FILE + body)
    out_pdf = tmp_path / "out.pdf"
    status, _, err = run(["--answers", str(answers), "-o", str(out_pdf), *argv_extra])
    assert status == 2 and "is not a country code" in err and "ISO 3166" in err
    assert not out_pdf.exists()
    assert run(["plan", "--answers", str(answers), *argv_extra])[0] == 2


def test_the_country_comes_from_the_locale_when_it_has_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_NZ.UTF-8")
    answers = tmp_path / "a.yaml"
    answers.write_text(NO_REGION_FILE)
    assert json.loads(run(["plan", "--answers", str(answers)])[1])["region"] == "NZ"
    monkeypatch.setenv("LC_ALL", "C")  # LC_ALL wins over LANG, as POSIX says
    assert json.loads(run(["plan", "--answers", str(answers)])[1])["region"] is None


def test_plan_json_has_warning_signs_with_levels() -> None:
    status, out, err = run(["plan", "--answers", str(EXAMPLES / "sciatica.yaml")])
    assert status == 0, err
    plan = json.loads(out)
    assert plan["warning_signs"] and all(set(s) == {"id", "level"} for s in plan["warning_signs"])
    assert plan["call_emergency_if"] == [s["id"] for s in plan["warning_signs"] if s["level"] == "emergency"]
    assert plan["see_doctor_if"] == [s["id"] for s in plan["warning_signs"]]


# ---------------------------------------------------------------- the Environment


def made_up(tmp_path: Path, *, environ: dict[str, str], today: dt.date, tty: bool = False) -> Environment:
    """A world that is not this process's: its own streams, variables, date and terminal."""
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ=environ,
                       today=today, stdin_isatty=tty, stdout_isatty=False, stderr_isatty=False, terminal_width=60,
                       config_dir=tmp_path / "config")


def test_date_and_system_locale_come_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    """No --date, no --region, no language in the file: today's date and the country are env's, not the process's."""
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "a.yaml"
    answers.write_text(NO_REGION_FILE)
    env = made_up(tmp_path, environ={"LANG": "en_NZ.UTF-8", "HOME": str(tmp_path)}, today=dt.date(2031, 2, 3))
    status = main(["--answers", str(answers)], env)
    assert status is ExitStatus.OK, env.stderr.getvalue()
    assert env.stdout.getvalue() == "careplan-2031-02-03.pdf\n"
    assert env.stderr.getvalue() == ""  # a country was found (NZ), so no blank emergency number
    text = pdf_text(tmp_path / "careplan-2031-02-03.pdf")
    assert "3 February 2031" in text and "111" in text  # New Zealand's emergency number

    plan_env = made_up(tmp_path, environ={"LC_ALL": "C", "LANG": "en_NZ.UTF-8"}, today=dt.date(2031, 2, 3))
    assert main(["plan", "--answers", str(answers)], plan_env) is ExitStatus.OK
    assert json.loads(plan_env.stdout.getvalue())["region"] is None  # LC_ALL=C wins: nothing is guessed


def test_errors_are_in_the_language_of_the_environment(tmp_path: Path) -> None:
    def error(environ: dict[str, str]) -> str:
        env = made_up(tmp_path, environ=environ, today=dt.date(2031, 2, 3))
        assert main(["plan", "--answers", str(tmp_path / "missing.yaml")], env) is ExitStatus.BAD_INPUT
        return env.stderr.getvalue()

    english, german = error({"LANG": "C"}), error({"LANG": "de_DE.UTF-8"})
    assert english.startswith("careplan: ") and "no such file" in english
    assert german.startswith("careplan: ") and "missing.yaml" in german and "no such file" not in german


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the graphical-session rule is for Linux and BSD")
def test_open_asks_the_environment_for_a_graphical_session(tmp_path: Path) -> None:
    """No DISPLAY in env's variables: no viewer is started, whatever this process's DISPLAY is; the run succeeds."""
    env = made_up(tmp_path, environ={"LANG": "C"}, today=dt.date(2031, 2, 3))
    status = main(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(tmp_path / "h.pdf"), "--open"], env)
    assert status is ExitStatus.OK
    assert env.stdout.getvalue() == f"{tmp_path / 'h.pdf'}\n"
    assert env.stderr.getvalue() == ("careplan: there is no PDF viewer to open the handout with here, "
                                     "so it was not opened\n")


def test_no_terminal_is_the_environment_s_word(tmp_path: Path, monkeypatch) -> None:
    """Without answers careplan asks only when env says stdin is a terminal; here it is not, whatever sys.stdin is."""
    monkeypatch.chdir(tmp_path)
    env = made_up(tmp_path, environ={}, today=dt.date(2031, 2, 3), tty=False)
    assert main([], env) is ExitStatus.BAD_INPUT
    assert "no terminal to ask questions in" in env.stderr.getvalue() and "--answers" in env.stderr.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_help_and_version_exit_0(tmp_path: Path) -> None:
    env = made_up(tmp_path, environ={}, today=dt.date(2031, 2, 3))
    assert main(["--version"], env) is ExitStatus.OK
    assert re.fullmatch(r"careplan \d+\.\d+\.\d+\n", env.stdout.getvalue())
    env = made_up(tmp_path, environ={}, today=dt.date(2031, 2, 3))
    assert main(["batch", "--help"], env) is ExitStatus.OK
    assert env.stdout.getvalue().startswith("usage: careplan batch") and env.stderr.getvalue() == ""


def test_exit_statuses_keep_their_numbers() -> None:
    assert [int(s) for s in ExitStatus] == [0, 2, 129, 130, 143]
    assert ExitStatus.for_signal(15) is ExitStatus.TERMINATED and ExitStatus.for_signal(1) is ExitStatus.HANGUP
    assert ExitStatus.for_signal(2) is ExitStatus.INTERRUPTED


def test_config_dir_follows_xdg(tmp_path: Path) -> None:
    def config_dir(environ: dict[str, str]) -> Path | None:
        return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ=environ).config_dir

    assert config_dir({"XDG_CONFIG_HOME": "/x", "HOME": "/h"}) == Path("/x/careplan")
    assert config_dir({"XDG_CONFIG_HOME": "relative", "HOME": "/h"}) == Path("/h/.config/careplan")
    assert config_dir({"HOME": "/h"}) == Path("/h/.config/careplan")


def test_the_parser_makes_typed_commands(tmp_path: Path) -> None:
    """No argparse Namespace leaves the parser; defaults that depend on the world come from env."""
    from careplan.cli.options import BatchCommand, I18nCommand, RenderCommand
    from careplan.cli.parser import parse

    env = made_up(tmp_path, environ={"LANG": "C"}, today=dt.date(2031, 2, 3))
    render = parse(["--answers", "a.yaml", "--large-print", "--region", "gb"], env)
    assert isinstance(render, RenderCommand)
    assert render.request.date == dt.date(2031, 2, 3) and render.request.large_print
    assert render.request.answers == Path("a.yaml") and render.request.region == "gb"  # checked when used
    batch = parse(["batch", "in", "-o", "out", "--jobs", "3", "--date", "2026-11-28"], env)
    assert isinstance(batch, BatchCommand)
    assert (batch.paths, batch.outdir, batch.jobs) == ((Path("in"),), Path("out"), 3)
    assert batch.request.date == dt.date(2026, 11, 28) and batch.request.environ == {"LANG": "C"}
    assert parse(["i18n", "check", "de", "--strict"], env) == I18nCommand(action="check", locales=["de"], strict=True)


def test_a_follow_up_too_late_for_a_soon_plan_is_explained_to_the_clinician(tmp_path: Path) -> None:
    """A soon plan asks for a doctor's check within a week. A follow-up 14 days on is not that
    check, so the handout keeps "book an appointment within a week" and shows the date under the
    notes; the clinician is told why (without the date: patient data). Within the week, no word."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "neck-office.yaml").read_text(encoding="utf-8"))
    data.update(age=60, duration="6_to_12_weeks")
    out = tmp_path / "h.pdf"
    for days, told in ((14, True), (7, False), (3, False)):
        data["clinic"]["follow_up"] = (dt.date(2026, 11, 28) + dt.timedelta(days=days)).isoformat()
        answers = tmp_path / "visit.yaml"
        answers.write_text(yaml.safe_dump(data), encoding="utf-8")
        status, _, err = run(["--answers", str(answers), "--lang", "en", "-o", str(out), "--date", "2026-11-28"])
        assert status == ExitStatus.OK
        assert ("clinic.follow_up is more than 7 days after the handout's date" in err) is told, (days, err)
        assert "2026" not in err
        text = " ".join(pdf_text(out).split())
        assert ("Book a doctor's appointment within a week" in text) is told, days


def test_a_follow_up_that_has_passed_is_left_blank_with_a_warning(tmp_path: Path) -> None:
    """An old answers file printed again: its follow-up visit is not the next
    one, so the handout leaves the line to be written by hand, and says why
    on stderr without the date (patient data)."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "neck-office.yaml").read_text(encoding="utf-8"))
    data["clinic"]["follow_up"] = "2026-11-01"
    answers = tmp_path / "old.yaml"
    answers.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "old.pdf"
    status, _, err = run(["--answers", str(answers), "--lang", "en", "-o", str(out), "--date", "2026-11-28"])
    assert status == ExitStatus.OK
    assert "clinic.follow_up is before the handout's date" in err and "2026" not in err
    text = pdf_text(out)
    assert "Next appointment: ____" in text and "November 1" not in text and "1 November" not in text
    # on the day itself it is still the next visit
    status, _, err = run(["--answers", str(answers), "--lang", "en", "-o", str(out), "--date", "2026-11-01"])
    assert status == ExitStatus.OK and "follow_up" not in err
    assert "Next appointment: 1 November 2026" in pdf_text(out) or "Next appointment: November 1, 2026" in pdf_text(out)


def test_a_signal_swallowed_by_a_callback_still_ends_the_run_as_signalled(tmp_path: Path, monkeypatch) -> None:
    """A SIGTERM raised inside a callback Python cannot raise from (an import
    lock's weakref, a __del__) is only noted (console's unraisable hook): the
    run then ends as signalled (143), saying which file is complete, instead of
    printing "Exception ignored ... Traceback" and exiting 0."""
    import types

    from careplan import console
    from careplan.errors import Stopped

    monkeypatch.setattr(Stopped, "pending", None)
    seen: list[object] = []
    quiet = console._unraisable(seen.append)
    quiet(types.SimpleNamespace(exc_value=Stopped(15)))
    assert Stopped.pending == 15 and seen == []  # noted, not printed
    other = types.SimpleNamespace(exc_value=ValueError("x"))
    quiet(other)
    assert seen == [other]  # anything else goes to Python's own hook
    target = tmp_path / "h.pdf"
    status, _, err = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(target), "--date", "2026-11-28"])
    assert status == ExitStatus.for_signal(15) and target.exists()
    assert "interrupted; only" in err and "h.pdf" in err and "Traceback" not in err


def test_a_signal_whose_handler_runs_while_a_file_is_put_in_place_waits_for_it(tmp_path: Path, monkeypatch) -> None:
    """Blocking the signals around the write is not enough: a SIGTERM that
    reached Python just before the block still runs its handler inside it, and
    raising there (between creating the temporary file and its clean-up) could
    leave a .part file. The handler defers itself; the file is completed, then
    the run ends as signalled."""
    from careplan import console
    from careplan.errors import Stopped
    from careplan.files import writefile

    monkeypatch.setattr(Stopped, "pending", None)
    monkeypatch.setattr(Stopped, "deferred", False)
    monkeypatch.setattr(console, "_stopping", False)
    real = writefile.write_temp

    def signalled_inside(target, data):
        console._stop(15, None)  # the handler runs here, inside the held block
        return real(target, data)

    monkeypatch.setattr(writefile, "write_temp", signalled_inside)
    target = tmp_path / "h.pdf"
    status, _, err = run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(target), "--date", "2026-11-28"])
    assert status == ExitStatus.for_signal(15)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.pdf"]  # complete, and no .part
    assert "interrupted; only" in err and Stopped.held == 0


@pytest.mark.parametrize(("argv", "example"), [
    (["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", "-"], "handout.pdf"),
    (["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", "h.pdf", "--save-answers", "-"], "answers.yaml"),
    (["gallery", "-o", "-"], "gallery.pdf"),
    (["batch", str(EXAMPLES / "sciatica.yaml"), "-o", "-"], "handouts")])
def test_a_dash_for_an_output_is_refused_not_made_a_file(tmp_path: Path, monkeypatch, argv: list[str],
                                                         example: str) -> None:
    """'-' is not standard output here: it became a file named '-', which a second run replaced.
    The example fits the option (it was "handout.pdf" for the answers file and the batch's folder)."""
    monkeypatch.chdir(tmp_path)
    status, _, err = run(argv)
    assert status == 2 and "'-' is not a file name here" in err and "Traceback" not in err
    assert err.rstrip().split("give a name such as ")[1].startswith(f"{example} ")
    assert list(tmp_path.iterdir()) == []


def test_what_a_paused_block_keeps_goes_to_the_oldest_generation_and_can_still_be_collected() -> None:
    """collector.paused(kept=True): the block's objects skip the young generation (whose first pass
    after a one-off handout would look at all of them) and are still freed if they become garbage."""
    import gc
    import weakref

    from careplan import collector

    class Node:
        pass

    assert gc.isenabled()
    with collector.paused(kept=True):
        made = [[i] for i in range(1000)]
        ring = Node()
        ring.me = ring  # a cycle: only the collector frees it
        gone = weakref.ref(ring)
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(o) in young for o in made)
    assert any(o is made[0] for o in gc.get_objects(generation=2))
    del ring
    gc.collect()
    assert gone() is None


def test_only_careplan_s_own_process_keeps_a_handout_s_objects(tmp_path: Path, monkeypatch) -> None:
    """cli.main called in a process that goes on (these tests, a program using careplan) lets the
    collector look at a handout's objects as usual; console.run, whose process ends with its one
    command, has them moved to the oldest generation (collector.paused's `kept`)."""
    import subprocess
    import sys

    from careplan import collector

    kept: list[bool] = []
    pause = collector.paused

    def recording(**kw):
        kept.append(kw.get("kept", False))
        return pause(**kw)

    monkeypatch.setattr(collector, "paused", recording)
    assert run(["--answers", str(EXAMPLES / "sciatica.yaml"), "-o", str(tmp_path / "a.pdf")])[0] == 0
    assert kept[0] is False  # the command's own pause (a face loaded on the way pauses too, not kept)
    script = (
        "import atexit, sys\n"
        "from careplan import collector, console\n"
        "kept, pause = [], collector.paused\n"
        "def recording(**kw):\n"
        "    kept.append(kw.get('kept', False))\n"
        "    return pause(**kw)\n"
        "collector.paused = recording\n"
        "atexit.register(lambda: print(kept))\n"
        "sys.argv = ['careplan', '--answers', sys.argv[1], '-o', sys.argv[2]]\n"
        "console.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(EXAMPLES / "sciatica.yaml"), str(tmp_path / "b.pdf")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.splitlines()[-1].startswith("[True"), done.stderr


def _console(tmp_path: Path, setup: str, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """careplan's own process (console.run), with `setup` run first in it."""
    script = f"import sys\n{setup}\nfrom careplan import console\nsys.argv = ['careplan', *{argv!r}]\nconsole.run()\n"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                          cwd=tmp_path, timeout=120)


def test_the_process_ends_after_its_exit_handlers_with_everything_written(tmp_path: Path) -> None:
    """console.run ends the process without Python's teardown: each atexit handler still runs once,
    what they and the command print reaches the pipe whole, and the status is the command's."""
    setup = ("import atexit\n"
             "atexit.register(lambda: print('handler ran', flush=False))\n"
             "atexit.register(lambda: sys.stderr.write('to stderr\\n'))\n")
    done = _console(tmp_path, setup, ["plan", "--answers", str(EXAMPLES / "sciatica.yaml")])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("handler ran") == 1 and out.endswith("handler ran\n")
    assert json.loads(out[: out.index("handler ran")])["triage"]["level"]
    assert done.stderr == "to stderr\n"
    bad = _console(tmp_path, setup, ["plan", "--answers", str(tmp_path / "missing.yaml")])
    assert bad.returncode == 2 and bad.stdout == "handler ran\n" and "Traceback" not in bad.stderr


def test_a_thread_still_running_is_waited_for_as_python_would(tmp_path: Path) -> None:
    """With a thread still at work, the process ends through Python's own shutdown, which waits for it."""
    setup = ("import threading, time, pathlib\n"
             "def late():\n"
             "    time.sleep(0.5)\n"
             "    pathlib.Path('late.txt').write_text('done')\n"
             "threading.Thread(target=late).start()\n")
    done = _console(tmp_path, setup, ["plan", "--answers", str(EXAMPLES / "sciatica.yaml")])
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "late.txt").read_text() == "done"

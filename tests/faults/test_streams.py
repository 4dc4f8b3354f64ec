"""A delivered handout stays delivered: closed or full stdout/stderr and later faults are warnings, never tracebacks."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from careplan.delivery import deliver

from .helpers import DATE, EXAMPLE, leftovers, pdf_text, run, shell

RENDER = ("--answers", str(EXAMPLE), "-o", "h.pdf", "--date", DATE)


def _delivered(tmp_path: Path) -> None:
    assert "Sam Taylor" in pdf_text(tmp_path / "h.pdf", pages=1)
    assert leftovers(tmp_path) == []


def test_stdout_closed(tmp_path: Path) -> None:
    result = shell('"$@" >&-', *RENDER, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "h.pdf" in result.stderr  # the name it could not print is given on stderr instead
    _delivered(tmp_path)


def test_stderr_closed(tmp_path: Path) -> None:
    result = shell('"$@" 2>&-', *RENDER, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "h.pdf\n"
    _delivered(tmp_path)


def test_stdout_and_stderr_closed(tmp_path: Path) -> None:
    result = shell('"$@" >&- 2>&-', *RENDER, cwd=tmp_path)
    assert result.returncode == 0
    _delivered(tmp_path)


def test_stdout_full(tmp_path: Path) -> None:
    result = shell('"$@" >/dev/full', *RENDER, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr.count("\n") == 1 and "h.pdf" in result.stderr
    _delivered(tmp_path)


def test_stdin_closed_is_a_one_line_error(tmp_path: Path) -> None:
    result = shell('"$@" <&-', cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "--answers" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_stderr_full_with_bad_input_still_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    result = shell('"$@" 2>/dev/full', "--answers", "missing.yaml", "-o", "h.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_stderr_closed_with_bad_input_still_exits_2(tmp_path: Path) -> None:
    result = shell('"$@" 2>&-', "--answers", "missing.yaml", "-o", "h.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_plan_to_a_full_stdout_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = shell('"$@" >/dev/full', "plan", "--answers", str(EXAMPLE), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr.startswith("careplan: ") and result.stderr.count("\n") == 1


def test_plan_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    result = shell('"$@" | head -c 1 >/dev/null; exit "$(( $? ))"', "plan", "--answers", str(EXAMPLE), cwd=tmp_path)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_failing_save_answers_after_the_handout_is_a_warning(tmp_path: Path, monkeypatch) -> None:
    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(deliver, "save_answers_file", full)
    status, out, err = run(["--answers", str(EXAMPLE), "-o", str(tmp_path / "h.pdf"),
                            "--save-answers", str(tmp_path / "a.yaml")])
    assert status == 0, err
    assert out.strip() == str(tmp_path / "h.pdf")
    assert "No space left on device" in err and "h.pdf" in err and "Traceback" not in err
    _delivered(tmp_path)


def test_handout_first_then_saved_answers(tmp_path: Path) -> None:
    """Both written, the answers after the handout, both private."""
    status, _, err = run(["--answers", str(EXAMPLE), "-o", str(tmp_path / "h.pdf"),
                          "--save-answers", str(tmp_path / "a.yaml")])
    assert status == 0, err
    saved = tmp_path / "a.yaml"
    assert 'patient_name: "Sam Taylor"' in saved.read_text(encoding="utf-8")
    assert saved.stat().st_mtime_ns >= (tmp_path / "h.pdf").stat().st_mtime_ns
    assert {oct(p.stat().st_mode & 0o777) for p in (saved, tmp_path / "h.pdf")} == {oct(0o600)}
    _delivered(tmp_path)


# ---------------------------------------------------------------- clinician mode: the clinic file cannot be saved

questionnaire_tests = pytest.importorskip("tests.test_questionnaire")
drive = questionnaire_tests.drive  # the fixture that drives the questionnaire on a script


@pytest.mark.parametrize("breakage", ["config folder is a file", "config home is a file", "disk full"])
def test_unsavable_clinic_file_does_not_fail_a_delivered_handout(drive, tmp_path: Path, monkeypatch,
                                                                  breakage: str) -> None:
    from careplan.contract import clinic_config

    if breakage == "config folder is a file":
        (tmp_path / "config").mkdir()
        (tmp_path / "config" / "careplan").write_text("not a folder\n")
    elif breakage == "config home is a file":
        (tmp_path / "config").write_text("not a folder\n")
    else:
        def full(*a, **k):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(clinic_config, "write_atomic", full)
    result = drive(questionnaire_tests.clinician(name="Riverside Practice"), clinician=True, real_render=True)
    assert result.status == 0, result.err
    assert "Traceback" not in result.err
    assert f"careplan-{DATE}.pdf" in result.err  # the warning says the handout is there
    assert "clinic details could not be kept" in result.err and "clinic.yaml" in result.err  # and what failed
    assert result.last_line.startswith(f"Saved careplan-{DATE}.pdf.")
    assert pdf_text(tmp_path / f"careplan-{DATE}.pdf", pages=1)


# ---------------------------------------------------------------- the questionnaire's own file names

def test_questionnaire_refuses_a_typed_name_that_is_an_input_or_a_fifo(drive, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    from careplan.questionnaire.prompter import REVIEW, SAVE_AS
    from careplan.questionnaire.scripted import turns

    # the --save-answers file, then a FIFO: each asked again; then a good name
    names = turns("saved.pdf", "pipe", "my plan")
    result = drive(questionnaire_tests.patient(**{REVIEW: turns("path", "make"), SAVE_AS: names}),
                   save_answers="saved.pdf", real_render=True)
    assert result.status == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "config") == ["my plan.pdf", "pipe.pdf", "saved.pdf"]
    assert pdf_text(tmp_path / "my plan.pdf", pages=1)
    assert "version: 1" in (tmp_path / "saved.pdf").read_text(encoding="utf-8")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.pdf").st_mode)


def test_questionnaire_claims_the_default_name_when_it_writes(drive, tmp_path: Path, monkeypatch) -> None:
    """The summary shows careplan-DATE.pdf; another run takes it before this one writes: this one gets -2."""
    from careplan.files import writefile

    real_link = os.link
    taken = tmp_path / f"careplan-{DATE}.pdf"

    def link(src, dst, *a, **k):
        if Path(dst).name == taken.name and not taken.exists():
            taken.write_bytes(b"other patient's handout")
        return real_link(src, dst, *a, **k)

    monkeypatch.setattr(writefile.os, "link", link)
    result = drive(questionnaire_tests.patient(), real_render=True)
    assert result.status == 0, result.err
    assert taken.read_bytes() == b"other patient's handout"
    assert result.last_line.startswith(f"Saved careplan-{DATE}-2.pdf.")
    assert pdf_text(tmp_path / f"careplan-{DATE}-2.pdf", pages=1)

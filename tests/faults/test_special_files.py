"""Destroyed files: the handout and the saved answers never replace their own inputs or anything but a regular file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from careplan.files import writefile

from .helpers import DATE, EXAMPLE, careplan, leftovers, one_clean_line, run


def _copy_example(tmp_path: Path, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def _refused(argv: list[str], needle: str) -> str:
    status, out, err = run(argv)
    assert status == 2, (status, err)
    assert out == ""
    one_clean_line(err)
    assert needle in err, err
    return err


def test_output_equal_to_the_answers_file_is_refused(tmp_path: Path) -> None:
    answers = _copy_example(tmp_path)
    _refused(["--answers", str(answers), "-o", str(answers)], "--answers")
    assert answers.read_bytes() == EXAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]


@pytest.mark.parametrize("how", ["relative", "hard link", "symlink"])
def test_output_that_is_the_answers_file_by_another_name_is_refused(tmp_path: Path, monkeypatch, how: str) -> None:
    answers = _copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    if how == "relative":
        other = Path("sub/../answers.yaml")
        (tmp_path / "sub").mkdir()
    elif how == "hard link":
        other = tmp_path / "other.pdf"
        os.link(answers, other)
    else:
        other = tmp_path / "other.pdf"
        other.symlink_to(answers)
    _refused(["--answers", str(answers), "-o", str(other)], "--answers")
    assert answers.read_bytes() == EXAMPLE.read_bytes()
    assert leftovers(tmp_path) == []


def test_save_answers_equal_to_output_is_refused_and_writes_neither(tmp_path: Path) -> None:
    target = tmp_path / "both.yaml"
    _refused(["--answers", str(EXAMPLE), "--save-answers", str(target), "-o", str(target)], "--save-answers")
    assert list(tmp_path.iterdir()) == []
    target.write_text("kept\n")  # and an existing file is kept as it was
    _refused(["--answers", str(EXAMPLE), "--save-answers", str(target), "-o", str(target)], "--save-answers")
    assert target.read_text() == "kept\n" and sorted(p.name for p in tmp_path.iterdir()) == ["both.yaml"]


def test_save_answers_equal_to_the_answers_file_is_refused(tmp_path: Path) -> None:
    answers = _copy_example(tmp_path)
    _refused(["--answers", str(answers), "--save-answers", str(answers), "-o", str(tmp_path / "h.pdf")], "--answers")
    assert answers.read_bytes() == EXAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]  # no handout either


def test_output_onto_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    _refused(["--answers", str(EXAMPLE), "-o", str(fifo)], "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.pdf"]


def test_save_answers_onto_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    _refused(["--answers", str(EXAMPLE), "-o", str(tmp_path / "h.pdf"), "--save-answers", str(fifo)],
             "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.yaml"]


@pytest.mark.parametrize("option,example", [("-o", "handout.pdf"), ("--save-answers", "answers.yaml")])
def test_a_folder_for_an_output_suggests_a_name_of_its_kind(tmp_path: Path, option: str, example: str) -> None:
    """A folder where a file is expected: the example name is one for that file (the saved answers
    were told "such as handout.pdf")."""
    folder = tmp_path / "folder"
    folder.mkdir()
    outputs = {"-o": str(tmp_path / "h.pdf"), "--save-answers": str(tmp_path / "a.yaml"), option: str(folder)}
    err = _refused(["--answers", str(EXAMPLE), *(x for pair in outputs.items() for x in pair)], "is a folder")
    assert f"give a file name such as {example}" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"] and not any(folder.iterdir())


def test_output_onto_a_symlink_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.pdf"
    real.write_bytes(b"someone else's file")
    (tmp_path / "link.pdf").symlink_to(real)
    _refused(["--answers", str(EXAMPLE), "-o", str(tmp_path / "link.pdf")], "not a regular file")
    assert (tmp_path / "link.pdf").is_symlink() and real.read_bytes() == b"someone else's file"


def test_output_dev_null_is_refused(monkeypatch) -> None:
    """-o /dev/null: as root the old code replaced the device with a PDF. Guarded, so a regression fails
    here instead of breaking the machine."""
    real = {name: getattr(writefile.os, name) for name in ("replace", "rename", "link")}

    def guard(name: str):
        def call(src, dst, *a, **k):
            if os.path.realpath(dst) == "/dev/null":
                raise AssertionError(f"os.{name} onto /dev/null")
            return real[name](src, dst, *a, **k)
        return call

    for name in real:
        monkeypatch.setattr(writefile.os, name, guard(name))
    _refused(["--answers", str(EXAMPLE), "-o", "/dev/null"], "/dev/null: is not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not [n for n in os.listdir("/dev") if n.startswith(".careplan-")]


def test_output_onto_a_device_node_in_a_process(tmp_path: Path) -> None:
    """The same through a real process, on a device node of our own (root only: mknod)."""
    node = tmp_path / "null.pdf"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = careplan("--answers", str(EXAMPLE), "-o", str(node), "--date", DATE, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    one_clean_line(result.stderr)
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null.pdf"]


def test_refusal_names_the_path_without_control_characters(tmp_path: Path) -> None:
    fifo = tmp_path / "evil\x1b[2J\x07.pdf"
    os.mkfifo(fifo)
    err = _refused(["--answers", str(EXAMPLE), "-o", str(fifo)], "not a regular file")
    assert "evil\\x1b[2J\\x07.pdf" in err


def test_patient_name_is_never_in_a_refusal(tmp_path: Path) -> None:
    answers = _copy_example(tmp_path)
    err = _refused(["--answers", str(answers), "-o", str(answers)], "--answers")
    assert "Sam Taylor" not in err and "Taylor" not in err

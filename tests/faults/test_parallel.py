"""Two patients, one file: many default-name runs into one folder at once never share or swap a handout."""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from careplan.cli import main
from careplan.files import writefile

from .helpers import DATE, ENV, EXAMPLE, answers_for, leftovers, pdf_text, run

RUNS = 40


def _patient(i: int) -> str:
    """Names that are never part of one another (Patient 1 is inside Patient 10; these are not)."""
    return f"Quinn Q{chr(65 + i // 26)}{chr(65 + i % 26)}Z"


def _one_run(answers: Path, folder: Path, start: Any, results: Any) -> None:
    """One careplan run in its own process: the shell's environment, then main() at the barrier."""
    os.environ.clear()
    os.environ.update(ENV)
    os.chdir(folder)
    start.wait(timeout=60)
    out, err = io.StringIO(), io.StringIO()
    status = main(["--answers", str(answers), "--date", DATE], stdin=io.StringIO(), stdout=out, stderr=err)
    results.send((out.getvalue(), err.getvalue(), status))
    results.close()


@pytest.mark.slow
def test_parallel_default_names_give_each_run_its_own_file(tmp_path: Path) -> None:
    """RUNS separate processes claim names in one folder at the same instant.

    They are forked from this (already warmed-up) test process, as `careplan batch` forks its
    workers, instead of 40 interpreters that each import ReportLab: the race is between real
    processes and the file system either way, and a barrier now starts every run at once.
    """
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    files = [answers_for(inputs, f"p{i}.yaml", _patient(i)) for i in range(RUNS)]
    warm = tmp_path / "warm"
    warm.mkdir()
    assert run(["--answers", str(files[0]), "-o", str(warm / "w.pdf"), "--date", DATE])[0] == 0  # imports, fonts
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(RUNS)
    pipes = [ctx.Pipe(duplex=False) for _ in files]
    procs = [ctx.Process(target=_one_run, args=(f, out, start, send))
             for f, (_, send) in zip(files, pipes, strict=True)]
    for proc, (_, send) in zip(procs, pipes, strict=True):
        proc.start()
        send.close()  # the child's copy is the only one left: a run that dies shows as EOFError, not a wait
    results = []
    for proc, (receive, _) in zip(procs, pipes, strict=True):
        assert receive.poll(120), "a run did not finish"
        results.append(receive.recv())
        proc.join(timeout=60)
        assert proc.exitcode == 0

    printed = []
    for stdout, stderr, status in results:
        assert status == 0, stderr
        assert "Traceback" not in stderr
        printed.append(stdout.strip())
    assert len(set(printed)) == RUNS, sorted(printed)  # no two runs told the same path
    assert sorted(p.name for p in out.iterdir()) == sorted(printed)
    assert leftovers(out) == []
    for i, name in enumerate(printed):
        text = pdf_text(out / name, pages=1)  # the name is on page 1
        assert _patient(i) in text, f"{name} was printed by run {i} but holds another patient's handout"
        others = [j for j in range(RUNS) if j != i and _patient(j) in text]
        assert not others, (name, others)
        assert oct((out / name).stat().st_mode & 0o777) == oct(0o600)


def test_default_name_skips_a_dangling_link_and_leaves_it_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / f"careplan-{DATE}.pdf").symlink_to(tmp_path / "nowhere.pdf")
    status, out, err = run(["--answers", str(EXAMPLE), "--date", DATE])
    assert status == 0, err
    assert out.strip() == f"careplan-{DATE}-2.pdf"
    assert (tmp_path / f"careplan-{DATE}.pdf").is_symlink() and not (tmp_path / "nowhere.pdf").exists()


def test_default_names_without_hard_links(tmp_path: Path, monkeypatch) -> None:
    """On a file system with no hard links (FAT, some network shares) the name is claimed with O_EXCL."""
    monkeypatch.chdir(tmp_path)

    def no_links(*a, **k):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(writefile.os, "link", no_links)
    names = []
    for _ in range(3):
        status, out, err = run(["--answers", str(EXAMPLE), "--date", DATE])
        assert status == 0, err
        names.append(out.strip())
    assert names == [f"careplan-{DATE}.pdf", f"careplan-{DATE}-2.pdf", f"careplan-{DATE}-3.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    assert all(pdf_text(tmp_path / n) for n in names)


def test_a_name_taken_between_check_and_claim_is_not_replaced(tmp_path: Path, monkeypatch) -> None:
    """The race itself, made certain: another run takes the free name just before this one claims it."""
    monkeypatch.chdir(tmp_path)
    real_link = os.link
    other = tmp_path / f"careplan-{DATE}.pdf"

    def link(src, dst, *a, **k):
        if Path(dst).name == other.name and not other.exists():
            other.write_bytes(b"other patient's handout")
        return real_link(src, dst, *a, **k)

    monkeypatch.setattr(writefile.os, "link", link)
    status, out, err = run(["--answers", str(EXAMPLE), "--date", DATE])
    assert status == 0, err
    assert out.strip() == f"careplan-{DATE}-2.pdf"
    assert other.read_bytes() == b"other patient's handout"
    assert leftovers(tmp_path) == []

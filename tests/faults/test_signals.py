"""SIGTERM, SIGHUP and Ctrl-C at any moment: no temporary file left, and either a complete handout or nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import DATE, ENV, EXAMPLE, command, leftovers, pdf_text

RUNS = 15


def _hooked(hook: str, *args: str) -> list[str]:
    """python -c: install `hook` (a few lines run before careplan starts), then run the console entry point."""
    code = (f"import os, signal, sys\n{hook}\nsys.argv = ['careplan', *sys.argv[1:]]\n"
            "from careplan.console import run\nrun()\n")
    return [sys.executable, "-c", code, *args]


def _run_hooked(tmp_path: Path, hook: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_hooked(hook, "--answers", str(EXAMPLE), "-o", "h.pdf", "--date", DATE),
                          cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_signal_while_rendering_leaves_nothing(tmp_path: Path, signum: int) -> None:
    hook = ("import careplan.render.handout as h\n"
            "real = h.render_handout\n"
            "def render(*a, **k):\n"
            f"    os.kill(os.getpid(), {int(signum)})\n"
            "    return real(*a, **k)\n"
            "h.render_handout = render\n")
    result = _run_hooked(tmp_path, hook)
    assert result.returncode == 128 + signum, result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was written" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_signal_masked_by_a_library_clean_up_still_ends_quietly(tmp_path: Path) -> None:
    """ReportLab's drawGroup deletes an attribute in a `finally`; when SIGTERM lands at the wrong moment that
    clean-up fails and an AttributeError replaces careplan's Stopped (seen once in CI). Still 143, no traceback."""
    hook = ("import careplan.render.handout as h\n"
            "real = h.render_handout\n"
            "def render(*a, **k):\n"
            "    try:\n"
            "        os.kill(os.getpid(), signal.SIGTERM)\n"
            "        return real(*a, **k)\n"
            "    finally:\n"
            "        del render.missing  # fails like ReportLab's `del node._parent`\n"
            "h.render_handout = render\n")
    result = _run_hooked(tmp_path, hook)
    assert result.returncode == 143, result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was written" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
@pytest.mark.parametrize("at", ["fsync", "link"])
def test_signal_while_writing_waits_for_a_complete_file(tmp_path: Path, signum: int, at: str) -> None:
    """The signal arrives when the whole PDF sits in the temporary file (fsync) or has just got its
    second name (link, default names): it takes effect once the handout is complete, never leaving a .part."""
    hook = ("import careplan.files.writefile as wf\n"
            f"real = wf.os.{at}\n"
            "def hooked(*a, **k):\n"
            "    result = real(*a, **k)\n"
            f"    os.kill(os.getpid(), {int(signum)})\n"
            "    return result\n"
            f"wf.os.{at} = hooked\n")
    args = ["--answers", str(EXAMPLE), "--date", DATE] + (["-o", "h.pdf"] if at == "fsync" else [])
    result = subprocess.run(_hooked(hook, *args), cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=60)
    name = "h.pdf" if at == "fsync" else f"careplan-{DATE}.pdf"
    assert result.returncode == 128 + signum, result.stderr
    assert "Traceback" not in result.stderr
    assert f"only {name} was written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert "Sam Taylor" in pdf_text(tmp_path / name, pages=1)


def test_signal_after_the_handout_is_in_place_says_so(tmp_path: Path) -> None:
    hook = ("import careplan.files.writefile as wf\n"
            "real = wf._sync_folder\n"
            "def sync(folder):\n"
            "    real(folder)\n"
            "    os.kill(os.getpid(), signal.SIGTERM)\n"
            "wf._sync_folder = sync\n")
    result = _run_hooked(tmp_path, hook)
    assert result.returncode == 143, result.stderr
    assert "only h.pdf was written" in result.stderr and "nothing was written" not in result.stderr
    assert pdf_text(tmp_path / "h.pdf", pages=1)
    assert leftovers(tmp_path) == []


def test_ctrl_c_while_importing_is_quiet(tmp_path: Path) -> None:
    """Ctrl-C while the heavy modules load (before main's own handling): exit 130, no traceback."""
    hook = ("import builtins\n"
            "real = builtins.__import__\n"
            "def imp(name, *a, **k):\n"
            "    if name == 'careplan.cli':\n"
            "        os.kill(os.getpid(), signal.SIGINT)\n"
            "    return real(name, *a, **k)\n"
            "builtins.__import__ = imp\n")
    result = subprocess.run(_hooked(hook, "--answers", str(EXAMPLE), "-o", "h.pdf"),
                            cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 130
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["INT", "TERM", "HUP"])
def test_signal_while_the_entry_point_itself_loads_is_quiet(tmp_path: Path, signum: int) -> None:
    """A signal while console.py's own imports run (before run() starts): the early handler ends the
    process at once with 128 + signal, no traceback, nothing written (it once printed KeyboardInterrupt)."""
    hook = ("import builtins\n"
            "real = builtins.__import__\n"
            "def imp(name, *a, **k):\n"
            "    if name == 'careplan.environment':\n"
            f"        os.kill(os.getpid(), {int(signum)})\n"
            "    return real(name, *a, **k)\n"
            "builtins.__import__ = imp\n")
    result = subprocess.run(_hooked(hook, "--answers", str(EXAMPLE), "-o", "h.pdf"),
                            cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 128 + signum, result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def _random_run(folder: Path, signum: int, delay: float) -> tuple[subprocess.Popen[str], float]:
    folder.mkdir()
    proc = subprocess.Popen(command("--answers", str(EXAMPLE), "-o", "h.pdf", "--date", DATE), cwd=folder,
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, time.monotonic() + delay


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_signal_at_random_moments(tmp_path: Path, signum: int) -> None:
    """RUNS runs, two at a time, each signalled after a random delay within one run's length (at most 0.4 s
    on a fast machine); the seed is in the failure message. Ctrl-C is covered by the tests above: during the
    interpreter's own start-up (before any careplan code) Python itself prints a traceback for it."""
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    began = time.monotonic()
    solo, _ = _random_run(tmp_path / "solo", signum, 0)
    solo.communicate(timeout=60)
    span = max(0.4, time.monotonic() - began)  # a loaded CI machine is slower: keep the delays inside the run
    results = []
    for pair in range(0, RUNS, 2):
        batch = [_random_run(tmp_path / str(i), signum, rng.uniform(0, span)) for i in range(pair, min(pair + 2, RUNS))]
        for proc, deadline in sorted(batch, key=lambda b: b[1]):
            time.sleep(max(0.0, deadline - time.monotonic()))
            if proc.poll() is None:
                proc.send_signal(signum)
        results += [(proc, *proc.communicate(timeout=60)) for proc, _ in batch]
    for i, (proc, stdout, stderr) in enumerate(results):
        folder = tmp_path / str(i)
        where = f"seed {seed}, run {i}, exit {proc.returncode}: {stderr!r}"
        # 128 + signum: careplan cleaned up; -signum: the signal came before careplan started (default action)
        assert proc.returncode in (0, 128 + signum, -signum), where
        assert "Traceback" not in stderr and "Exception ignored" not in stderr, where
        assert leftovers(folder) == [], where
        handout = folder / "h.pdf"
        if handout.exists():
            assert "Sam Taylor" in pdf_text(handout, pages=1), where  # complete, never half a file
            assert proc.returncode == 0 or "only" in stderr, where
        else:
            assert proc.returncode != 0, where
        if proc.returncode == 0:
            assert stdout == "h.pdf\n", where


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "3"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_batch_signalled_as_a_process_group_ends_promptly_and_cleanly(tmp_path: Path, signum: int,
                                                                        jobs: str) -> None:
    """A closed terminal or `kill -- -PGID` signals the batch and all its workers at
    once. It must end within seconds with 128 + signum (a worker that died at once
    used to leave the parent waiting forever on a queue lock it held), leave no
    .part file, and say how many handouts are complete."""
    import os

    src = tmp_path / "in"
    src.mkdir()
    good = EXAMPLE.read_text(encoding="utf-8")
    for n in range(40):
        (src / f"v{n:03d}.yaml").write_text(good if n % 4 == 0 else "version: 1\n", encoding="utf-8")
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for run in range(6):
        out = tmp_path / f"out{run}"
        proc = subprocess.Popen(command("batch", str(src), "-o", str(out), "--jobs", jobs, "--date", DATE),
                                env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        time.sleep(rng.uniform(0.4, 1.6))
        try:
            os.killpg(proc.pid, signum)
        except ProcessLookupError:
            pass
        try:
            _, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"seed {seed}, run {run}: the batch hung after the signal")
        where = f"seed {seed}, run {run}, exit {proc.returncode}: {stderr!r}"
        assert proc.returncode in (128 + signum, -signum, 2), where  # 2: it had finished (bad files)
        assert "Traceback" not in stderr, where
        pdfs = list(out.glob("*.pdf")) if out.exists() else []
        if out.exists():
            assert leftovers(out) == [], where
        if proc.returncode == 128 + signum:  # it says exactly what is on disk
            import re

            count = re.search(r"interrupted; (\d+) complete handouts", stderr)
            if count:
                assert int(count.group(1)) == len(pdfs), where
            elif pdfs:
                assert "only" in stderr and all(p.name in stderr for p in pdfs), where
            else:
                assert "nothing was written" in stderr, where

"""careplan batch: many answers files, parallel workers, one bad file never stops the rest."""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from careplan.cli import main
from careplan.environment import Environment, ExitStatus

from .short_answers import SHORT_ANSWERS as BASE


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    return main(argv, stdout=out, stderr=err), out.getvalue(), err.getvalue()


def _text(pdf: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def _names(pdf: Path) -> set[str]:
    return set(re.findall(r"Profile (\d{4})", _text(pdf)))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_renders_each_file_under_its_own_name(tmp_path: Path, jobs: str) -> None:
    src, other = tmp_path / "in", tmp_path / "more"
    src.mkdir(), other.mkdir()
    for n in range(1, 7):
        (src / f"visit-{n}.yaml").write_text(BASE.format(age=30 + n, n=n))
    (other / "visit-1.yaml").write_text(BASE.format(age=70, n=99))  # same name, another folder
    (src / "broken.yaml").write_text("version: 1\nage: 400\n")
    outdir = tmp_path / "out"
    status, out, err = run(["batch", str(src), str(other / "visit-1.yaml"), "-o", str(outdir),
                            "--jobs", jobs, "--date", "2026-11-28"])
    assert status == 2  # one file failed, reported at the end
    assert "broken.yaml" in err and "'locations'" in err and "Traceback" not in err
    assert out.strip() == f"7 handouts written to {outdir}, 1 failed"
    files = sorted(p.name for p in outdir.iterdir())  # no temporary files left either
    assert files == sorted([f"visit-{n}.pdf" for n in range(1, 7)] + ["visit-1-2.pdf"])
    for n in range(1, 7):
        assert _names(outdir / f"visit-{n}.pdf") == {f"{n:04d}"}
    assert _names(outdir / "visit-1-2.pdf") == {"0099"}
    assert not any("Profile" in name for name in files)  # never named after the patient


def test_batch_with_no_answers_files_is_a_clear_error(tmp_path: Path) -> None:
    status, out, err = run(["batch", str(tmp_path), "-o", str(tmp_path / "out")])
    assert status == 2 and "no answers files found" in err and out == ""


def test_a_folder_of_folders_says_the_folders_inside_are_not_searched(tmp_path: Path) -> None:
    """A clinic that keeps a folder per day and names the parent got only "no answers files found"."""
    (tmp_path / "in" / "2026-11-28").mkdir(parents=True)
    (tmp_path / "in" / "2026-11-29").mkdir()
    (tmp_path / "in" / "2026-11-29" / "a.yaml").write_text(BASE.format(age=40, n=1))
    (tmp_path / "in" / "notes.txt").write_text("not answers")
    status, out, err = run(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert status == 2 and out == "" and not (tmp_path / "out").exists()
    assert err == (f"careplan: no answers files found (looked for .yaml, .yml, .json); folders inside a folder "
                   f"are not searched: name them too, such as {tmp_path / 'in' / '2026-11-29'}\n")
    status, out, _ = run(["batch", str(tmp_path / "in" / "2026-11-29"), "-o", str(tmp_path / "out")])
    assert status == 0 and (tmp_path / "out" / "a.pdf").exists()


def test_an_unreadable_folder_inside_does_not_hide_the_others(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "in" / "a-locked").mkdir(parents=True)
    (tmp_path / "in" / "b-day").mkdir()
    (tmp_path / "in" / "b-day" / "a.yaml").write_text(BASE.format(age=40, n=1))
    listing = Path.iterdir

    def iterdir(self: Path):
        if self.name == "a-locked":  # run as root here, so no permission is ever refused for real
            raise PermissionError(13, "Permission denied")
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    status, _, err = run(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert status == 2 and f"such as {tmp_path / 'in' / 'b-day'}" in err


def test_batch_refuses_a_bad_jobs_count(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE.format(age=40, n=1))
    for jobs in ("0", "257"):
        status, out, err = run(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", jobs])
        assert status == 2 and "--jobs: give a whole number from 1 to 256" in err and out == ""
        assert not (tmp_path / "out").exists()


def test_batch_takes_today_and_the_locale_from_the_environment(tmp_path: Path) -> None:
    """Without --date each handout carries env's today; a file with no region gets the system locale's country."""
    (tmp_path / "a.yaml").write_text(BASE.format(age=40, n=1).replace("region: GB\n", ""))
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), today=dt.date(2031, 2, 3),
                      environ={"LANG": "en_NZ.UTF-8"}, stderr_isatty=False)
    assert main(["batch", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "out"), "--jobs", "1"], env) is ExitStatus.OK
    text = _text(tmp_path / "out" / "a.pdf")
    assert "3 February 2031" in text and "111" in text  # New Zealand's emergency number


def test_a_terminal_gets_a_progress_bar_without_a_monitor_thread(tmp_path: Path) -> None:
    """On a terminal the batch draws tqdm's bar and clears it at the end. It starts no monitor
    thread (one that does not block Ctrl-C would take it while a file is being put in place),
    and it leaves tqdm's own class as it was for any other bar in the process."""
    import threading

    import tqdm

    for n in range(1, 4):
        (tmp_path / f"v{n}.yaml").write_text(BASE.format(age=30 + n, n=n))
    interval = tqdm.tqdm.monitor_interval
    err = io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=err, today=dt.date(2026, 11, 28),
                      environ={"LANG": "en_GB.UTF-8"}, stderr_isatty=True)
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "1"], env) is ExitStatus.OK
    drawn = err.getvalue()
    assert "0/3" in drawn and "handout/s" in drawn and drawn.endswith(" \r")  # drawn, then cleared (leave=False)
    assert tqdm.tqdm.monitor_interval == interval and interval  # tqdm itself untouched
    assert not any(isinstance(t, tqdm._monitor.TMonitor) for t in threading.enumerate())
    assert len(list((tmp_path / "out").iterdir())) == 3


def test_workers_end_quietly(tmp_path: Path) -> None:
    """The pool stops its workers with SIGTERM: no worker may print a traceback."""
    import subprocess
    import sys

    for n in range(1, 5):
        (tmp_path / f"v{n}.yaml").write_text(BASE.format(age=30 + n, n=n))
    done = subprocess.run([sys.executable, "-m", "careplan", "batch", str(tmp_path), "-o", str(tmp_path / "out"),
                           "--jobs", "2", "--date", "2026-11-28"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Stopped" not in done.stderr


def _stopped_while_running(tmp_path: Path, files: int, command: list[str], written: int,
                           stop: Callable[[int], None], ends_within: float) -> tuple[int, str, Path, list[Path]]:
    """Run `command` (its answers folder and output folder: tmp_path/in and tmp_path/out, `files`
    answers files in it) in a process group of its own; once `written` handouts are there, call
    stop(process group), which must end it within `ends_within` seconds. (exit status, stderr,
    output folder, what is in it)."""
    import os
    import signal
    import subprocess
    import time

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for n in range(1, files + 1):
        (src / f"v{n:02d}.yaml").write_text(BASE.format(age=20 + n, n=n))
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < written and proc.poll() is None:
            time.sleep(0.02)
        stop(proc.pid)
        _, err = proc.communicate(timeout=ends_within)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode, err, out, sorted(out.iterdir())


def _whole_and_counted(made: list[Path], out: Path, err: str) -> None:
    """Nothing temporary, the message counts (or names) what is there, and each PDF is whole and its own file's."""
    assert all(p.suffix == ".pdf" and not p.name.startswith(".") for p in made)  # nothing temporary
    if len(made) > 3:
        assert f"interrupted; {len(made)} complete handouts were written in {out}" in err
    else:  # a few are named
        assert "interrupted; only " in err and all(str(pdf) in err for pdf in made)
    for pdf in made:
        assert _names(pdf) == {pdf.stem[1:].zfill(4)}  # whole, and its own file's


@pytest.mark.parametrize(("signame", "status"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_batch_stopped_while_running_leaves_only_complete_handouts_and_counts_them(
        tmp_path: Path, signame: str, status: int) -> None:
    """SIGTERM, or Ctrl-C at a terminal (the whole process group), while the workers are making
    and syncing handouts: every handout already written is put in place whole, nothing
    temporary is left, and the message counts exactly what is in the folder."""
    import os
    import signal
    import sys

    status_was, err, out, made = _stopped_while_running(
        tmp_path, 60, [sys.executable, "-m", "careplan", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                       "--jobs", "2", "--date", "2026-11-28"], 4,
        lambda group: os.killpg(group, getattr(signal, signame)), 60)
    assert status_was == status, err
    assert "Traceback" not in err and "Stopped" not in err
    assert 4 <= len(made) < 60
    _whole_and_counted(made, out, err)


def test_ctrl_c_twice_on_a_slow_disk_with_one_job_leaves_whole_handouts_and_ends(tmp_path: Path) -> None:
    """--jobs 1 on a disk whose sync takes half a second, Ctrl-C twice at the terminal: the run
    ends at once with 130, every handout in the folder whole and counted, nothing temporary.
    (A progress bar's monitor thread, which took Ctrl-C while a file was being finished, once
    left the run waiting for ever with two .part files.)"""
    import os
    import signal
    import sys
    import time

    src, out = tmp_path / "in", tmp_path / "out"
    runner = tmp_path / "slow_disk.py"
    runner.write_text(
        "import os, stat, sys, time\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    if stat.S_ISREG(os.fstat(fd).st_mode):\n"
        "        time.sleep(0.5)\n"
        "    real(fd)\n"
        "os.fsync = slow\n"
        "from careplan import console\n"
        f"sys.argv = ['careplan', 'batch', {str(src)!r}, '-o', {str(out)!r}, '--jobs', '1', '--date', '2026-11-28']\n"
        "console.run()\n")

    def ctrl_c_twice(group: int) -> None:
        time.sleep(0.3)  # into the next handout's sync
        os.killpg(group, signal.SIGINT)
        time.sleep(0.2)
        try:
            os.killpg(group, signal.SIGINT)
        except ProcessLookupError:  # already gone
            pass

    status, err, out, made = _stopped_while_running(tmp_path, 20, [sys.executable, str(runner)], 2, ctrl_c_twice, 30)
    assert status == 130, err
    _whole_and_counted(made, out, err)


def test_a_fault_on_one_file_is_reported_by_name_and_the_rest_go_on(tmp_path: Path, monkeypatch) -> None:
    """A fault that is careplan's own (a layout error in a library, say) on one file: that file is
    named with the fault's kind, no traceback, the others are written, exit 2 at the end."""
    from careplan.delivery import deliver

    real = deliver.make_pdf

    def flaky(request, content, answers):
        if answers.patient_name == "Profile 0003":
            raise RuntimeError("a layout fault")
        return real(request, content, answers)

    monkeypatch.setattr(deliver, "make_pdf", flaky)
    src = tmp_path / "in"
    src.mkdir()
    for n in range(1, 5):
        (src / f"visit-{n}.yaml").write_text(BASE.format(age=30 + n, n=n))
    outdir = tmp_path / "out"
    status, out, err = run(["batch", str(src), "-o", str(outdir), "--jobs", "1", "--date", "2026-11-28"])
    assert status == 2
    assert "visit-3.yaml" in err and "fault in careplan (RuntimeError)" in err
    assert "Traceback" not in err and "a layout fault" not in err
    assert out.strip() == f"3 handouts written to {outdir}, 1 failed"
    assert sorted(p.name for p in outdir.iterdir()) == ["visit-1.pdf", "visit-2.pdf", "visit-4.pdf"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_font_cut_for_its_first_use_in_a_worker_is_announced_once(tmp_path: Path, monkeypatch, jobs: str) -> None:
    """The first Chinese text on a computer cuts a font (up to a minute): a batch says so once,
    whichever worker meets it, instead of seeming to hang (workers said nothing before)."""
    from careplan.delivery import deliver
    from careplan.render import instances

    real = deliver.make_pdf

    def cutting(request, content, answers):
        if instances.on_first_cut is not None:  # what a cut does first, in whichever worker meets one
            instances.on_first_cut()
        return real(request, content, answers)

    monkeypatch.setattr(deliver, "make_pdf", cutting)
    monkeypatch.setenv("LANG", "C")
    src = tmp_path / "in"
    src.mkdir()
    for n in range(1, 5):
        (src / f"visit-{n}.yaml").write_text(BASE.format(age=30 + n, n=n))
    outdir = tmp_path / "out"
    status, out, err = run(["batch", str(src), "-o", str(outdir), "--jobs", jobs, "--date", "2026-11-28"])
    assert status == 0 and out.strip() == f"4 handouts written to {outdir}"
    assert err == "careplan: preparing a font for its first use on this computer; this takes up to a minute, once\n"
    assert instances.on_first_cut is None  # nothing is said outside the batch


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_a_batch_handout_is_the_same_bytes_as_one_made_alone(tmp_path: Path, large: bool) -> None:
    """Workers keep fonts, parsed text and broken lines from one handout to the
    next: none of it may change what is printed. Every example, in English,
    Arabic and Chinese, comes from one batch process; a spread of them must
    match a fresh process's handout byte for byte."""
    import subprocess
    import sys

    import yaml

    from .conftest import EXAMPLES

    src = tmp_path / "in"
    src.mkdir()
    for example in sorted(EXAMPLES.glob("*.yaml")):
        for lang in ("en", "ar", "zh"):
            data = {**yaml.safe_load(example.read_text(encoding="utf-8")), "language": lang}
            (src / f"{example.stem}-{lang}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    size = ["--large-print"] if large else []
    status, _, err = run(["batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1", "--date", "2026-11-28",
                          *size])
    assert status == 0, err
    for answers in sorted(src.iterdir())[1::4]:  # a fresh process for a spread of them (each costs a start-up)
        alone = tmp_path / f"{answers.stem}.pdf"
        subprocess.run([sys.executable, "-m", "careplan", "--answers", str(answers), "-o", str(alone),
                        "--date", "2026-11-28", *size], check=True, capture_output=True)
        assert (tmp_path / "out" / f"{answers.stem}.pdf").read_bytes() == alone.read_bytes(), answers.name


def test_batch_never_writes_over_one_of_its_inputs(tmp_path: Path) -> None:
    """An answers file named x.pdf next to x.yaml, both given, the output folder
    theirs: x.yaml's handout goes to x-2.pdf, never over the other input."""
    (tmp_path / "x.yaml").write_text(BASE.format(age=40, n=1))
    (tmp_path / "x.pdf").write_text(BASE.format(age=41, n=2))
    before = (tmp_path / "x.pdf").read_bytes()
    status, _, err = run(["batch", str(tmp_path / "x.yaml"), str(tmp_path / "x.pdf"), "-o", str(tmp_path),
                          "--jobs", "1", "--date", "2026-11-28"])
    assert status == 0, err
    assert (tmp_path / "x.pdf").read_bytes() == before
    assert _names(tmp_path / "x-2.pdf") == {"0001"} and _names(tmp_path / "x-3.pdf") == {"0002"}


def test_an_output_name_that_links_to_an_input_is_passed_over(tmp_path: Path) -> None:
    """out/a.pdf already there as a link to the answers file itself, and out/b.pdf as a
    hard link to the other: each handout takes the next free name, the inputs stay as they were."""
    import os

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.yaml").write_text(BASE.format(age=40, n=1))
    (src / "b.yaml").write_text(BASE.format(age=41, n=2))
    (out / "a.pdf").symlink_to(src / "a.yaml")
    os.link(src / "b.yaml", out / "b.pdf")
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    status, _, err = run(["batch", str(src), "-o", str(out), "--jobs", "1", "--date", "2026-11-28"])
    assert status == 0, err
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before
    assert _names(out / "a-2.pdf") == {"0001"} and _names(out / "b-2.pdf") == {"0002"}


def test_a_file_named_twice_is_one_handout(tmp_path: Path) -> None:
    """Named on its own, through its folder, by another path and through links: one patient, one
    handout, named by the first name given (here the folder's)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.yaml").write_text(BASE.format(age=40, n=1))
    (src / "b.yaml").write_text(BASE.format(age=41, n=2))
    (tmp_path / "link.yaml").symlink_to(src / "a.yaml")
    (tmp_path / "hard.yaml").hardlink_to(src / "a.yaml")
    outdir = tmp_path / "out"
    status, out, err = run(["batch", str(src), str(src / "a.yaml"), str(src / ".." / "in" / "a.yaml"),
                            str(tmp_path / "link.yaml"), str(tmp_path / "hard.yaml"), "-o", str(outdir),
                            "--jobs", "1", "--date", "2026-11-28"])
    assert status == 0, err
    assert out.strip() == f"2 handouts written to {outdir}"
    assert sorted(p.name for p in outdir.iterdir()) == ["a.pdf", "b.pdf"]
    assert _names(outdir / "a.pdf") == {"0001"}


def test_a_batch_that_writes_nothing_leaves_no_folder(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("version: 1\n")
    status, out, err = run(["batch", str(tmp_path / "bad.yaml"), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert status == 2 and "bad.yaml" in err
    assert not (tmp_path / "out").exists()
    assert out == "no handout written: 1 file failed\n"  # not "0 handouts written to" a folder that is gone
    status, _, err = run(["batch", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "out")])
    assert status == 2 and not (tmp_path / "out").exists()
    (tmp_path / "kept").mkdir()  # there before: stays
    status, _, err = run(["batch", str(tmp_path / "bad.yaml"), "-o", str(tmp_path / "kept" / "a" / "b" / "c"),
                          "--jobs", "1"])
    assert status == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "kept"]
    assert list((tmp_path / "kept").iterdir()) == []  # a, b and c, all made by this run, are gone


def test_a_failed_file_fails_the_batch_even_when_stdout_fails(tmp_path: Path) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    (tmp_path / "good.yaml").write_text(BASE.format(age=40, n=1))
    (tmp_path / "bad.yaml").write_text("version: 1\n")
    err = io.StringIO()
    status = main(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "1", "--date", "2026-11-28"],
                  stdout=Full(), stderr=err)
    assert status == ExitStatus.BAD_INPUT and "bad.yaml" in err.getvalue()
    assert (tmp_path / "out" / "good.pdf").exists()


def test_names_that_one_file_system_would_merge_get_their_own_outputs(tmp_path: Path) -> None:
    """X.yaml and x.yaml, or café in its two Unicode spellings, are one file on
    macOS and Windows: each still gets an output of its own."""
    from careplan.cli.batch import plan_jobs

    sources = [tmp_path / "X.yaml", tmp_path / "x.yaml", tmp_path / "caf\u00e9.yaml", tmp_path / "cafe\u0301.yaml"]
    names = [job.target.name for job in plan_jobs(sources, tmp_path / "out")]
    assert names == ["X.pdf", "x-2.pdf", "caf\u00e9.pdf", "cafe\u0301-2.pdf"]


class _Pipe:
    """A worker's end of its pipe: hands out `jobs` in order and keeps what the worker sends back."""

    def __init__(self, *jobs) -> None:
        self.jobs, self.sent = list(jobs), []

    def recv(self):
        return self.jobs.pop(0)

    def poll(self) -> bool:  # whether a job is waiting
        return bool(self.jobs)

    def send(self, result) -> None:
        self.sent.append(result)


def _serve_here(pipe: _Pipe) -> pytest.ExceptionInfo[SystemExit]:
    """batch_worker.serve in this process, which must end by SystemExit. It installs a worker's
    signal handlers, so this process's own are put back after."""
    import signal

    from careplan.cli import batch_worker
    from careplan.delivery.request import Request

    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        with pytest.raises(SystemExit) as left:
            batch_worker.serve(pipe, Request(date=dt.date(2026, 11, 28)))
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
        gc.unfreeze()  # a worker freezes what its first handout loaded (_settle); this process is no worker
    return left


def test_a_worker_hides_what_its_first_handout_loaded_from_the_collector_after_collecting(tmp_path: Path) -> None:
    """After its first handout a worker collects its garbage, then freezes the rest (templates,
    fonts, kept layouts): the cycle collector's full passes no longer walk them for every
    handout after. Garbage left before that point is collected, not kept frozen."""
    import weakref

    (tmp_path / "a.yaml").write_text(BASE.format(age=40, n=1))
    (tmp_path / "b.yaml").write_text(BASE.format(age=41, n=2))
    outdir = tmp_path / "out"
    outdir.mkdir()
    from careplan.cli import batch, batch_worker

    class Cycle:
        pass

    gone: list[weakref.ref[Cycle]] = []
    gc.unfreeze()
    pipe = _Pipe(batch.Job(tmp_path / "a.yaml", outdir / "a.pdf"), batch.Job(tmp_path / "b.yaml", outdir / "b.pdf"),
                 None)
    frozen: list[int] = []
    real = batch_worker._settle

    def settle() -> None:
        garbage = Cycle()  # garbage left just before: only a collection first frees it
        garbage.me = garbage  # type: ignore[attr-defined]
        gone.append(weakref.ref(garbage))
        del garbage
        real()
        frozen.append(gc.get_freeze_count())

    import signal

    from careplan.delivery.request import Request

    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        batch_worker._settle = settle  # type: ignore[assignment]
        batch_worker.serve(pipe, Request(date=dt.date(2026, 11, 28)))  # None after the jobs: it returns
    finally:
        batch_worker._settle = real  # type: ignore[assignment]
        for signum, handler in saved.items():
            signal.signal(signum, handler)
        gc.unfreeze()
    assert [r[2] for r in pipe.sent] == [None, None]  # both handouts written
    assert len(frozen) == 1 and frozen[0] > 1000  # once, after the first, with what it loaded
    assert gone[0]() is None  # collected before the freeze, not kept


def test_a_worker_told_to_stop_while_putting_a_handout_in_place_finishes_it_first(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    """The worker's stop handler, run inside writefile's held block (a signal
    that reached Python just before the block), defers itself: the handout is
    completed, no .part is left, and the worker then leaves quietly."""
    from careplan.cli import batch, batch_worker
    from careplan.errors import Stopped
    from careplan.files import writefile

    monkeypatch.setattr(Stopped, "pending", None)
    monkeypatch.setattr(Stopped, "deferred", False)
    real = writefile.write_temp

    def signalled_inside(target, data, *sync):
        batch_worker._leave(15, None)
        return real(target, data, *sync)

    monkeypatch.setattr(writefile, "write_temp", signalled_inside)
    (tmp_path / "a.yaml").write_text(BASE.format(age=40, n=1))
    outdir = tmp_path / "out"
    outdir.mkdir()
    job = batch.Job(tmp_path / "a.yaml", outdir / "a.pdf")
    left = _serve_here(_Pipe(job, None))
    assert left.value.code == 128 + 15
    assert sorted(p.name for p in outdir.iterdir()) == ["a.pdf"] and Stopped.held == 0


def test_a_worker_stopped_while_reportlab_parses_a_paragraph_leaves_quietly(tmp_path: Path, monkeypatch) -> None:
    """ReportLab's paragraph parser re-raises whatever interrupts it with the paragraph's
    text in the message; a worker that left by SystemExit then printed that text, a
    patient's name, as it ended. It must leave with 128 + the signal and no text."""
    from reportlab.platypus import paraparser

    from careplan.cli import batch, batch_worker
    from careplan.errors import Stopped

    monkeypatch.setattr(Stopped, "pending", None)
    monkeypatch.setattr(Stopped, "deferred", False)
    real = paraparser.ParaParser.handle_data

    def signalled_while_parsing(self, data):
        if "Secret" in data:
            batch_worker._leave(15, None)
        return real(self, data)

    monkeypatch.setattr(paraparser.ParaParser, "handle_data", signalled_while_parsing)
    (tmp_path / "a.yaml").write_text(BASE.replace('"Profile {n:04d}"', '"Secret Name <&>"').format(age=40))
    outdir = tmp_path / "out"
    outdir.mkdir()
    job = batch.Job(tmp_path / "a.yaml", outdir / "a.pdf")
    pipe = _Pipe(job, job, None)
    left = _serve_here(pipe)
    assert left.value.code == 128 + 15  # a number: Python prints nothing for it
    assert pipe.sent == [] and pipe.jobs == [job, None]  # it left at once, without taking the next job
    assert list(outdir.iterdir()) == []


@pytest.mark.parametrize(("lang", "done", "failed", "expected"), [
    ("C.UTF-8", 1, 0, "1 handout written to OUT"),
    ("C.UTF-8", 7, 1, "7 handouts written to OUT, 1 failed"),
    ("ru_RU.UTF-8", 1, 0, "1 памятка записана в OUT"),
    ("ru_RU.UTF-8", 3, 2, "3 памятки записаны в OUT, не удалось: 2"),
    ("ru_RU.UTF-8", 11, 0, "11 памяток записано в OUT"),
    ("pl_PL.UTF-8", 22, 0, "22 ulotki zapisane w OUT"),
    ("zh_CN.UTF-8", 2, 1, "已在OUT中写入2份指导单，1份失败"),
    ("C.UTF-8", 0, 3, "no handout written: 3 files failed"),  # and no folder named: the run removed it
    ("ru_RU.UTF-8", 0, 1, "ни одной памятки не записано; не удалось: 1"),
    ("de_DE.UTF-8", 0, 2, "kein Merkblatt geschrieben: 2 Dateien fehlgeschlagen"),
])
def test_the_summary_counts_in_the_system_locales_language_and_plural(lang: str, done: int, failed: int,
                                                                      expected: str) -> None:
    from careplan.cli.batch import summary

    assert summary(done, failed, Path("OUT"), {"LANG": lang}) == expected


def test_each_handouts_data_is_synced_before_its_name_and_the_folder_once_at_the_end(tmp_path: Path,
                                                                                      monkeypatch) -> None:
    """Every file is fsynced before it is put in place (no crash leaves half a file), by a
    thread while the next handout is made (files/underway.py); the output folder's
    names are synced once after the last one, not once per handout."""
    import os
    import stat

    from careplan.files import writefile

    src, outdir = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for n in range(1, 5):
        (src / f"v{n}.yaml").write_text(BASE.format(age=30 + n, n=n))
    # a first run fills careplan's caches (templates, pictures, catalogs), which are written
    # the same way: the run watched below then writes handouts only, whatever ran before it
    assert run(["batch", str(src), "-o", str(tmp_path / "first"), "--jobs", "1", "--date", "2026-11-28"])[0] == 0
    real_fsync, real_replace = os.fsync, os.replace

    events: list[tuple[str, int]] = []

    def fsync(fd: int) -> None:
        st = os.fstat(fd)
        real_fsync(fd)
        events.append(("folder" if stat.S_ISDIR(st.st_mode) else "synced", st.st_ino))

    def replace(a, b) -> None:
        events.append(("rename", os.stat(a).st_ino))
        real_replace(a, b)

    monkeypatch.setattr(writefile.os, "fsync", fsync)
    monkeypatch.setattr(writefile.os, "replace", replace)
    status, _, err = run(["batch", str(src), "-o", str(outdir), "--jobs", "1", "--date", "2026-11-28"])
    assert status == 0, err
    assert sorted(p.name for p in outdir.iterdir()) == [f"v{n}.pdf" for n in range(1, 5)]
    handouts = {(outdir / f"v{n}.pdf").stat().st_ino for n in range(1, 5)}
    renamed = [ino for kind, ino in events if kind == "rename"]
    assert sorted(renamed) == sorted(handouts)  # each put in place once
    for ino in handouts:  # its data synced before its name
        assert events.index(("synced", ino)) < events.index(("rename", ino))
    assert [kind for kind, _ in events].count("folder") == 1 and events[-1][0] == "folder"


def test_a_language_or_country_careplan_does_not_know_is_reported_with_its_file(tmp_path: Path) -> None:
    """Found after the file was read, so the problem itself does not name the file: the batch must."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.yaml").write_text(BASE.format(age=40, n=1))
    (src / "p017.yaml").write_text(BASE.format(age=40, n=2) + "language: xx\n")
    (src / "p042.yaml").write_text(BASE.format(age=40, n=3).replace("region: GB", "region: XQ"))
    status, out, err = run(["batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1", "--date", "2026-11-28"])
    assert status == 2 and out.endswith("2 failed\n")
    lines = err.splitlines()
    assert any(str(src / "p017.yaml") in line and "unknown language 'xx'" in line for line in lines), err
    assert any(str(src / "p042.yaml") in line and "'XQ'" in line for line in lines), err
    assert all(line.count("p017.yaml") <= 1 for line in lines)  # named once, not twice


def test_a_long_name_and_its_twin_both_fit_the_file_system(tmp_path: Path) -> None:
    """Two answers files with one 250-byte stem: the second's -2.pdf must still be a name
    the file system takes (it is cut, not refused), and both are rendered."""
    long = "y" * 250
    for suffix in (".yaml", ".yml"):
        (tmp_path / f"{long}{suffix}").write_text(BASE.format(age=40, n=1))
    status, _, err = run(["batch", str(tmp_path / f"{long}.yaml"), str(tmp_path / f"{long}.yml"),
                          "-o", str(tmp_path / "out"), "--jobs", "1", "--date", "2026-11-28"])
    assert status == 0, err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2 and all(len(n.encode()) <= 255 for n in names)
    assert names[0].endswith("-2.pdf") or names[1].endswith("-2.pdf")


def test_a_file_name_that_is_not_utf8_is_rendered_like_any_other(tmp_path: Path) -> None:
    """On Linux a name that is not UTF-8 arrives with surrogate escapes; fitting it to the
    file system's length must not encode it strictly (that stopped the whole batch)."""
    import os

    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.yaml").write_text(BASE.format(age=40, n=1))
    with open(os.path.join(os.fsencode(src), b"caf\xe9.yaml"), "w") as f:
        f.write(BASE.format(age=41, n=2))
    status, _, err = run(["batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1", "--date", "2026-11-28"])
    assert status == 0 and "Traceback" not in err, err
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == [b"caf\xe9.pdf", b"ok.pdf"]


def test_an_interrupt_counts_each_handout_once(tmp_path: Path, monkeypatch) -> None:
    """In one process the write and the batch both record a handout; the message counts it once."""
    from careplan.cli import _interrupted_message
    from careplan.files import writefile

    monkeypatch.setattr(writefile, "written", [tmp_path / "a.pdf", tmp_path / "a.pdf", tmp_path / "b.pdf"])
    assert str(_interrupted_message()) == f"interrupted; only {tmp_path / 'a.pdf'}, {tmp_path / 'b.pdf'} was written."

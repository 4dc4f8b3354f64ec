"""files/underway.py and batch_worker.made: a handout synced by a thread while the next is made."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from careplan.errors import CareplanError
from careplan.files import underway

from .short_answers import SHORT_ANSWERS as BASE


def _parts(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_a_begun_file_is_private_and_only_its_name_waits_for_finish(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    begun = underway.begin(target, b"%PDF-1.4 data")
    assert not target.exists() and len(_parts(tmp_path)) == 1  # written under its temporary name only
    underway.finish(begun)
    assert target.read_bytes() == b"%PDF-1.4 data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _parts(tmp_path) == []


def test_the_data_is_synced_by_another_thread_with_the_stop_signals_blocked(tmp_path: Path, monkeypatch) -> None:
    """The thread never takes a stop signal meant for the worker: it starts inside the held block."""
    seen: list[tuple[bool, set[int]]] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        seen.append((threading.current_thread() is threading.main_thread(),
                     set(signal.pthread_sigmask(signal.SIG_BLOCK, []))))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(underway, "_SYNCING", [])  # the thread is started by this begin()
    before = set(signal.pthread_sigmask(signal.SIG_BLOCK, []))
    underway.finish(underway.begin(tmp_path / "a.pdf", b"data"))
    assert len(seen) == 1
    in_main, mask = seen[0]
    assert not in_main
    assert {signal.SIGINT, signal.SIGTERM, signal.SIGHUP} <= mask
    assert set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) == before  # this thread's mask is as it was


def test_a_failed_sync_leaves_neither_the_file_nor_its_temporary_copy(tmp_path: Path, monkeypatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "a.pdf"
    begun = underway.begin(target, b"data")
    with pytest.raises(CareplanError) as failed:
        underway.finish(begun)
    assert "a.pdf" in failed.value.render() and "Input/output error" in failed.value.render()
    assert list(tmp_path.iterdir()) == []


def test_with_no_thread_to_be_had_the_data_is_synced_at_once(tmp_path: Path, monkeypatch) -> None:
    def start(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", start)
    monkeypatch.setattr(underway, "_SYNCING", [])
    target = tmp_path / "a.pdf"
    begun = underway.begin(target, b"data")
    assert begun.done is None
    underway.finish(begun)
    assert target.read_bytes() == b"data" and _parts(tmp_path) == []


def test_finishing_twice_puts_the_file_in_place_once_and_never_waits(tmp_path: Path) -> None:
    """A stop's clean-up may finish a handout that was just finished: it must neither wait for
    the sync again (its lock stays held: that would hang the worker) nor fail."""
    target = tmp_path / "a.pdf"
    begun = underway.begin(target, b"data")
    underway.finish(begun)
    again = threading.Thread(target=underway.finish, args=(begun,), daemon=True)
    again.start()
    again.join(5)
    assert not again.is_alive()
    assert target.read_bytes() == b"data" and _parts(tmp_path) == []


def test_a_finish_interrupted_after_its_wait_is_finished_by_the_next(tmp_path: Path) -> None:
    """Ctrl-C right after the wait: the clean-up's finish() must not wait forever, and puts the file in place."""
    target = tmp_path / "a.pdf"
    begun = underway.begin(target, b"data")
    real = begun.done

    class Interrupted(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            assert real is not None
            real.wait()
            begun.done = real  # the next wait is the real one
            raise KeyboardInterrupt

    begun.done = Interrupted()
    with pytest.raises(KeyboardInterrupt):
        underway.finish(begun)
    assert not target.exists()
    again = threading.Thread(target=underway.finish, args=(begun,), daemon=True)
    again.start()
    again.join(5)
    assert not again.is_alive()
    assert target.read_bytes() == b"data" and _parts(tmp_path) == []


def test_a_sync_that_fails_on_close_fails_its_file_and_the_next_is_still_synced(tmp_path: Path,
                                                                               monkeypatch) -> None:
    """A network file system may report a lost write only when the file is closed: that file fails,
    by name; the thread goes on, so the file queued behind it is synced and put in place."""
    import time

    real_close, real_fsync = os.close, os.fsync
    failed_once: list[int] = []

    def close(fd: int) -> None:
        real_close(fd)
        if threading.current_thread().name == "careplan-sync" and not failed_once:
            failed_once.append(fd)
            raise OSError(errno.EIO, "Input/output error")

    def slow_fsync(fd: int) -> None:
        time.sleep(0.1)  # the second file is queued while the first is synced
        real_fsync(fd)

    monkeypatch.setattr(os, "close", close)
    monkeypatch.setattr(os, "fsync", slow_fsync)
    a, b = underway.begin(tmp_path / "a.pdf", b"A"), underway.begin(tmp_path / "b.pdf", b"B")
    with pytest.raises(CareplanError) as failed:
        underway.finish(a)
    assert "a.pdf" in failed.value.render()
    after = threading.Thread(target=underway.finish, args=(b,), daemon=True)
    after.start()
    after.join(5)
    assert not after.is_alive()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf"]


def test_one_thread_syncs_every_file_of_a_process(tmp_path: Path) -> None:
    names = set()
    for n in range(3):
        underway.finish(underway.begin(tmp_path / f"{n}.pdf", b"data"))
        names.add(underway._SYNCING[0][0].ident)
    assert len(names) == 1 and underway._SYNCING[0][0].is_alive()


def test_an_existing_file_keeps_its_mode_and_an_input_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    underway.finish(underway.begin(target, b"new"))
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    with pytest.raises(CareplanError):
        underway.begin(target, b"newer", inputs={"--answers": target})
    assert target.read_bytes() == b"new" and _parts(tmp_path) == []


def _jobs(tmp_path: Path, *ages: int):
    from careplan.cli.batch_files import Job

    outdir = tmp_path / "out"
    outdir.mkdir(exist_ok=True)
    jobs = []
    for n, age in enumerate(ages, 1):
        source = tmp_path / f"v{n}.yaml"
        source.write_text(BASE.format(age=age, n=n))
        jobs.append(Job(source, outdir / f"v{n}.pdf"))
    return outdir, jobs


def _loaded() -> None:
    from careplan.cli import batch_worker
    from careplan.delivery.request import Request

    batch_worker.load(Request(date=dt.date(2026, 11, 28)))


def test_a_stop_held_while_a_file_failed_is_not_swallowed_by_the_failure(tmp_path: Path, monkeypatch) -> None:
    """SIGTERM taken while a handout was being put in place, which then failed: the worker must
    still leave (it used to report the failure and go on, its stop handler already spent)."""
    from careplan.cli import batch_worker
    from careplan.cli.batch_files import Job
    from careplan.errors import Stopped

    monkeypatch.setattr(Stopped, "pending", None)
    monkeypatch.setattr(Stopped, "deferred", False)

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    job = Job(tmp_path / "a.yaml", tmp_path / "a.pdf")
    begun = underway.begin(job.target, b"data")
    Stopped.pending = signal.SIGTERM  # as the worker's handler leaves it when deferred
    Stopped.deferred = True
    with pytest.raises(Stopped):
        batch_worker.finish_one(job, begun)
    assert list(tmp_path.iterdir()) == []


def test_results_come_in_the_order_of_the_jobs_with_a_bad_file_among_them(tmp_path: Path) -> None:
    from careplan.cli import batch_worker

    _loaded()
    outdir, jobs = _jobs(tmp_path, 40, 200, 41, 42)  # age 200: refused, by name
    left = jobs[::-1]
    results = list(batch_worker.made(lambda: left.pop() if left else None, lambda: bool(left)))
    assert [r[0] for r in results] == [j.source for j in jobs]
    assert [r[1] is not None for r in results] == [True, False, True, True]
    assert "v2.yaml" in (results[1][2] or "")
    assert sorted(p.name for p in outdir.iterdir()) == ["v1.pdf", "v3.pdf", "v4.pdf"]


def test_a_handout_under_way_when_the_results_stop_being_read_is_put_in_place(tmp_path: Path) -> None:
    """A stop (the worker's SIGTERM, a closed pipe) ends the generator while the
    second handout is under way: it is complete, so it is put in place, not lost."""
    from careplan.cli import batch_worker

    _loaded()
    outdir, jobs = _jobs(tmp_path, 40, 41, 42)
    left = jobs[::-1]
    results = batch_worker.made(lambda: left.pop() if left else None, lambda: True)
    first = next(results)  # made while the second was begun: the second is now under way
    assert first[1] == jobs[0].target and left == [jobs[2]]
    assert not jobs[1].target.exists() and len(_parts(outdir)) == 1
    results.close()
    assert sorted(p.name for p in outdir.iterdir()) == ["v1.pdf", "v2.pdf"]
    assert jobs[1].target.read_bytes().startswith(b"%PDF") and jobs[1].target.read_bytes().rstrip().endswith(b"%%EOF")

"""writefile.write_atomic in two halves: the file written now, put in place a moment later.

A batch worker made a handout, then waited in fsync until its data was on
disk (1 to 3 ms here, far longer on a slow disk) while its core idled:
about a tenth of a batch's time on a two-core machine. begin() writes the
temporary file and hands its syncing to the process's syncing thread (one,
started on first use: a thread each cost 1% of a handout); the worker makes the next
handout meanwhile, and finish() waits for the sync and renames the file into
place. Every promise of writefile holds: the data is on disk before its
name, the file is private (0600) and complete or absent, and the stop
signals are held while it is written and put in place. The thread is
started inside that held block, so it starts with those signals blocked
(a new thread takes its maker's signal mask) and never takes one meant for
the worker. A stop between the halves, or during the first, puts the file in
place before it takes effect (it is complete; waiting for its sync costs
milliseconds), so a stop never loses a handout already made.
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import Any

from careplan.files import writefile
from careplan.files.writefile import FOLDER_FOR_HANDOUT, Inputs
from careplan.records import record


@record(frozen=False)
class Underway:
    """A file written to its temporary name, its data being synced by the process's syncing thread."""

    target: Path
    tmp: str
    old: os.stat_result | None
    private: bool
    done: Any  # a lock the syncing thread releases once the data is on disk; None: synced already
    failed: list[OSError]  # what the sync raised, if it failed
    settled: bool = False  # put in place (or removed) by finish(): a second finish() does nothing


def begin(target: Path, data: bytes, *, inputs: Inputs | None = None, private: bool = True,
          folder: str = FOLDER_FOR_HANDOUT) -> Underway:
    """Check the target and write data to a temporary file beside it, synced by a thread from now."""
    target = Path(target)
    old = writefile.check_target(target, inputs, folder=folder)
    failed: list[OSError] = []
    done: list[Any] = []

    def sync(fd: int) -> None:
        mine = os.dup(fd)  # the file is closed here as usual; the thread closes its own descriptor
        lock = threading.Lock()
        lock.acquire()
        try:
            _syncing().put((mine, failed, lock))
        except RuntimeError:  # no thread to be had: sync here and now, as write_atomic does
            _sync(mine, failed)
            done.append(None)
            return
        done.append(lock)

    tmp: str | None = None
    try:
        with writefile._SignalsHeld():
            tmp = writefile._temp_with(target, data, sync)
    except BaseException:
        if tmp is not None:  # a stop came while it was written (raised as the block ends): put it in place first
            finish(Underway(target, tmp, old, private, done[0], failed))
        raise
    return Underway(target, tmp, old, private, done[0], failed)


#: The process's syncing thread and the queue it takes files from (made on first use, and again in a
#: forked child, which has no thread of its parent's).
_SYNCING: list[tuple[threading.Thread, queue.SimpleQueue[Any]]] = []


def _syncing() -> queue.SimpleQueue[Any]:
    """The queue of the thread that syncs files, started if need be. Called inside the held
    block, so the thread starts with the stop signals blocked. RuntimeError: no thread."""
    if not _SYNCING or not _SYNCING[0][0].is_alive():
        todo: queue.SimpleQueue[Any] = queue.SimpleQueue()
        thread = threading.Thread(target=_serve, args=(todo,), name="careplan-sync", daemon=True)
        thread.start()
        _SYNCING[:] = [(thread, todo)]
    return _SYNCING[0][1]


def _serve(todo: queue.SimpleQueue[Any]) -> None:
    while True:
        fd, failed, lock = todo.get()
        try:
            _sync(fd, failed)
        finally:
            lock.release()


def _sync(fd: int, failed: list[OSError]) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:
        failed.append(exc)
    finally:
        os.close(fd)


def finish(underway: Underway) -> None:
    """Wait until the data is on disk, then put the file in place (write_atomic's second half).
    Once: called again, it does nothing."""
    with writefile._SignalsHeld():
        if underway.done is not None:
            underway.done.acquire()  # released by the thread once the data is on disk
            underway.done = None  # waited for: never again (it stays held)
        if underway.settled:  # a stop's clean-up may finish what was just finished
            return
        underway.settled = True
        if underway.failed:
            writefile._remove(underway.tmp)
            raise writefile._cannot(underway.target, underway.failed[0]) from None
        writefile._place(underway.tmp, underway.target, underway.old, underway.private)

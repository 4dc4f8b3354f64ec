"""writefile.write_atomic in two halves: the file written now, put in place a moment later.

A batch worker made a handout, then waited in fsync until its data was on
disk (1 to 3 ms here, far longer on a slow disk) while its core idled:
about a tenth of a batch's time on a two-core machine. begin() writes the
temporary file and hands its syncing to the process's syncing thread (one,
started on first use: a thread each cost 1% of a handout); the worker makes the next
handout meanwhile, and finish() waits for the sync and renames the file into
place. The data is on disk before its name, and the file is private (0600)
and complete or absent, as with writefile. The stop signals are held while
each half runs (not between them: the worker makes the next handout then).
The thread is started inside the first half's held block, so it starts with
those signals blocked (a new thread takes its maker's signal mask) and never
takes one meant for the worker; it outlives any failure of one file's sync.
finish() may be called again (a stop's clean-up): it waits and puts the
file in place once. The caller finishes what it has begun when a stop comes
between the halves (cli/batch_worker.py, made()): the file is complete and
its sync takes milliseconds, so a stop never loses a handout already made;
a stop during the first half puts the file in place before it is raised.
"""

from __future__ import annotations

import errno
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
    done: threading.Event | None  # set by the syncing thread once the data is on disk; None: synced already
    failed: list[OSError]  # what the sync raised, if it failed
    settled: bool = False  # put in place (or removed) by finish(): a second finish() does nothing


def begin(target: Path, data: bytes, *, inputs: Inputs | None = None, private: bool = True,
          folder: str = FOLDER_FOR_HANDOUT) -> Underway:
    """Check the target and write data to a temporary file beside it, synced by a thread from now."""
    target = Path(target)
    old = writefile.check_target(target, inputs, folder=folder)
    failed: list[OSError] = []
    done: list[threading.Event | None] = []

    def sync(fd: int) -> None:
        mine = os.dup(fd)  # the file is closed here as usual; the thread closes its own descriptor
        synced = threading.Event()
        try:
            _syncing().put((mine, failed, synced))
        except RuntimeError:  # no thread to be had: sync here and now, as write_atomic does
            _sync(mine, failed)
            done.append(None)
            return
        done.append(synced)

    tmp: str | None = None
    try:
        with writefile.held():
            tmp = writefile.write_temp(target, data, sync)  # stored as it returns: no signal is taken between
    except BaseException:
        if tmp is not None:  # a stop came while it was written (raised as the block ends): put it in place first
            finish(Underway(target, tmp, old, private, done[0], failed))
        raise
    return Underway(target, tmp, old, private, done[0], failed)


#: The process's syncing thread, the queue it takes files from and the process they belong to
#: (made on first use; again in a forked child, which has no thread of its parent's).
_SYNCING: list[tuple[threading.Thread, queue.SimpleQueue[Any], int]] = []


def _syncing() -> queue.SimpleQueue[Any]:
    """The queue of the thread that syncs files, started if need be. Called inside the held
    block, so the thread starts with the stop signals blocked. RuntimeError: no thread."""
    if _SYNCING and _SYNCING[0][0].is_alive():
        return _SYNCING[0][1]
    mine = os.getpid()
    # a thread that ended (it never should) leaves its queue to the next, with any file still in it
    todo: queue.SimpleQueue[Any] = _SYNCING[0][1] if _SYNCING and _SYNCING[0][2] == mine else queue.SimpleQueue()
    thread = threading.Thread(target=_serve, args=(todo,), name="careplan-sync", daemon=True)
    thread.start()
    _SYNCING[:] = [(thread, todo, mine)]
    return todo


def _serve(todo: queue.SimpleQueue[Any]) -> None:
    while True:
        fd, failed, synced = todo.get()
        try:
            _sync(fd, failed)
        except Exception as exc:  # noqa: BLE001 (whatever it is, this file failed; the next ones are still waited for)
            failed.append(OSError(errno.EIO, f"the data could not be synced ({type(exc).__name__})"))
        finally:
            synced.set()


def _sync(fd: int, failed: list[OSError]) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:
        failed.append(exc)
    finally:
        try:
            os.close(fd)
        except OSError as exc:  # a network file system may report a failed write only here
            failed.append(exc)


def finish(underway: Underway) -> None:
    """Wait until the data is on disk, then put the file in place (write_atomic's second half).
    Once: called again, it does nothing."""
    with writefile.held():
        if underway.done is not None:
            underway.done.wait()  # set by the thread once the data is on disk (waiting again returns at once)
        if underway.settled:  # a stop's clean-up may finish what was just finished
            return
        if underway.failed:
            writefile.remove_quietly(underway.tmp)
            underway.settled = True
            raise writefile.cannot_write(underway.target, underway.failed[0]) from None
        writefile.place(underway.tmp, underway.target, underway.old, underway.private)  # gone on any error
        underway.settled = True

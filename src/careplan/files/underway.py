"""writefile.write_atomic in two halves: the file written now, put in place a moment later.

A batch worker made a handout, then waited in fsync until its data was on
disk (1 to 3 ms here, far longer on a slow disk) while its core idled:
about a tenth of a batch's time on a two-core machine. begin() writes the
temporary file and hands its syncing to a thread; the worker makes the next
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
import threading
from pathlib import Path

from careplan.files import writefile
from careplan.files.writefile import FOLDER_FOR_HANDOUT, Inputs
from careplan.records import record


@record(frozen=False)
class Underway:
    """A file written to its temporary name, its data being synced by `thread`."""

    target: Path
    tmp: str
    old: os.stat_result | None
    private: bool
    thread: threading.Thread | None  # None: synced already (no thread could be started)
    failed: list[OSError]  # what the sync raised, if it failed


def begin(target: Path, data: bytes, *, inputs: Inputs | None = None, private: bool = True,
          folder: str = FOLDER_FOR_HANDOUT) -> Underway:
    """Check the target and write data to a temporary file beside it, synced by a thread from now."""
    target = Path(target)
    old = writefile.check_target(target, inputs, folder=folder)
    failed: list[OSError] = []
    threads: list[threading.Thread | None] = []

    def sync(fd: int) -> None:
        mine = os.dup(fd)  # the file is closed here as usual; the thread closes its own descriptor
        thread = threading.Thread(target=_sync, args=(mine, failed), name="careplan-sync", daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no thread to be had: sync here and now, as write_atomic does
            _sync(mine, failed)
            threads.append(None)
            return
        threads.append(thread)

    tmp: str | None = None
    try:
        with writefile._SignalsHeld():
            tmp = writefile._temp_with(target, data, sync)
    except BaseException:
        if tmp is not None:  # a stop came while it was written (raised as the block ends): put it in place first
            finish(Underway(target, tmp, old, private, threads[0], failed))
        raise
    return Underway(target, tmp, old, private, threads[0], failed)


def _sync(fd: int, failed: list[OSError]) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:
        failed.append(exc)
    finally:
        os.close(fd)


def finish(underway: Underway) -> None:
    """Wait until the data is on disk, then put the file in place (write_atomic's second half)."""
    with writefile._SignalsHeld():
        if underway.thread is not None:
            underway.thread.join()
        if underway.failed:
            writefile._remove(underway.tmp)
            raise writefile._cannot(underway.target, underway.failed[0]) from None
        writefile._place(underway.tmp, underway.target, underway.old, underway.private)

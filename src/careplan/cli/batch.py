"""Many handouts at once: ``careplan batch ANSWERS... -o OUTDIR [--jobs N]``.

A clinic or a study prints hundreds of handouts; one process each would load
templates, fonts and catalogs hundreds of times. Here each worker process
loads them once and renders a share of the files. One bad file is reported by
name and the rest go on. Output names come from the answers files' names
(cli/batch_files.py), and every handout is written like a single one:
atomically and private. What each worker does is in cli/batch_worker.py.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from careplan.cli import batch_order as order
from careplan.cli import batch_worker as worker
from careplan.cli.batch_files import Job, answer_files, plan_jobs
from careplan.cli.cpus import usable_cpus
from careplan.cli.parser import BAD_JOBS
from careplan.contract.checks import is_whole_number
from careplan.environment import ExitStatus
from careplan.errors import N_, CareplanError

if TYPE_CHECKING:
    from tqdm import tqdm

    from careplan.delivery.request import Request

#: --jobs: at least one worker, and no more than any machine careplan runs on could use.
MAX_JOBS = 256


class Progress(Protocol):
    """What the batch needs of a progress bar (tqdm's)."""

    def update(self, n: float | None = 1) -> bool | None: ...

    def close(self) -> None: ...


def check_jobs(jobs: int | None) -> None:
    """--jobs must be a whole number from 1 to MAX_JOBS (None: one per core)."""
    if jobs is not None and not is_whole_number(jobs, 1, MAX_JOBS):
        raise CareplanError(BAD_JOBS)


def _results(jobs: list[Job], request: Request, workers: int,
             tell: Callable[[], None]) -> Iterator[tuple[Path, Path | None, str | None]]:
    """Each job's result as it comes; `tell` is called when a font is cut for its first use.
    Each language's files go together, to one worker (cli/batch_order.py)."""
    kinds = [order.kind(job.source, request.lang, request.region) if len(jobs) > 1 else (None, None) for job in jobs]
    queues = order.Queues(jobs, kinds, workers)
    if workers <= 1:  # in this process, under the command's own signal handling
        from careplan.render import instances

        worker.load(request)
        left = list(queues.rest())[::-1]  # taken from the end: the first job first
        with instances.first_cut_said(tell):
            yield from worker.made(lambda: left.pop() if left else None, lambda: bool(left))
        return
    import multiprocessing
    from multiprocessing.connection import wait

    ctx: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    sent: dict[Any, list[Job]] = {}  # each worker's pipe, and the jobs it has not answered yet
    number: dict[Any, int] = {}  # each worker's pipe, and the worker's number in queues
    procs = []
    try:
        for n in range(workers):
            here, there = ctx.Pipe()
            worker.masked(True)  # a signal before the worker's own handlers would print a traceback there
            try:
                proc = ctx.Process(target=worker.serve, args=(there, request), daemon=True)
                proc.start()
            finally:
                worker.masked(False)
            there.close()
            procs.append(proc)
            sent[here] = []
            number[here] = n
            # three each: one being synced to disk, one being made, one waiting (batch_worker.made),
            # so a worker never idles for the parent
            for _ in range(3):
                _feed(here, queues.take(n), sent)
        while any(sent.values()):
            ready: list[Any] = wait([c for c, waiting in sent.items() if waiting])
            for conn in ready:
                try:
                    result: tuple[Path, Path | None, str | None] | str = conn.recv()
                except (EOFError, OSError):  # the worker ended without answering: its jobs fail, by name
                    for job in sent.pop(conn):
                        yield _fault(job, "worker ended")
                    if not sent:  # no worker left: the rest fail too
                        for job in queues.rest():
                            yield _fault(job, "worker ended")
                    continue
                if isinstance(result, str):  # FIRST_CUT_NOTE: a note, not the answer to a job
                    tell()
                    continue
                sent[conn].pop(0)
                _feed(conn, queues.take(number[conn]), sent)
                yield result
        for conn in sent:
            conn.send(None)
        for proc in procs:
            proc.join()
    finally:
        _stop(procs)


def _feed(conn: Any, job: Job | None, sent: dict[Any, list[Job]]) -> None:
    if job is not None:
        conn.send(job)
        sent[conn].append(job)


def _fault(job: Job, error: str) -> tuple[Path, Path | None, str | None]:
    from careplan.files.writefile import shown

    return job.source, None, CareplanError(worker.FAULT, path=shown(job.source), error=error).render()


def _stop(procs: list[Any]) -> None:
    """Workers still running (an interrupt, a fault): ask each to leave (it puts in place
    the handout it has written, and leaves nothing partial), give it a few seconds, then end it."""
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()


def run(paths: Sequence[Path], outdir: Path, request: Request, jobs: int | None,
        out: IO[str], err: IO[str], *, progress: bool = False) -> ExitStatus:
    """Render every answers file into outdir under the options of `request`; exit 2 at the end if any failed.

    The request must be picklable (its environ a plain dict): workers may be spawned.

    `progress` shows a bar on err (the command line says so when err is a terminal)."""
    from careplan.delivery.streams import silence_stdout
    from careplan.files import writefile

    if outdir.exists() and not outdir.is_dir():
        raise CareplanError(N_("{path}: is not a folder"), path=str(outdir))
    todo = plan_jobs(answer_files(paths), outdir)  # no folder is made for a run that cannot start
    made = _missing(outdir)  # the folders this run makes (a/b/c: each of them that is not there yet)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CareplanError(N_("{path}: cannot make this folder ({problem})"), path=str(outdir),
                            problem=exc.strerror or str(exc)) from None
    workers = max(1, min(jobs or usable_cpus(), len(todo)))  # a container's CPU quota, not the host's cores
    before = {job.target: _identity(job.target) for job in todo}  # to tell, if interrupted, what this run wrote
    failed: list[tuple[Path, str]] = []
    done: list[Path] = []
    bar = _progress(len(todo), err, progress)
    told: list[bool] = []

    def tell() -> None:  # the first Chinese or Arabic text on a computer: say why the batch seems to stop
        from careplan.delivery.deliver import FIRST_CUT

        if not told:
            told.append(True)
            _above_bar(err, CareplanError(FIRST_CUT), request.environ)

    try:
        for source, target, problem in _results(todo, request, workers, tell):
            if problem is not None:
                failed.append((source, problem))
            elif target is not None:
                done.append(target)
                writefile.written.append(target)  # a signal from here on (even after the last) says it is there
            bar.update(1)
    except KeyboardInterrupt:
        # an interrupt says what is on disk: every handout this run put in place, the workers' too,
        # found on disk (one may have finished after its last word reached this process)
        ours = [target for target, identity in before.items() if _identity(target) not in (None, identity)]
        writefile.written[:] = [*dict.fromkeys([*writefile.written, *ours])]
        raise
    finally:
        bar.close()
        if done:
            writefile.sync_folder(outdir)  # the names, once for all (each file's data was synced before its name)
        else:
            for folder in made:  # deepest first
                _remove_empty(folder)
    for _source, problem in sorted(failed):  # reported in the order of the files' names
        err.write(f"careplan: {problem}\n")
    status = ExitStatus.BAD_INPUT if failed else ExitStatus.OK
    try:  # a full or closed stdout does not turn failed files into a success
        out.write(summary(len(done), len(failed), outdir, request.environ) + "\n")
        out.flush()
    except (OSError, ValueError):
        silence_stdout(out)
    return status


def summary(done: int, failed: int, outdir: Path, environ: Mapping[str, str] | None = None) -> str:
    """The batch's last line, in the system locale's language: '7 handouts written to OUT, 1 failed'.

    With no handout written the folder is not named: the run removed it, or never made it."""
    try:
        from careplan import i18n

        t = i18n.translator(i18n.negotiate(i18n.system_locale(environ), strict=False))
    except Exception:  # noqa: BLE001 (a summary must never itself fail the run)
        from careplan.i18n.translation import Translator

        t = Translator()
    if not done:
        return t.nformat("no handout written: {n} file failed", "no handout written: {n} files failed", failed)
    line = t.nformat("{n} handout written to {folder}", "{n} handouts written to {folder}", done, folder=str(outdir))
    if failed:
        line += t.nformat(", {n} failed", ", {n} failed", failed)
    return line


def _identity(path: Path) -> tuple[int, int] | None:
    """A file's inode and change time (None when there is none): a handout put in place replaces both."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_ctime_ns


def _missing(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist yet, deepest first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_empty(folder: Path) -> None:
    """The output folder this run made, when nothing went into it."""
    try:
        folder.rmdir()
    except OSError:
        pass


def _above_bar(err: IO[str], message: CareplanError, environ: Mapping[str, str] | None) -> None:
    """A line on err, with a progress bar there cleared first and drawn again after."""
    from careplan.delivery.streams import report

    with _bar_class().external_write_mode(file=err):  # the bar's own class, and so its own lock
        report(err, message, environ)


def _progress(total: int, err: IO[str], show: bool) -> Progress:
    """A progress bar on a terminal; nothing when the output is a file or a pipe."""
    bar: Progress = _bar_class()(total=total, file=err, unit="handout", disable=not show, leave=False)
    return bar


@functools.cache
def _bar_class() -> type[tqdm[Any]]:
    """tqdm without its monitor thread, which tqdm starts for every bar, shown or not: a thread
    that does not block Ctrl-C would take it while a file is being put in place, where it must
    wait (files/writefile.py). A subclass, so tqdm itself is left as it was for anyone else."""
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[type-arg]  # generic only in its stubs
        monitor_interval = 0

    return Bar

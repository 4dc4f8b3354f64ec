"""Many handouts at once: ``careplan batch ANSWERS... -o OUTDIR [--jobs N]``.

A clinic or a study prints hundreds of handouts; one process each would load
templates, fonts and catalogs hundreds of times. Here each worker process
loads them once and renders a share of the files. One bad file is reported by
name and the rest go on. Output names come from the answers files' names
(cli/batch_files.py), and every handout is written like a single one:
atomically and private.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from careplan.cli.batch_files import Job, answer_files, plan_jobs
from careplan.cli.cpus import usable_cpus
from careplan.cli.parser import BAD_JOBS
from careplan.contract.checks import is_whole_number
from careplan.environment import ExitStatus
from careplan.errors import N_, CareplanError, Stopped
from careplan.records import record

if TYPE_CHECKING:
    from careplan.content.model import Content
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


# ---------------------------------------------------------------- the workers

@record(frozen=False)
class _Worker:
    """What each worker process loads once: the content, and the request every file shares."""

    content: Content
    request: Request


_WORKER: list[_Worker] = []  # the one per process, once _init_worker has run


def _load(request: Request) -> None:
    """Load templates once per process; fonts and catalogs are cached on first use."""
    from careplan.content import cache as content_mod

    _WORKER[:] = [_Worker(content_mod.load(), request)]


_STOP_SIGNALS = ("SIGTERM", "SIGHUP")


def _leave(signum: int, _frame: object) -> None:
    """A worker told to stop (the parent ends its workers with SIGTERM; a closed
    terminal sends SIGHUP to all): leave as by exit(), so the file being written
    removes its temporary copy. A second signal does nothing, so nothing cuts that
    clean-up short (a Python handler that does nothing, not SIG_IGN: a signal already
    on its way would then raise "ignored due to race condition"); dying at once
    (the default) could leave a .part file."""
    import signal

    for name in _STOP_SIGNALS:
        signal.signal(getattr(signal, name), _again)
    Stopped.pending = signum
    if Stopped.held:  # a handout is being put in place: writefile raises this once it is complete (errors.Stopped)
        Stopped.deferred = True
        return
    # Stopped, not SystemExit: ReportLab's paragraph parser re-raises what interrupts it with the
    # paragraph's text in its message, and Python prints a SystemExit's message as the process
    # ends: a patient's name on stderr. _serve turns Stopped into a quiet exit.
    raise Stopped(signum)


def _again(_signum: int, _frame: object) -> None:
    """A stop signal after the first: the worker is already leaving."""


def _init_worker(request: Request) -> None:
    """A worker process: the parent decides what Ctrl-C does; SIGTERM and SIGHUP leave cleanly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in _STOP_SIGNALS:
        signal.signal(getattr(signal, name), _leave)
    _masked(False)  # blocked by the parent around the fork, until these handlers were in place
    _load(request)


def _masked(block: bool) -> None:
    """Block (or unblock) the stop signals and Ctrl-C, where the platform can."""
    import signal

    if hasattr(signal, "pthread_sigmask"):
        names = ("SIGINT", *_STOP_SIGNALS)
        signal.pthread_sigmask(signal.SIG_BLOCK if block else signal.SIG_UNBLOCK,
                               {getattr(signal, name) for name in names})


def _serve(conn: Any, request: Request) -> None:
    """A worker: render each job the parent sends and send back its result, until
    it sends None or is gone. Each worker has a pipe of its own: no lock is shared,
    so a worker that ends at any moment can never leave the others or the parent
    waiting (a shared pool queue could)."""
    try:
        _init_worker(request)
        from careplan.render import instances

        instances.on_first_cut = lambda: conn.send(FIRST_CUT_NOTE)  # the parent says it, once a run
        settled = False
        while (job := conn.recv()) is not None:
            conn.send(render_one(job))
            if not settled:
                _settle()
                settled = True
    except (EOFError, OSError):  # the parent is gone
        pass
    except Stopped as exc:  # told to stop (_leave): leave now, quietly, whatever a library wrapped it in
        raise SystemExit(128 + exc.signum) from None


def _settle() -> None:
    """After a worker's first handout: what it loaded to make it (templates, fonts,
    catalogs, kept layouts) stays for the worker's life, so the cycle collector
    is told to stop walking it (gc.freeze); its full passes then look only at
    what later handouts leave. Garbage is collected first, so none is kept."""
    import gc

    gc.collect()
    gc.freeze()


#: What a worker sends before cutting a font for its first use (up to a minute, silent otherwise).
FIRST_CUT_NOTE = "first-cut"

#: One file's handout failed for a reason that is careplan's, not the file's; named, never a traceback.
FAULT = N_("{path}: no handout, because of a fault in careplan ({error}); please report it with this file")


def render_one(job: Job) -> tuple[Path, Path | None, str | None]:
    """Render one answers file; (source, written target or None, error or None)."""
    from careplan.contract import answers as answers_mod
    from careplan.delivery.deliver import make_pdf
    from careplan.files.writefile import shown, write_atomic

    worker = _WORKER[0]
    try:
        answers = answers_mod.load(job.source)
        _, pdf = make_pdf(worker.request, worker.content, answers)
        write_atomic(job.target, pdf, inputs={"answers": job.source}, sync_folder=False)  # run() syncs it once
    except CareplanError as exc:
        problem, name = exc.render(), shown(job.source)
        # a problem found after the file was read (a language or country careplan does not know)
        # does not name it; in a batch of a thousand, the reader must learn which file it was
        return job.source, None, problem if name in problem else f"{name}: {problem}"
    except Exception as exc:  # noqa: BLE001 (on purpose) a fault in careplan or a library on this one file: the others go on
        if Stopped.pending is not None:  # a library's clean-up replaced the stop with its own error: still stop
            raise Stopped(Stopped.pending) from None
        return job.source, None, CareplanError(FAULT, path=shown(job.source), error=type(exc).__name__).render()
    return job.source, job.target, None


def _results(jobs: list[Job], request: Request, workers: int,
             tell: Callable[[], None]) -> Iterator[tuple[Path, Path | None, str | None]]:
    """Each job's result as it comes; `tell` is called when a font is cut for its first use."""
    if workers <= 1:  # in this process, under the command's own signal handling
        from careplan.render import instances

        _load(request)
        with instances.first_cut_said(tell):
            for job in jobs:
                yield render_one(job)
        return
    import multiprocessing
    from multiprocessing.connection import wait

    ctx: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    todo = iter(jobs)
    sent: dict[Any, list[Job]] = {}  # each worker's pipe, and the jobs it has not answered yet
    procs = []
    try:
        for _ in range(workers):
            here, there = ctx.Pipe()
            _masked(True)  # a signal before the worker's own handlers would print a traceback there
            try:
                proc = ctx.Process(target=_serve, args=(there, request), daemon=True)
                proc.start()
            finally:
                _masked(False)
            there.close()
            procs.append(proc)
            sent[here] = []
            for _ in range(2):  # one to work on, one waiting: a worker never idles for the parent
                _feed(here, todo, sent)
        while any(sent.values()):
            ready: list[Any] = wait([c for c, waiting in sent.items() if waiting])
            for conn in ready:
                try:
                    result: tuple[Path, Path | None, str | None] | str = conn.recv()
                except (EOFError, OSError):  # the worker ended without answering: its jobs fail, by name
                    for job in sent.pop(conn):
                        yield _fault(job, "worker ended")
                    if not sent:  # no worker left: the rest fail too
                        for job in todo:
                            yield _fault(job, "worker ended")
                    continue
                if isinstance(result, str):  # FIRST_CUT_NOTE: a note, not the answer to a job
                    tell()
                    continue
                sent[conn].pop(0)
                _feed(conn, todo, sent)
                yield result
        for conn in sent:
            conn.send(None)
        for proc in procs:
            proc.join()
    finally:
        _stop(procs)


def _feed(conn: Any, todo: Iterator[Job], sent: dict[Any, list[Job]]) -> None:
    job = next(todo, None)
    if job is not None:
        conn.send(job)
        sent[conn].append(job)


def _fault(job: Job, error: str) -> tuple[Path, Path | None, str | None]:
    from careplan.files.writefile import shown

    return job.source, None, CareplanError(FAULT, path=shown(job.source), error=error).render()


def _stop(procs: list[Any]) -> None:
    """Workers still running (an interrupt, a fault): ask each to leave (it removes
    the file it was writing), give it a few seconds, then end it."""
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
    from tqdm import tqdm

    from careplan.delivery.streams import report

    with tqdm.external_write_mode(file=err):
        report(err, message, environ)


def _progress(total: int, err: IO[str], show: bool) -> Progress:
    """A progress bar on a terminal; nothing when the output is a file or a pipe."""
    from tqdm import tqdm

    bar: Progress = tqdm(total=total, file=err, unit="handout", disable=not show, leave=False)
    return bar

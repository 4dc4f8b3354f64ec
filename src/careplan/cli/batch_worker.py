"""What each worker of `careplan batch` does: load once, then render the jobs its pipe brings.

cli/batch.py starts the workers, hands out the jobs and gathers the
results. A worker loads templates once (fonts and catalogs on first use),
makes each handout and writes it as a single one is written, while the
previous handout's data is synced to disk by a thread (files/underway.py),
and leaves cleanly when told to stop.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from careplan.cli.batch_files import Job
from careplan.errors import N_, CareplanError, Stopped
from careplan.records import record

if TYPE_CHECKING:
    from careplan.content.model import Content
    from careplan.delivery.request import Request
    from careplan.files.underway import Underway

_T = TypeVar("_T")


@record(frozen=False)
class _Worker:
    """What each worker process loads once: the content, and the request every file shares."""

    content: Content
    request: Request


_WORKER: list[_Worker] = []  # the one per process, once load() has run


def load(request: Request) -> None:
    """Load templates once per process; fonts and catalogs are cached on first use."""
    from careplan.content import cache as content_mod

    _WORKER[:] = [_Worker(content_mod.load(), request)]


_STOP_SIGNALS = ("SIGTERM", "SIGHUP")


def _leave(signum: int, _frame: object) -> None:
    """A worker told to stop (the parent ends its workers with SIGTERM; a closed
    terminal sends SIGHUP to all): leave as by exit(), so a handout already written is
    put in place first (made()) and none is left partial. A second signal does nothing, so nothing cuts that
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
    # ends: a patient's name on stderr. serve() turns Stopped into a quiet exit.
    raise Stopped(signum)


def _again(_signum: int, _frame: object) -> None:
    """A stop signal after the first: the worker is already leaving."""


def _init(request: Request) -> None:
    """A worker process: the parent decides what Ctrl-C does; SIGTERM and SIGHUP leave cleanly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in _STOP_SIGNALS:
        signal.signal(getattr(signal, name), _leave)
    masked(False)  # blocked by the parent around the fork, until these handlers were in place
    load(request)


def masked(block: bool) -> None:
    """Block (or unblock) the stop signals and Ctrl-C, where the platform can."""
    import signal

    if hasattr(signal, "pthread_sigmask"):
        names = ("SIGINT", *_STOP_SIGNALS)
        signal.pthread_sigmask(signal.SIG_BLOCK if block else signal.SIG_UNBLOCK,
                               {getattr(signal, name) for name in names})


def serve(conn: Any, request: Request) -> None:
    """A worker: render each job the parent sends and send back its result, until
    it sends None or is gone. Each worker has a pipe of its own: no lock is shared,
    so a worker that ends at any moment can never leave the others or the parent
    waiting (a shared pool queue could)."""
    try:
        _init(request)
        from careplan.render import instances

        instances.on_first_cut = lambda: conn.send(FIRST_CUT_NOTE)  # the parent says it, once a run
        settled = False
        results = made(conn.recv, conn.poll)
        try:
            for result in results:
                conn.send(result)
                if not settled:
                    _settle()
                    settled = True
        finally:
            results.close()  # a stop while sending: the handout under way is put in place first
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


Result = tuple[Path, Path | None, str | None]  # (answers file, handout written or None, problem or None)


def begin_one(job: Job) -> Result | Underway:
    """Render one answers file and begin writing its handout (files/underway.py): what is
    under way, or the file's result when it failed."""
    from careplan.contract import answers as answers_mod
    from careplan.delivery.deliver import make_pdf
    from careplan.files import underway

    worker = _WORKER[0]

    def begin() -> Underway:
        answers = answers_mod.load(job.source)
        _, pdf = make_pdf(worker.request, worker.content, answers)
        return underway.begin(job.target, pdf, inputs={"answers": job.source})  # run() syncs the folder once

    return _named(job, begin)


def finish_one(job: Job, begun: Underway) -> Result:
    """Put a begun handout in place once its data is on disk; the file's result."""
    from careplan.files import underway

    def finish() -> Result:
        underway.finish(begun)
        return job.source, job.target, None

    return _named(job, finish)


def _named(job: Job, step: Callable[[], _T]) -> _T | Result:
    """step(), or the file's result naming what went wrong."""
    from careplan.files.writefile import shown

    try:
        return step()
    except Exception as exc:  # noqa: BLE001 (on purpose) a fault in careplan or a library on this one file: the others go on
        # a stop held while this failed, or replaced by a library's clean-up with its own error: still stop
        if Stopped.pending is not None:
            raise Stopped(Stopped.pending) from None
        if not isinstance(exc, CareplanError):
            return job.source, None, CareplanError(FAULT, path=shown(job.source), error=type(exc).__name__).render()
        problem, name = exc.render(), shown(job.source)
        # a problem found after the file was read (a language or country careplan does not know)
        # does not name it; in a batch of a thousand, the reader must learn which file it was
        return job.source, None, problem if name in problem else f"{name}: {problem}"


def made(next_job: Callable[[], Job | None], waiting: Callable[[], bool]) -> Generator[Result, None, None]:
    """Each job's result, in the order the jobs come, until next_job() gives None.

    While the next job is already waiting, a handout's data is synced by a
    thread as the next one is made (files/underway.py); the last one is put in
    place before asking for more, so whoever sends the jobs gets every
    result without sending more first. A stop, or closing this generator,
    puts a handout still under way in place first (no result is sent for it:
    an interrupted run learns from the disk what was written, cli/batch.py)."""
    from careplan.files.writefile import held

    under: list[tuple[Job, Underway]] = []  # begun and not yet put in place, oldest first

    def finished(keep: int) -> Generator[Result, None, None]:
        """The oldest put in place, each result in turn, until `keep` are left under way."""
        while len(under) > keep:
            result = finish_one(*under[0])
            del under[0]
            yield result

    try:
        while (job := next_job()) is not None:
            if Stopped.pending is not None:  # a stop taken where it could not be raised: leave now
                raise Stopped(Stopped.pending)
            begun = begin_one(job)
            if isinstance(begun, tuple):  # this file failed: the ones before it first
                yield from finished(0)
                yield begun
            else:
                under.append((job, begun))
                yield from finished(1 if waiting() else 0)  # the newest stays under way while a next job waits
        yield from finished(0)  # the end came while one was under way (not from cli/batch.py, which waits for all)
    finally:
        with held():  # a second stop waits until these are in place
            for item in under:
                finish_one(*item)

"""Many handouts at once: ``careplan batch ANSWERS... -o OUTDIR [--jobs N]``.

A clinic or a study prints hundreds of handouts; one process each would load
templates, fonts and catalogs hundreds of times. Here each worker process
loads them once and renders a share of the files. One bad file is reported by
name and the rest go on. Output names come from the answers files' names,
never from patient names (a folder listing must not leak who was seen), and
every handout is written like a single one: atomically and private.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from careplan.contract.checks import is_whole_number
from careplan.environment import ExitStatus
from careplan.errors import N_, CareplanError

if TYPE_CHECKING:
    from careplan.content.model import Content
    from careplan.delivery.request import Request

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
#: --jobs: at least one worker, and no more than any machine careplan runs on could use.
MAX_JOBS = 256


@dataclass(frozen=True)
class Job:
    """One answers file and the handout it becomes."""

    source: Path
    target: Path


class Progress(Protocol):
    """What the batch needs of a progress bar (tqdm's)."""

    def update(self, n: float | None = 1) -> bool | None: ...

    def close(self) -> None: ...


def check_jobs(jobs: int | None) -> None:
    """--jobs must be a whole number from 1 to MAX_JOBS (None: one per core)."""
    if jobs is not None and not is_whole_number(jobs, 1, MAX_JOBS):
        raise CareplanError(N_("--jobs: give a whole number from 1 to 256"))  # the message names MAX_JOBS


def answer_files(paths: Sequence[Path]) -> list[Path]:
    """The answers files named, and those inside named folders (sorted, not recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in ANSWER_SUFFIXES and p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise CareplanError(N_("{path}: no such file or folder"), path=str(path))
    if not found:
        raise CareplanError(N_("no answers files found (looked for {suffixes})"), suffixes=", ".join(ANSWER_SUFFIXES))
    return found


def plan_jobs(sources: Iterable[Path], outdir: Path) -> list[Job]:
    """One output per input, named after the input; a second input with the
    same name gets name-2.pdf, so no two inputs ever share an output."""
    taken: set[str] = set()
    jobs: list[Job] = []
    for source in sources:
        stem, n = source.stem, 2
        name = f"{stem}.pdf"
        while name in taken:
            name, n = f"{stem}-{n}.pdf", n + 1
        taken.add(name)
        jobs.append(Job(source, outdir / name))
    return jobs


# ---------------------------------------------------------------- the workers

@dataclass
class _Worker:
    """What each worker process loads once: the content, and the request every file shares."""

    content: Content
    request: Request


_WORKER: list[_Worker] = []  # the one per process, once _init_worker has run


def _init_worker(request: Request) -> None:
    """Load templates once per worker; fonts and catalogs are cached on first use."""
    import signal

    from careplan.content import cache as content_mod

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    # The pool ends its workers with SIGTERM; a forked worker must not run the
    # parent's "stopped" handler (which would print a traceback from each one).
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    _WORKER[:] = [_Worker(content_mod.load(), request)]


#: One file's handout failed for a reason that is careplan's, not the file's; named, never a traceback.
FAULT = N_("{path}: no handout, because of a fault in careplan ({error}); please report it with this file")


def render_one(job: Job) -> tuple[Path, Path | None, str | None]:
    """Render one answers file; (source, written target or None, error or None)."""
    from careplan.contract import answers as answers_mod
    from careplan.delivery.deliver import make_pdf
    from careplan.files.writefile import write_atomic

    worker = _WORKER[0]
    try:
        answers = answers_mod.load(job.source)
        _, pdf = make_pdf(worker.request, worker.content, answers)
        write_atomic(job.target, pdf, inputs={"answers": job.source})
    except CareplanError as exc:
        return job.source, None, exc.render()
    except Exception as exc:  # noqa: BLE001 (on purpose) a fault in careplan or a library on this one file: the others go on
        from careplan.files.writefile import shown

        return job.source, None, CareplanError(FAULT, path=shown(job.source), error=type(exc).__name__).render()
    return job.source, job.target, None


def _results(jobs: list[Job], request: Request, workers: int) -> Iterator[tuple[Path, Path | None, str | None]]:
    if workers <= 1:
        _init_worker(request)
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)
        for job in jobs:
            yield render_one(job)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(request,)) as pool:
        chunk = max(1, min(32, len(jobs) // (workers * 8)))
        yield from pool.imap_unordered(render_one, jobs, chunksize=chunk)


def run(paths: Sequence[Path], outdir: Path, request: Request, jobs: int | None,
        out: IO[str], err: IO[str], *, progress: bool = False) -> ExitStatus:
    """Render every answers file into outdir under the options of `request`; exit 2 at the end if any failed.

    The request must be picklable (its environ a plain dict): workers may be spawned.

    `progress` shows a bar on err (the command line says so when err is a terminal)."""
    if outdir.exists() and not outdir.is_dir():
        raise CareplanError(N_("{path}: is not a folder"), path=str(outdir))
    outdir.mkdir(parents=True, exist_ok=True)
    todo = plan_jobs(answer_files(paths), outdir)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    failed: list[tuple[Path, str]] = []
    done = 0
    bar = _progress(len(todo), err, progress)
    try:
        for source, _target, problem in _results(todo, request, workers):
            if problem is not None:
                failed.append((source, problem))
            else:
                done += 1
            bar.update(1)
    finally:
        bar.close()
    for _source, problem in sorted(failed):  # reported in the order of the files' names
        err.write(f"careplan: {problem}\n")
    out.write(f"{done} handouts written to {outdir}" + (f", {len(failed)} failed\n" if failed else "\n"))
    return ExitStatus.BAD_INPUT if failed else ExitStatus.OK


def _progress(total: int, err: IO[str], show: bool) -> Progress:
    """A progress bar on a terminal; nothing when the output is a file or a pipe."""
    from tqdm import tqdm

    bar: Progress = tqdm(total=total, file=err, unit="handout", disable=not show, leave=False)
    return bar

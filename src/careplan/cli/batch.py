"""Many handouts at once: ``careplan batch ANSWERS... -o OUTDIR [--jobs N]``.

A clinic or a study prints hundreds of handouts; one process each would load
templates, fonts and catalogs hundreds of times. Here each worker process
loads them once and renders a share of the files. One bad file is reported by
name and the rest go on. Output names come from the answers files' names,
never from patient names (a folder listing must not leak who was seen), and
every handout is written like a single one: atomically and private.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from careplan.errors import N_, CareplanError

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Job:
    source: Path
    target: Path


@dataclass(frozen=True)
class Options:
    lang: str | None
    region: str | None
    paper: str | None
    large_print: bool
    date: dt.date


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
    jobs = []
    for source in sources:
        stem, n = source.stem, 2
        name = f"{stem}.pdf"
        while name in taken:
            name, n = f"{stem}-{n}.pdf", n + 1
        taken.add(name)
        jobs.append(Job(source, outdir / name))
    return jobs


# ---------------------------------------------------------------- the workers

_WORKER: dict[str, object] = {}


def _init_worker(options: Options) -> None:
    """Load templates once per worker; fonts and catalogs are cached on first use."""
    import signal

    from careplan.content import loading as content_mod

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    # The pool ends its workers with SIGTERM; a forked worker must not run the
    # parent's "stopped" handler (which would print a traceback from each one).
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    _WORKER["content"] = content_mod.load()
    _WORKER["options"] = options


def render_one(job: Job) -> tuple[Path, Path | None, str | None]:
    """Render one answers file; (source, written target or None, error or None)."""
    from careplan.contract import answers as answers_mod
    from careplan.delivery.choices import plan_with
    from careplan.files.writefile import write_atomic
    from careplan.render.handout import HandoutOptions, render_handout

    content = _WORKER["content"]
    options = _WORKER["options"]
    assert isinstance(options, Options)
    try:
        answers = answers_mod.load(job.source)
        plan = plan_with(content, answers, options.lang, options.region)
        pdf = render_handout(answers, plan, content,  # type: ignore[arg-type]
                             HandoutOptions(paper=options.paper, large_print=options.large_print, date=options.date))
        write_atomic(job.target, pdf, inputs={"answers": job.source})
    except CareplanError as exc:
        return job.source, None, exc.render()
    return job.source, job.target, None


def _results(jobs: list[Job], options: Options, workers: int) -> Iterator[tuple[Path, Path | None, str | None]]:
    if workers <= 1:
        _init_worker(options)
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)
        for job in jobs:
            yield render_one(job)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(options,)) as pool:
        chunk = max(1, min(32, len(jobs) // (workers * 8)))
        yield from pool.imap_unordered(render_one, jobs, chunksize=chunk)


def run(paths: Sequence[Path], outdir: Path, options: Options, jobs: int | None,
        out: IO[str], err: IO[str]) -> int:
    """Render every answers file into outdir; exit 2 at the end if any failed."""
    if outdir.exists() and not outdir.is_dir():
        raise CareplanError(N_("{path}: is not a folder"), path=str(outdir))
    outdir.mkdir(parents=True, exist_ok=True)
    todo = plan_jobs(answer_files(paths), outdir)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    failed: list[tuple[Path, str]] = []
    done = 0
    bar = _progress(len(todo), err)
    try:
        for source, target, problem in _results(todo, options, workers):
            if problem is not None:
                failed.append((source, problem))
            else:
                done += 1
            bar.update(1)
    finally:
        bar.close()
    for source, problem in sorted(failed):
        err.write(f"careplan: {problem}\n")
    out.write(f"{done} handouts written to {outdir}" + (f", {len(failed)} failed\n" if failed else "\n"))
    return 2 if failed else 0


def _progress(total: int, err: IO[str]):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal; nothing when the output is a file or a pipe."""
    from tqdm import tqdm

    return tqdm(total=total, file=err, unit="handout", disable=not _isatty(err), leave=False)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

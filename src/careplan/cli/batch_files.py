"""Which answers files a batch reads, and the handout each one becomes.

Output names come from the answers files' names, never from patient names
(a folder listing must not leak who was seen); no two inputs share an
output, no output is ever one of the inputs, and every name fits the file
system.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from careplan.errors import N_, CareplanError
from careplan.records import record

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


@record
class Job:
    """One answers file and the handout it becomes."""

    source: Path
    target: Path


def answer_files(paths: Sequence[Path]) -> list[Path]:
    """The answers files named, and those inside named folders (sorted, not recursive),
    each once: a file named both on its own and through its folder (or by two paths, a
    link) is one patient's answers, and two copies of the handout would be one too many.
    The first name it is given by names its handout."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                found += sorted(p for p in path.iterdir() if p.suffix.lower() in ANSWER_SUFFIXES and p.is_file())
            except OSError as exc:
                raise CareplanError(N_("{path}: cannot read this folder ({problem})"), path=str(path),
                                    problem=exc.strerror or str(exc)) from None
        elif path.exists():
            found.append(path)
        else:
            raise CareplanError(N_("{path}: no such file or folder"), path=str(path))
    if not found:
        inner = _folder_with_answers_inside(p for p in paths if p.is_dir())
        if inner is not None:  # a folder of folders (one per day, say): say why they were not read
            raise CareplanError(N_("no answers files found (looked for {suffixes}); folders inside a folder "
                                   "are not searched: name them too, such as {folder}"),
                                suffixes=", ".join(ANSWER_SUFFIXES), folder=str(inner))
        raise CareplanError(N_("no answers files found (looked for {suffixes})"), suffixes=", ".join(ANSWER_SUFFIXES))
    seen: set[object] = set()
    once = []
    for path in found:
        if (same := _file_id(path)) not in seen:
            seen.add(same)
            once.append(path)
    return once


def _folder_with_answers_inside(folders: Iterable[Path]) -> Path | None:
    """The first folder, one level inside the named ones, that holds answers files (or None)."""
    for folder in folders:
        try:
            inside = sorted(p for p in folder.iterdir() if p.is_dir())
        except OSError:
            continue
        for sub in inside:
            try:  # one unreadable folder does not hide the others
                if any(p.suffix.lower() in ANSWER_SUFFIXES and p.is_file() for p in sub.iterdir()):
                    return sub
            except OSError:
                continue
    return None


def plan_jobs(sources: Iterable[Path], outdir: Path) -> list[Job]:
    """One output per input, named after the input; a second input with the
    same name gets name-2.pdf, so no two inputs ever share an output, and no
    output is ever one of the inputs (an answers file named x.pdf, or a link to one)."""
    import unicodedata

    def folded(name: str) -> str:  # X.pdf and x.pdf, or café in two spellings, are one file on macOS and Windows
        return unicodedata.normalize("NFC", name).casefold()

    sources = list(sources)
    inputs: set[object] = set()  # the inputs as _file_id tells files apart, worked out when first needed

    def an_input(target: Path) -> bool:
        # a name not there at all cannot be an input (each input exists): one lstat, where resolving
        # every input and target took a tenth of a second of a thousand-file batch before it began.
        # One that is there is an input through any path or link, a hard link too (as check_target tells)
        if not os.path.lexists(target):
            return False
        if not inputs:
            inputs.update(_file_id(s) for s in sources)
        return _file_id(target) in inputs

    taken: set[str] = set()
    jobs: list[Job] = []
    for source in sources:
        stem, n = source.stem, 2
        name = _fitted(stem, ".pdf")
        while folded(name) in taken or an_input(outdir / name):
            name, n = _fitted(stem, f"-{n}.pdf"), n + 1
        taken.add(folded(name))
        jobs.append(Job(source, outdir / name))
    return jobs


#: The longest file name most file systems take, in bytes.
NAME_MAX = 255


def _fitted(stem: str, ending: str) -> str:
    """stem + ending, the stem cut (at a whole character) so the name fits in NAME_MAX bytes:
    an answers file with a 250-byte name is fine, its -2.pdf twin must be too."""
    room = NAME_MAX - len(ending.encode())
    while len(os.fsencode(stem)) > room:  # fsencode: a name that is not UTF-8 comes as surrogate escapes
        stem = stem[:-1]
    return stem + ending


def _file_id(path: Path) -> object:
    """What tells one file from another: its device and inode (the same through any path,
    symbolic or hard link), else its resolved path."""
    try:
        st = path.stat()
    except OSError:
        return _same_file(path)
    return (st.st_dev, st.st_ino)


def _same_file(path: Path) -> Path:
    """A path to compare files by (links and .. resolved)."""
    try:
        return path.resolve()
    except OSError:
        return path.absolute()

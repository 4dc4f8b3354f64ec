"""Which worker makes which handout of a batch, and in what order: each language's files together.

A worker keeps what it made for the handouts after (laid-out paragraphs and
their drawing, font subsets, a language's letters coded first: render/memo.py,
replay.py, subset.py, codes.py) in memos of bounded size, and all of it is a
language's own. Handed out in the folder's order, a batch in many languages
had every worker meet every language in turn, again and again, and each time
lay out and code anew what it had just dropped: 1,000 files in the twelve
shipped languages took 9.3 to 9.7 s on two workers, against 7.1 to 7.5 s for
the same files named so that each language's came together.

So before the workers start, the parent reads each file's language and country
(a pattern over the file's start, not a parse: --lang and --region stand for
them when given, and a file it cannot read or match goes with others of its
kind), puts the files of one language and country together, in the order they
were named, and gives each group to one worker, the largest first to the least
loaded. A worker that has made its own takes the last file of the longest queue
left, so none waits while another has work. Only the order changes: a handout
is what its answers and the request make it, whichever worker makes it, and
when (tests/test_batch.py compares a batch with single runs).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

from careplan.cli.batch_files import Job

#: `language: ar`, `"region": "GB"`: YAML or JSON, quoted or not.
_FIELD = re.compile(rb"""["']?\b(language|region)["']?[ \t]*:[ \t]*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)""")
#: What is read of a file to find them: answers files are short, and a long one is not read whole twice.
HEAD_BYTES = 16 * 1024

Kind = tuple[str | None, str | None]


def kind(path: Path, lang: str | None = None, region: str | None = None) -> Kind:
    """A file's language and country as the parent can tell them cheaply (None: not found);
    `lang` and `region` (the command's --lang and --region) win over the file's own."""
    if lang is not None and region is not None:
        return lang, region
    found: dict[bytes, str] = {}
    head = b""
    try:
        if path.is_file():  # never a pipe or a device: reading one would block, or take what the worker reads
            with path.open("rb") as fh:
                head = fh.read(HEAD_BYTES)
    except OSError:
        pass
    for m in _FIELD.finditer(head):
        found.setdefault(m[1], m[2].decode("ascii").lower())
    return lang or found.get(b"language"), region or found.get(b"region")


class Queues:
    """The jobs each worker takes, by worker number: each language's jobs in one queue, by country
    within it (the paper, and so the page's widths), in their order within that."""

    def __init__(self, jobs: Sequence[Job], kinds: Sequence[Kind], workers: int) -> None:
        groups: dict[str | None, list[tuple[str, int, Job]]] = {}
        for n, (job, (lang, region)) in enumerate(zip(jobs, kinds, strict=True)):
            groups.setdefault(lang, []).append((region or "", n, job))
        self.queues: list[deque[Job]] = [deque() for _ in range(max(1, workers))]
        loads = [0] * len(self.queues)
        for group in sorted(groups.values(), key=len, reverse=True):  # stable: equal sizes keep their order
            least = loads.index(min(loads))
            self.queues[least].extend(job for _, _, job in sorted(group, key=lambda g: g[:2]))
            loads[least] += len(group)

    def take(self, worker: int) -> Job | None:
        """The worker's next job: its own next, else the last of the longest queue; None when none is left."""
        own = self.queues[worker]
        if own:
            return own.popleft()
        longest = max(self.queues, key=len)
        return longest.pop() if longest else None

    def rest(self) -> Iterator[Job]:
        """Every job not taken, queue by queue (and the order a single worker takes them in)."""
        for queue in self.queues:
            while queue:
                yield queue.popleft()

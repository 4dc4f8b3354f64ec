"""Pausing Python's cycle collector around work that makes many objects and no garbage.

The collector runs whenever enough new container objects pile up, and each
pass looks at objects that are all still alive when nothing made is thrown
away: a face loaded from the cache (some 150,000 objects), or a one-off
handout whose modules, content and layout all live until the process ends.
Those passes are pure cost, so such work runs with the collector paused;
it is switched back on (if it was on) however the work ends. Objects made
while it was paused still count towards its next pass, and that first pass
would look at all of them (about 5 ms after a one-off handout, as the
process ends). Work whose objects live long says so (`kept`), and they go
straight to the oldest generation, where the passes would have put them
after finding them alive: gc.freeze() then gc.unfreeze() moves every
object there without looking at any. They are still collected, by the
rare full pass, if they ever become garbage; but a process that runs many
commands (the tests, a program that calls cli.main) would pile up each
one's garbage there, so only the careplan process itself, which ends with
its one command, says a command's objects are kept (ends_with_command).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_ONE_COMMAND: list[bool] = [False]


def one_command_per_process() -> None:
    """Said by the console (console.run): this process ends when its one command does."""
    _ONE_COMMAND[0] = True


def ends_with_command() -> bool:
    """Whether what a command makes lives until the process ends (see one_command_per_process)."""
    return _ONE_COMMAND[0]


@contextlib.contextmanager
def paused(*, kept: bool = False) -> Iterator[None]:
    """The collector off for the block. `kept`: what the block made lives long (a one-off
    handout's modules, content and layout), so it is moved to the oldest generation."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if kept:
            gc.freeze()
            gc.unfreeze()
        if collecting:
            gc.enable()

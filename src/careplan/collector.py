"""Pausing Python's cycle collector around work that makes many objects and no garbage.

The collector runs whenever enough new container objects pile up, and each
pass looks at objects that are all still alive when nothing made is thrown
away: a face loaded from the cache (some 150,000 objects), or a one-off
handout whose modules, content and layout all live until the process ends.
Those passes are pure cost, so such work runs with the collector paused;
it is switched back on (if it was on) however the work ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()

"""Shared fixtures: the real content, example files, and an answers builder."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from careplan.content import loading as content_mod
from careplan.contract.answers import Answers

ROOT = Path(__file__).resolve().parents[1]

# A shell that starts the tests as a background job ignores SIGINT for them, and
# an ignored signal stays ignored in every child process; the Ctrl-C tests need
# children that hear it, so give the test process a handler (children then
# start with the default).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def content():
    return content_mod.load(all_pictures=True)


def make_answers(**changes) -> Answers:
    """A calm adult lower-back profile, changed where a test needs it."""
    base = dict(age=40, locations=("lower_back",), duration="under_1_week", onset="gradual",
                activity="moderate")
    base.update(changes)
    return Answers(**base)



_CACHE: dict[str, object] = {}


def pytest_configure(config) -> None:
    """Compiled catalogs go to a throwaway cache folder, never the user's. Set before
    collection, so environments copied at import (tests/faults/helpers.ENV) get it too."""
    import os
    import tempfile

    _CACHE["old"] = os.environ.get("XDG_CACHE_HOME")
    _CACHE["dir"] = tempfile.mkdtemp(prefix="careplan-test-cache-")
    os.environ["XDG_CACHE_HOME"] = str(_CACHE["dir"])


def pytest_unconfigure(config) -> None:
    import os
    import shutil

    if "dir" not in _CACHE:
        return
    shutil.rmtree(str(_CACHE["dir"]), ignore_errors=True)
    old = _CACHE["old"]
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = str(old)

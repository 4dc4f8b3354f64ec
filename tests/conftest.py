"""Shared fixtures: the real content, example files, and an answers builder."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from careplan import content as content_mod
from careplan.answers import Answers

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

"""Shared fixtures: the real content, example files, an answers builder, and the profile grid walked once."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from careplan.content import loading as content_mod
from careplan.content.model import Content
from careplan.contract.answers import Answers
from careplan.planning.planner import Plan

ROOT = Path(__file__).resolve().parents[1]

# A shell that starts the tests as a background job ignores SIGINT for them, and
# an ignored signal stays ignored in every child process; the Ctrl-C tests need
# children that hear it, so give the test process a handler (children then
# start with the default).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
EXAMPLES = ROOT / "examples"

# Hypothesis: each property test says how many examples it needs. No deadline anywhere:
# the machine's 2 cores are shared (and xdist workers compete), so a slow example is not a bug.
settings.register_profile("careplan", deadline=None)
settings.load_profile("careplan")


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped templates, loaded once: Content is frozen, so tests can share it."""
    return content_mod.load(all_pictures=True)


def make_answers(**changes: Any) -> Answers:
    """A calm adult lower-back profile, changed where a test needs it."""
    base: dict[str, Any] = dict(age=40, locations=("lower_back",), duration="under_1_week", onset="gradual",
                                activity="moderate")
    base.update(changes)
    return Answers(**base)


@dataclass(frozen=True)
class Audit:
    """What `careplan check`'s profile grid found for the shipped content, and the plan of every profile in it."""

    content: Content
    problems: tuple[str, ...]
    plans: tuple[tuple[Answers, Plan], ...]


@pytest.fixture(scope="session")
def audit(content: Content, tmp_path_factory: pytest.TempPathFactory) -> Audit:
    """The content audit (coverage_report) run once for the whole session.

    It plans thousands of profiles (seconds of CPU), and three tests need that grid:
    test_content asserts it finds no problem, test_cli's `check` reports its result, and
    test_handout reads every plan's warning boxes. The profiles are recorded as the real
    coverage_report walks them, so all three see exactly the grid `careplan check` walks.
    Under pytest-xdist the first worker to need it walks the grid and the others read its
    result from this run's shared temporary folder (xdist's own loadgroup does not group
    tests under pytest 9).
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _walk_grid(content)
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, shared by its workers
    with open(shared / "audit.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        saved = shared / "audit.pickle"
        if saved.exists():
            problems, plans = pickle.loads(saved.read_bytes())
            return Audit(content, problems, plans)
        found = _walk_grid(content)
        saved.write_bytes(pickle.dumps((found.problems, found.plans)))
        return found


def _walk_grid(content: Content) -> Audit:
    from careplan.content import audit as audit_mod
    from careplan.planning.planner import make_plan

    walked: list[Answers] = []
    real = audit_mod.choose

    def recording(answers: Answers, *args: Any, **kwargs: Any) -> Any:
        with _untraced():
            chosen = real(answers, *args, **kwargs)
        walked.append(answers)
        return chosen

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_mod, "choose", recording)  # raises if the audit stops choosing through choose
        problems = audit_mod.coverage_report(content)
    with _untraced():  # the whole plan (warning signs too) of every profile the audit walked
        plans = tuple((a, make_plan(a, content)) for a in walked)
    return Audit(content, tuple(problems), plans)


@contextmanager
def _untraced() -> Iterator[None]:
    """The line tracer (coverage's) paused: its branch tracing makes the planner about ten times
    slower, and the grid plans thousands of profiles. The planner's lines are counted from the
    many other tests that plan (properties, golden, handout); the audit's own lines still are."""
    tracer = sys.gettrace()
    sys.settrace(None)
    try:
        yield
    finally:
        sys.settrace(tracer)


_CACHE: dict[str, str | None] = {}


def pytest_configure(config: pytest.Config) -> None:
    """Compiled catalogs and cut fonts go to a throwaway cache folder, never the user's. Set
    before collection, so environments copied at import (tests/faults/helpers.ENV) get it too.
    xdist workers inherit the folder from the main process and share it (writes are atomic,
    cuts are locked), so the Chinese font weights are cut once per run, not once per worker."""
    _CACHE["old"] = os.environ.get("XDG_CACHE_HOME")
    shared = os.environ.get("CAREPLAN_TEST_CACHE")
    if shared:
        _CACHE["shared"] = shared
    else:
        shared = os.environ["CAREPLAN_TEST_CACHE"] = tempfile.mkdtemp(prefix="careplan-test-cache-")
        _CACHE["dir"] = shared
    os.environ["XDG_CACHE_HOME"] = shared


def pytest_unconfigure(config: pytest.Config) -> None:
    if "dir" not in _CACHE and "shared" not in _CACHE:
        return
    if "dir" in _CACHE:  # the process that made the folder removes it
        shutil.rmtree(str(_CACHE["dir"]), ignore_errors=True)
        os.environ.pop("CAREPLAN_TEST_CACHE", None)
    old = _CACHE["old"]
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old

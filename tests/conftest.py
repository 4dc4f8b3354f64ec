"""Shared fixtures: the real content, example files, and an answers builder."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan import content as content_mod
from careplan.answers import Answers

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Compiled catalogs go to a throwaway cache folder, never the user's (subprocesses inherit it)."""
    import os

    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old

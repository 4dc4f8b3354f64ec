"""The build ships every package and reads the version from its one home."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import careplan

ROOT = Path(__file__).resolve().parents[1]


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_every_package_is_in_the_build() -> None:
    """A package missing from the list installs fine in editable mode and breaks `pip install .`."""
    listed = set(_project()["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in (src / "careplan").rglob("__init__.py")}
    assert found <= listed, found - listed


def test_the_version_has_one_home() -> None:
    project = _project()
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "careplan.__version__"}
    assert careplan.__version__.count(".") == 2

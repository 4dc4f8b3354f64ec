"""Where the shipped data lives: inside the installed package, or the source tree."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    """The data folder, wherever this install keeps it; a clear error rather than an empty handout."""
    installed = _PKG / name  # pip install . copies templates/ and locales/ here
    if installed.is_dir():
        return installed
    source = _PKG.parents[1] / name  # an editable install or a plain checkout
    if source.is_dir():
        return source
    raise FileNotFoundError(f"careplan data folder '{name}' not found next to {_PKG}")


def templates_dir() -> Path:
    """The content templates (YAML): positions, exercises, tips, safety, questions, pictures."""
    return _find("templates")


def locales_dir() -> Path:
    """The translation catalogs (.po files and the .pot template)."""
    return _find("locales")

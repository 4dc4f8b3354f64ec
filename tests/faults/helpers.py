"""Shared helpers for the fault tests: run careplan for real, read handouts back, find leftovers."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pypdf

from careplan.cli import main

from ..conftest import EXAMPLES

EXAMPLE = EXAMPLES / "acute-lumbago.yaml"
DATE = "2026-11-22"
ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
ENV.pop("LANGUAGE", None)


def answers_for(folder: Path, name: str, patient: str) -> Path:
    """The acute-lumbago example with another patient's name."""
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [f'patient_name: "{patient}"' if line.startswith("patient_name:") else line for line in text.splitlines()]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "careplan", *args]


def careplan(*args: str, cwd: Path, timeout: float = 60, **kw) -> subprocess.CompletedProcess[str]:
    """careplan as a separate process, the way a shell or a script runs it."""
    kw.setdefault("capture_output", True)
    return subprocess.run(command(*args), cwd=cwd, env=ENV, text=True, timeout=timeout, **kw)


def shell(script: str, *args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A /bin/sh script with "$@" = careplan's command line: for redirections such as >&- and >/dev/full."""
    return subprocess.run(["sh", "-c", script, "sh", *command(*args)], cwd=cwd, env=ENV, text=True,
                          capture_output=True, timeout=timeout)


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    """careplan in this process: faster, and lets a test replace functions."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def pdf_text(path: Path, pages: int | None = None) -> str:
    """The text of a complete PDF (its first `pages` pages); raises if the file is cut short or not a PDF."""
    reader = pypdf.PdfReader(str(path), strict=True)
    assert len(reader.pages) >= 1
    return "\n".join(page.extract_text() for page in reader.pages[:pages])


def leftovers(folder: Path) -> list[str]:
    """Temporary files careplan may have left: hidden names or .part files."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".part"))


def one_clean_line(err: str) -> None:
    """Exit-2 style stderr: one line, starting 'careplan: ', no traceback, no raw control characters."""
    assert "Traceback" not in err, err
    assert err.startswith("careplan: "), err
    assert err.count("\n") == 1, err
    assert all(c.isprintable() for c in err.rstrip("\n")), repr(err)

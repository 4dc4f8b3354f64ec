"""--open: show the finished handout in the system's PDF viewer."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path


def open_with_viewer(path: Path, environ: Mapping[str, str]) -> bool:
    """--open: hand the file to the system's viewer and do not wait for it. False where there is none.

    Never raises: the handout is already in place and the run must not fail now.
    On Linux and the BSDs, xdg-open is used only with a graphical session
    (DISPLAY or WAYLAND_DISPLAY), since without one it may start a text
    browser in this very terminal.
    """
    import subprocess

    try:
        path = path.absolute()  # never "-x.pdf" as the viewer's first argument: it would read it as an option
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]
            return True
        if sys.platform == "darwin":
            command = shutil.which("open")
        elif environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
            command = shutil.which("xdg-open")
        else:
            command = None
        if command is None:
            return False
        subprocess.Popen([command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
        return True
    except (OSError, ValueError):
        return False

"""Where the translator tools read and write: the project checkout, never site-packages.

After `pip install .` (not editable) careplan's own locales/ is a copy inside
the virtual environment. A catalog started or updated there is lost on the
next install and never reaches the repository, so `careplan i18n
init|update|extract` write only into a checkout: the one given with --root,
the folder careplan runs from when it is one (an editable install or a
plain checkout), or the current folder (or a folder above it) when that is a
careplan checkout. Otherwise they refuse and say how to name one.
"""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

from careplan import paths
from careplan.errors import CareplanError
from careplan.records import record

#: The careplan package whose modules hold the code's messages, as running now.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
_PROJECT_NAME = re.compile(r"""^name\s*=\s*["']careplan["']\s*$""", re.MULTILINE)

# These messages are for people working in a checkout and are deliberately not
# marked for translation: a new msgid would leave every shipped catalog
# incomplete (and so no longer offered to patients) until it was translated.
NOT_A_CHECKOUT = ("{root} is not a careplan checkout (it needs careplan's pyproject.toml, "
                  "locales/ and templates/)")
INSTALLED = ("careplan {action} would write into the installed copy in {locales}, which the next "
             "install replaces; run it in a careplan checkout, or give --root CHECKOUT")


@record
class Sources:
    """The folders the translator tools read messages from and write catalogs to."""

    code: Path  # the careplan package: every module under it
    templates: Path
    locales: Path


def runtime_sources() -> Sources:
    """The code, templates and catalogs careplan itself runs with."""
    return Sources(PACKAGE_DIR, paths.templates_dir(), paths.locales_dir())


def is_checkout(root: Path) -> bool:
    """Does the folder hold careplan's source: its pyproject.toml, locales/ and templates/?"""
    try:
        project = (root / "pyproject.toml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(_PROJECT_NAME.search(project)) and (root / "locales").is_dir() and (root / "templates").is_dir()


def checkout_sources(root: Path) -> Sources:
    """A checkout's own code (src/careplan, when it has it), templates and catalogs."""
    code = root / "src" / "careplan"
    return Sources(code if code.is_dir() else PACKAGE_DIR, root / "templates", root / "locales")


def is_installed(folder: Path) -> bool:
    """Is the folder inside an installed package (site-packages), where nothing of a translator's belongs?"""
    folder = folder.resolve()
    if {"site-packages", "dist-packages"} & set(folder.parts):
        return True
    scheme = sysconfig.get_paths()
    for key in ("purelib", "platlib"):
        lib = Path(scheme[key]).resolve()
        if folder == lib or lib in folder.parents:
            return True
    return False


def find_checkout(start: Path) -> Path | None:
    """The nearest careplan checkout at or above a folder, as git finds its repository."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_checkout(folder):
            return folder
    return None


def find_sources(action: str, root: Path | None, cwd: Path, *, writing: bool) -> Sources:
    """Where `careplan i18n <action>` reads and writes.

    --root wins; then the data careplan runs with, unless that is an installed
    copy; then a checkout at or above the current folder. Writing into an
    installed copy is refused; reading from it (check) is fine.
    """
    if root is not None:
        root = root.resolve()
        if not is_checkout(root):
            raise CareplanError(NOT_A_CHECKOUT, root=str(root))
        return checkout_sources(root)
    running = runtime_sources()
    if not is_installed(running.locales):
        return running
    found = find_checkout(cwd)
    if found is not None:
        return checkout_sources(found)
    if writing:
        raise CareplanError(INSTALLED, action=f"i18n {action}", locales=str(running.locales))
    return running

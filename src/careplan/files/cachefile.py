"""Writing an entry into careplan's own cache folder: atomic, private, and never an error.

A cache is a convenience (compiled catalogs, cut font weights): a full disk,
a read-only home or a race with another run must never fail a handout, so
this says only whether the entry is now in place.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from careplan.errors import CareplanError
from careplan.files.readfile import read_bytes

_DIGEST = hashlib.sha256().digest_size


def put(path: Path, data: bytes) -> bool:
    """Put `data` at `path` in one step (a temporary file renamed over it); False, and nothing
    left behind, when it cannot be done."""
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def root(env: Mapping[str, str] | None = None) -> Path | None:
    """$XDG_CACHE_HOME/careplan, else ~/.cache/careplan; None if no home is known.

    The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    """
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = env.get("HOME") or os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "careplan"


def folder(name: str, env: Mapping[str, str] | None = None) -> Path | None:
    """One cache's own folder under root() (catalogs, fonts, content...); None if no home is known."""
    base = root(env)
    return None if base is None else base / name


def seal(fmt: bytes, payload: bytes) -> bytes:
    """An entry: its format line, a SHA-256 of the payload, the payload."""
    return fmt + hashlib.sha256(payload).digest() + payload


def unseal(fmt: bytes, data: bytes | None) -> bytes | None:
    """The payload of an intact entry of this format; None for anything else (missing,
    truncated, corrupt, hand-edited, another format)."""
    if data is None or not data.startswith(fmt):
        return None
    digest, payload = data[len(fmt):len(fmt) + _DIGEST], data[len(fmt) + _DIGEST:]
    return payload if hashlib.sha256(payload).digest() == digest else None


def get(path: Path, limit: int = 16 * 1024 * 1024) -> bytes | None:
    """An entry's bytes, or None when it cannot be read (missing, not a regular file, too large)
    or is not private(): a checksum is no secret, so an entry another user could have
    written (a shared or world-writable cache folder) could carry any words into a handout."""
    if not private(path):
        return None
    try:
        return read_bytes(path, limit)
    except (CareplanError, OSError):
        return None


def entry(folder: Path | None, name: Callable[[], str]) -> Path | None:
    """folder / name(): where an entry lives, or None when there is no cache folder or the name
    cannot be made (a key that reads a font, or careplan's own source, that cannot be read):
    then there is no cache, never an error."""
    if folder is None:
        return None
    try:
        return folder / name()
    except OSError:
        return None


def payload(path: Path | None, fmt: bytes, limit: int) -> bytes | None:
    """The payload of the intact, private entry of format `fmt` at `path`; None for anything else."""
    return None if path is None else unseal(fmt, get(path, limit))


def put_latest(path: Path, data: bytes) -> bool:
    """put(), then drop the entries of the same thing that this one replaces: an entry is named
    "<what>-<hash><suffix>" and another "<what>-..." with the suffix can never be matched again
    (the templates, a catalog, a font changed). Never raises."""
    if not put(path, data):
        return False
    drop_others(path)
    return True


def drop_others(path: Path, suffix: str | None = None) -> None:
    """Drop the entries "<what>-..." of the same thing as `path` ("<what>-<hash><suffix>") but
    itself, those with `suffix` when given (an earlier layout's), else with its own. Never raises."""
    what = path.name.rsplit("-", 1)[0]
    try:
        for old in path.parent.glob(f"{what}-*{path.suffix if suffix is None else suffix}"):
            if old.name != path.name and old.name.rsplit("-", 1)[0] == what:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _own(st: os.stat_result) -> bool:
    """This user's, and writable by no one else."""
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def private(path: Path) -> bool:
    """True when this user owns the entry and its folder and neither is writable by anyone
    else: what an entry that goes into a handout as it is (a pickle, page operators) needs."""
    try:
        entry, folder = os.stat(path), os.stat(path.parent)
    except OSError:
        return False
    return _own(entry) and _own(folder)


def keepable(folder: Path) -> bool:
    """Whether an entry written to `folder` would be read back by the next run: the folder made
    if need be, writable, and private()'s as a folder."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(folder)
    except OSError:
        return False
    return _own(st) and os.access(folder, os.W_OK)


def source_files(parts: tuple[str, ...], package: str | None = None) -> list[str]:
    """The .py files `parts` names (a module, or every module of a folder), relative to
    careplan's package folder, in a fixed order."""
    package = package or _package()
    names: list[str] = []
    for part in parts:
        if part.endswith(".py"):
            names.append(part)
        else:
            names += sorted(f"{part}/{n}" for n in os.listdir(os.path.join(package, part)) if n.endswith(".py"))
    return names


@functools.cache
def source_digest(parts: tuple[str, ...]) -> bytes:
    """A SHA-256 over the source of the code that makes a cache's entries (see source_files),
    for its key: changed code finds no entry, without anyone remembering to bump a format.
    Raises OSError when the source cannot be read (then there is no key, and no cache)."""
    package = _package()
    h = hashlib.sha256()
    for name in source_files(parts, package):
        with open(os.path.join(package, name), "rb") as f:
            h.update(f"{name}\0".encode() + f.read())
    return h.digest()


def _package() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

"""Safe writes: a temporary file in the same folder, synced, then put in place in one step.

A handout is health data and a clinic may print many at once, so every write
here keeps five promises:

- a reader never sees half a file: the data is written and fsynced to a
  short-named temporary file (`.careplan-XXXXXXXX.part`, so a 255-byte target
  name still works), then renamed or linked into place;
- an error, Ctrl-C, SIGTERM or SIGHUP leaves nothing behind: the temporary
  file is removed before the exception goes on, and the signals are held
  while a file is being written and put in place (a few milliseconds), so
  they take effect when there is either a complete file or none;
- a default name is claimed atomically (os.link fails if the name exists), so
  two runs at once never share or swap a file;
- only a regular file is ever replaced (never a folder, FIFO, device node or
  symbolic link), and never one of the run's own inputs;
- an existing file keeps its mode; a new one is private to the user (0600),
  unless the caller says the data is not private.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import ClassVar

from careplan.errors import N_, CareplanError, Stopped

#: Files this process has put in place, so an interrupt can say honestly what was written.
written: list[Path] = []

#: os.link errors that mean "this file system has no hard links", not "the name is taken".
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}

_MAX_NUMBER = 10_000

#: A folder given where a file is expected: the example name suits what the file holds (check_target's `folder`).
FOLDER_FOR_HANDOUT = N_("{path}: is a folder; give a file name such as handout.pdf")
FOLDER_FOR_ANSWERS = N_("{path}: is a folder; give a file name such as answers.yaml")
#: A folder where careplan keeps a file of its own (clinic.yaml, a catalog): no name to suggest, it must move.
FOLDER_IN_THE_WAY = N_("{path}: is a folder, but careplan needs to write a file there; move the folder aside")


class _SignalsHeld:
    """Defer Ctrl-C, SIGTERM and SIGHUP for the duration of a with block (where the OS allows it).

    A signal raised between os.link and the removal of the temporary name, or
    inside the cleanup itself, would leave a `.part` copy of the whole
    handout. Held, it is delivered when the block ends: the file is then
    complete and recorded in `written`, or absent.
    """

    SIGNALS: ClassVar[frozenset[int]] = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})

    def __enter__(self) -> None:
        Stopped.held += 1  # the console's SIGTERM/SIGHUP handler defers itself meanwhile
        try:
            self.old: set[int] | None = signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
        except (AttributeError, OSError, ValueError):
            self.old = None
        except BaseException:  # Ctrl-C on the way in: no block was entered, so none is held
            Stopped.held -= 1
            raise

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        Stopped.held -= 1
        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)  # a held signal is raised here
        if not Stopped.held and Stopped.deferred:  # one whose handler ran inside the block (see Stopped.held)
            Stopped.deferred = False
            if kind is None and Stopped.pending is not None:
                raise Stopped(Stopped.pending)


def held() -> _SignalsHeld:
    """Ctrl-C, SIGTERM and SIGHUP held for a with block (as while a file is written)."""
    return _SignalsHeld()


def shown(path: os.PathLike[str] | str) -> str:
    """A path for a message: control characters escaped, so a file name cannot move the cursor."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def same_file(a: os.PathLike[str] | str, b: os.PathLike[str] | str) -> bool:
    """True if a and b name one file: the same inode when both exist, else the same resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


#: Files a run reads or writes, by the option that names them ("--answers"); a target may be none of them.
Inputs = Mapping[str, os.PathLike[str] | str | None]


def check_target(target: Path, inputs: Inputs | None = None, *,
                 folder: str = FOLDER_FOR_HANDOUT) -> os.stat_result | None:
    """Refuse a target that must not be replaced; return its stat if it is an existing regular file.

    `inputs` maps an option name (such as "--answers") to a file this run reads
    or writes; the target may not be any of them. `folder` is the message for a
    target that is a folder, whose example name fits the file (FOLDER_FOR_ANSWERS).
    Called before anything is rendered, so a refused run writes nothing at all.
    """
    target = Path(target)
    for option, other in (inputs or {}).items():
        if other is not None and same_file(target, other):
            raise CareplanError(N_("{path}: is also the {option} file; give each file its own name"),
                                path=shown(target), option=option)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise CareplanError(N_("{path}: the folder {folder} does not exist"),
                            path=shown(target), folder=shown(_folder(target))) from None
    except OSError as exc:
        raise CareplanError(N_("{path}: cannot write there ({problem})"), path=shown(target),
                            problem=exc.strerror or str(exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise CareplanError(folder, path=shown(target))
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise CareplanError(N_("{path}: is not a regular file; careplan only replaces regular files"),
                            path=shown(target))
    if st is not None and not st.st_mode & 0o222:  # nobody may write to it: kept as it is on purpose
        raise CareplanError(N_("{path}: is read-only, so careplan leaves it as it is; "
                               "choose another name, or make the file writable first"), path=shown(target))
    if not _folder(target).is_dir():
        raise CareplanError(N_("{path}: the folder {folder} does not exist"),
                            path=shown(target), folder=shown(_folder(target)))
    return st


def cannot_write(target: Path, exc: OSError) -> CareplanError:
    """The error a failed write of target is reported as (the reader is told where, and why)."""
    if isinstance(exc, PermissionError):
        return CareplanError(N_("{path}: cannot write there (permission denied)"), path=shown(target))
    return CareplanError(N_("{path}: cannot write there ({problem})"), path=shown(target),
                         problem=exc.strerror or str(exc))


def write_temp(target: Path, data: bytes, sync: Callable[[int], None] | None = None) -> str:
    """A synced temporary file holding data, next to target; mode 0600 (mkstemp's): an atomic
    write's first half (place() is the second; files/underway.py runs them apart).

    `sync(fd)` makes the data durable: by default os.fsync here and now; files/underway.py has a
    thread do it while the next handout is made."""
    folder = _folder(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".careplan-", suffix=".part", dir=folder)
    except FileNotFoundError:
        raise CareplanError(N_("{path}: the folder {folder} does not exist"),
                            path=shown(target), folder=shown(folder)) from None
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            (sync or os.fsync)(fh.fileno())  # the data is on disk before its name is
    except BaseException as exc:
        remove_quietly(tmp)
        if isinstance(exc, OSError):
            raise cannot_write(target, exc) from None
        raise
    return tmp


def remove_quietly(path: str) -> None:
    """Remove a temporary file; one already gone (or that cannot be removed) is no error."""
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the new name durable too; best effort (some file systems refuse)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for_new(private: bool) -> int | None:
    """None keeps mkstemp's private 0600; otherwise what the umask allows, as for any new file."""
    if private:
        return None  # mkstemp's 0600
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(target: Path, data: bytes, *, inputs: Inputs | None = None, private: bool = True,
                 sync_folder: bool = True, folder: str = FOLDER_FOR_HANDOUT) -> None:
    """Put data at target in one step, replacing only a regular file that is not one of `inputs`.

    An existing file keeps its mode (and, best effort, its owner); a new one is
    0600 when `private`, else follows the umask. `sync_folder=False`: the caller
    syncs the folder itself once it has put all its files there (a batch), so a
    crash may lose a new name but never leaves a file half written. `folder`: as for check_target.
    """
    target = Path(target)
    old = check_target(target, inputs, folder=folder)
    with _SignalsHeld():
        _write_atomic(target, data, old, private)
    if sync_folder:
        _sync_folder(_folder(target))


def sync_folder(folder: Path) -> None:
    """Make the names put in `folder` durable: once, after a batch of write_atomic(sync_folder=False)."""
    _sync_folder(folder)


def _write_atomic(target: Path, data: bytes, old: os.stat_result | None, private: bool) -> None:
    place(write_temp(target, data), target, old, private)


def place(tmp: str, target: Path, old: os.stat_result | None, private: bool) -> None:
    """Put the synced temporary file at target, with the old file's mode or a new one's; gone on any error."""
    done = False
    try:
        if old is not None:
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, old.st_uid, old.st_gid)
                except OSError:
                    pass
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
        else:
            mode = _mode_for_new(private)
            if mode is not None:
                os.chmod(tmp, mode)
        os.replace(tmp, target)
        done = True
        written.append(target)
    except BaseException as exc:
        if not done:
            remove_quietly(tmp)
        if isinstance(exc, OSError):
            raise cannot_write(target, exc) from None
        raise


def numbered(name: str, n: int) -> str:
    """name for n == 1, else name-n before the suffix: careplan-2026-11-22-2.pdf."""
    if n == 1:
        return name
    path = Path(name)
    return f"{path.stem}-{n}{path.suffix}"


def free_path(name: str, folder: Path = Path(".")) -> Path:
    """The name write_new would probably choose now; for showing only, as another run may take it first."""
    n = 1
    while os.path.lexists(folder / numbered(name, n)):
        n += 1
    return folder / numbered(name, n)


def write_new(name: str, data: bytes, folder: Path = Path("."), *, private: bool = True) -> Path:
    """Put data under `name` in folder, or name-2, name-3 ... if taken; return the path used.

    The name is claimed atomically: os.link(tmp, name) fails if the name
    exists, so concurrent runs never share a name and a default name never
    replaces anything. On a file system without hard links, an empty file made
    with O_EXCL claims the name and the data is then renamed over it.
    """
    folder = Path(folder)
    with _SignalsHeld():
        path = _write_new(folder, name, data, private)
    _sync_folder(folder)
    return path


def _write_new(folder: Path, name: str, data: bytes, private: bool) -> Path:
    target = folder / name
    tmp = write_temp(target, data)
    placeholder: Path | None = None
    try:
        mode = _mode_for_new(private)
        if mode is not None:
            os.chmod(tmp, mode)
        links = True
        for n in range(1, _MAX_NUMBER):
            candidate = folder / numbered(name, n)
            if links:
                try:
                    os.link(tmp, candidate)
                except FileExistsError:
                    continue
                except OSError as exc:
                    if exc.errno not in _NO_LINKS:
                        raise
                    links = False
                else:
                    written.append(candidate)
                    return candidate
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                continue
            placeholder = candidate
            os.replace(tmp, candidate)
            placeholder = None
            written.append(candidate)
            return candidate
        raise CareplanError(N_("{path}: too many handouts with this name in the folder; give a file name with -o"),
                            path=shown(target))
    except BaseException as exc:
        if placeholder is not None:
            remove_quietly(str(placeholder))
        if isinstance(exc, OSError):
            raise cannot_write(target, exc) from None
        raise
    finally:
        remove_quietly(tmp)  # after a link the temporary name is an extra name; after a rename it is gone

"""The console entry point, kept tiny: a Ctrl-C while the heavy modules load ends quietly.

`careplan` and `python -m careplan` come here, and nothing else imports
this module: its first lines install signal handlers that end the process
at once, for the moment while the imports below run. Before anything heavy is
imported it (1) reopens stdin, stdout or stderr on /dev/null if one is
closed, so no file careplan opens can land on descriptor 1 or 2 and receive
stray output, and (2) turns SIGTERM and SIGHUP into errors.Stopped, a
KeyboardInterrupt, so the cleanup that runs on Ctrl-C (temporary files
removed) runs for them too. `careplan.cli.main(argv, env) -> ExitStatus`
stays the testable core and installs nothing.
"""

from __future__ import annotations

# First, before any other import: a signal while Python loads careplan's modules
# ends the process at once, with the shell's usual status and no traceback.
# Nothing has been opened for writing yet, so there is nothing to clean up.
# `_signal` is the interpreter's built-in module (no import work to interrupt);
# run() hands over to the real handlers before it does anything.
import _signal  # type: ignore[import-not-found]  # no stubs: the C half of `signal`
import os


def _gone(signum: int, frame: object) -> None:
    os._exit(128 + signum)


for _early in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP):
    _signal.signal(_early, _gone)

import signal  # noqa: E402 (after the early handlers, on purpose)
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any, NoReturn  # noqa: E402

from careplan.environment import ExitStatus  # noqa: E402
from careplan.errors import Stopped  # noqa: E402

_stopping = False


def _stop(signum: int, frame: object) -> None:
    """Raise once; a second signal during cleanup must not cut the cleanup short."""
    global _stopping
    if _stopping:
        return
    _stopping = True
    Stopped.pending = signum
    if Stopped.held:  # a file is being put in place: raised when it is complete or gone (files.writefile)
        Stopped.deferred = True
        return
    raise Stopped(signum)


def _unraisable(hook: Callable[[Any], object]) -> Callable[[Any], None]:
    """sys.unraisablehook that keeps a signal's exception quiet: raised inside a
    callback Python cannot raise from (an import lock's weakref, a __del__), it
    would print "Exception ignored ... Traceback" and be lost; the signal is
    noted instead, and main() acts on it when the work in hand is done."""
    def quiet(unraisable: Any) -> None:
        exc = getattr(unraisable, "exc_value", None)
        if isinstance(exc, KeyboardInterrupt):
            if Stopped.pending is None:
                Stopped.pending = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
            return
        hook(unraisable)

    return quiet


def _guard_std_fds() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                opened = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if opened != fd:  # the lowest free descriptor is the closed one; anything else is not ours to keep
                os.close(opened)


def run() -> NoReturn:
    """Run the command line and exit: 0 done, 2 bad input, 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP."""
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C is KeyboardInterrupt from here on
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _stop)
        sys.unraisablehook = _unraisable(sys.unraisablehook)
        _guard_std_fds()
        if sys.stdin is None:  # `<&-`: an empty input, so "no terminal" is said in one line
            sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (open for the whole run, like stdin)
        from careplan import collector, compiled_patterns

        compiled_patterns.install()  # before the modules that compile patterns as they load
        from careplan.cli import main

        collector.one_command_per_process()
        status = main()
    except Stopped as exc:  # SIGTERM or SIGHUP before main's own handling started, or after it ended
        status = ExitStatus.for_signal(exc.signum)
    except KeyboardInterrupt:  # Ctrl-C, likewise
        status = ExitStatus.INTERRUPTED
    # The work is done (or given up): a signal now must not print a traceback during shutdown.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        try:
            signal.signal(signum, signal.SIG_IGN)
        except (OSError, ValueError):
            pass
    _exit(int(status))


def _exit(status: int) -> NoReturn:
    """End the process without Python's teardown of everything still alive.

    At exit the interpreter runs the cycle collector over every live object
    (loaded modules, the content, the fonts' tables, ReportLab's state:
    about 20 ms of a handout, before gc.freeze() hid them from it) and then
    takes each module apart, object by object (about 5 ms more), to free
    memory the operating system takes back anyway. What careplan's ending
    needs is done here, in Python's order: the atexit handlers (temporary
    files removed, coverage data saved), then stdout and stderr flushed;
    every file careplan writes is closed by its `with` and synced before this
    point. Then the process ends with its status. With another thread still
    running (none is, by design) or an output that cannot be flushed (a
    closed pipe), Python's own shutdown runs as before: it waits for the
    thread, or reports the failed flush.
    """
    import atexit
    import gc

    gc.freeze()  # should the shutdown below run after all, its collection skips what is alive now
    threading = sys.modules.get("threading")  # not imported: no thread was started through it
    if threading is None or threading.active_count() == 1:
        atexit._run_exitfuncs()  # runs each handler once, then forgets them
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            pass
        else:
            os._exit(status)
    sys.exit(status)

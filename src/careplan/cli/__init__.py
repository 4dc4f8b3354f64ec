"""Command line: ``main(argv, env) -> ExitStatus``, testable without a terminal.

The grammar is in cli.parser, the typed options in cli.options, the work in
cli.commands (and cli.batch); this module only turns whatever goes wrong
into one line on stderr and an exit status. Everything the run reads from
the world comes in the Environment, so a test hands in a made-up one.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO, Any

from careplan.cli.commands import run_command
from careplan.cli.parser import SUBCOMMANDS, build_parser, build_sub_parser, parse
from careplan.delivery.deliver import after_delivery
from careplan.delivery.streams import report, silence_stdout, write_quietly
from careplan.environment import Environment, ExitStatus
from careplan.errors import N_, CareplanError, Stopped

__all__ = ["SUBCOMMANDS", "build_parser", "build_sub_parser", "main"]


def _interrupted_message() -> CareplanError:
    """Say honestly what is on disk: nothing, or only the files put in place before the interrupt."""
    from careplan.files.writefile import shown
    from careplan.files.writefile import written as recorded

    written = list(dict.fromkeys(recorded))  # a file recorded twice (by the write and by the batch) counts once
    if len(written) > 3 and len({p.parent for p in written}) == 1:  # a batch: how many, and where
        return CareplanError(N_("interrupted; {count} complete handouts were written in {folder}, "
                                "and nothing else."), count=len(written), folder=shown(written[0].parent))
    if written:
        return CareplanError(N_("interrupted; only {path} was written."),
                             path=", ".join(shown(p) for p in written))
    return CareplanError(N_("interrupted; nothing was written."))


def _environment(env: Environment | None, stdin: IO[str] | None, stdout: IO[str] | None,
                 stderr: IO[str] | None) -> Environment:
    """The Environment given, or the real one with any of the three streams replaced."""
    streams: dict[str, Any] = {name: stream for name, stream in
                               (("stdin", stdin), ("stdout", stdout), ("stderr", stderr)) if stream is not None}
    if env is None:
        return Environment(**streams)
    if streams:
        raise TypeError("main(): give the streams in env, or as stdin/stdout/stderr without env, not both")
    return env


def _run(argv: Sequence[str], env: Environment) -> ExitStatus:
    """Parse and run; --help and --version end here with 0, after printing."""
    try:
        status = run_command(parse(argv, env), env)
    except SystemExit as exc:  # --help and --version
        status = ExitStatus.OK if not exc.code else ExitStatus.BAD_INPUT
    env.stdout.flush()
    return status


def main(argv: Sequence[str] | None = None, env: Environment | None = None, *, stdin: IO[str] | None = None,
         stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> ExitStatus:
    """Run careplan; return the exit status.

    OK (0) done, also when only a warning followed a delivered handout;
    BAD_INPUT (2); INTERRUPTED (130) by Ctrl-C; 128 + the signal's number for
    SIGTERM (143) and SIGHUP (129). Without env the run reads the real
    process's world; stdin, stdout and stderr are a shortcut for that world
    with those streams replaced (many tests use it).
    """
    from careplan.files import writefile

    writefile.written.clear()
    env = _environment(env, stdin, stdout, stderr)
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = env.stdout, env.stderr
    try:
        try:
            status = _run(argv, env)
        except Exception:
            if Stopped.pending is None:
                raise
            raise Stopped(Stopped.pending) from None  # a library's clean-up masked the signal
        if Stopped.pending is not None:  # the signal's exception was swallowed (raised inside a callback)
            raise Stopped(Stopped.pending)
        return status
    except CareplanError as exc:
        report(err, exc, env.environ)
        return ExitStatus(exc.exit_status)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP as errors.Stopped: the same cleanup has run
        write_quietly(err, "\n")  # off the line the terminal's ^C is on
        report(err, _interrupted_message(), env.environ)
        return ExitStatus.for_signal(exc.signum) if isinstance(exc, Stopped) else ExitStatus.INTERRUPTED
    except BrokenPipeError:  # careplan plan | head
        silence_stdout(out)
        return ExitStatus.OK
    except OSError as exc:  # stdout closed or full, or another fault outside the files careplan writes
        silence_stdout(out)
        if writefile.written:
            after_delivery(err, writefile.written[0], exc, environ=env.environ)
            return ExitStatus.OK
        report(err, CareplanError(N_("cannot go on: {problem}"), problem=exc.strerror or str(exc)), env.environ)
        return ExitStatus.BAD_INPUT

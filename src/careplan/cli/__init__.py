"""Command line: ``main(argv) -> exit status``, testable without a terminal.

Heavy modules (ReportLab, questionary, babel's catalog tools) are imported
only by the command that needs them, so ``careplan plan`` stays fast and the
answers-file path never imports questionary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import io
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from careplan import __version__
from careplan.delivery.choices import plan_for, resolve_locale, resolve_region, warn_if_incomplete
from careplan.delivery.deliver import after_delivery, check_outputs, render_and_report
from careplan.delivery.request import Request
from careplan.delivery.streams import ClosedStdout, NullStream, localised, silence_stdout, write_quietly
from careplan.errors import N_, CareplanError, Stopped

SUBCOMMANDS = ("plan", "batch", "check", "gallery", "i18n")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit status."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CareplanError(N_("{problem} (see 'careplan --help')"), problem=message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", metavar="LL", help="language of the handout, such as en, ru, es")
    p.add_argument("--region", metavar="CC", help="country code for emergency numbers and paper, such as GB, US")


def _render_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="OUT.pdf", type=Path, help="where to write the PDF")
    p.add_argument("--paper", choices=("a4", "letter"), help="paper size (default: by region)")
    p.add_argument("--large-print", action="store_true", help="16 pt text for readers with low vision")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="date printed on the handout (default: today)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="careplan",
        description="Turn a few answers about back or neck pain into a printable self-care handout.",
        epilog="Other commands: careplan plan | check | gallery | i18n (each has --help).",
    )
    p.add_argument("--version", action="version", version=f"careplan {__version__}")
    p.add_argument("--answers", metavar="FILE", type=Path, help="answers file (YAML or JSON); without it, careplan asks")
    _add_common(p)
    _render_options(p)
    p.add_argument("--ask-missing", action="store_true", help="with --answers: ask only what the file leaves out")
    p.add_argument("--save-answers", metavar="FILE", type=Path, help="also save the answers in the contract's format")
    p.add_argument("--clinician", action="store_true", help="ask for the clinic's name, clinician, follow-up and notes")
    p.add_argument("--open", action="store_true", help="open the handout in the system's PDF viewer when it is made")
    return p


def build_sub_parser(name: str) -> argparse.ArgumentParser:
    p = _Parser(prog=f"careplan {name}")
    if name == "plan":
        p.description = "Print the plan for an answers file as JSON; writes nothing."
        p.add_argument("--answers", metavar="FILE", type=Path, required=True)
        _add_common(p)
    elif name == "batch":
        p.description = ("Render many answers files at once, in parallel. Each handout is named after its "
                         "answers file (never the patient); a bad file is reported and the rest go on.")
        p.add_argument("answers", nargs="+", metavar="ANSWERS", type=Path, help="answers files or folders of them")
        p.add_argument("-o", "--output", metavar="OUTDIR", type=Path, required=True, help="folder for the PDFs")
        p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
        p.add_argument("--lang", metavar="LL")
        p.add_argument("--region", metavar="CC")
        p.add_argument("--paper", choices=("a4", "letter"))
        p.add_argument("--large-print", action="store_true")
        p.add_argument("--date", type=_date, metavar="YYYY-MM-DD")
    elif name == "check":
        p.description = "Check the content templates (and the translations) for mistakes."
    elif name == "gallery":
        p.description = "Render every position and exercise with its picture into one PDF, for review."
        p.add_argument("--lang", metavar="LL")
        p.add_argument("-o", "--output", metavar="OUT.pdf", type=Path)
        p.add_argument("--paper", choices=("a4", "letter"), default="a4")
        p.add_argument("--large-print", action="store_true")
    elif name == "i18n":
        p.description = "Translator tools: extract the .pot, check catalogs, start a new locale."
        sub = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
        ext = sub.add_parser("extract", help="write locales/careplan.pot from the code and templates")
        chk = sub.add_parser("check", help="report coverage, fuzzy entries, placeholder and markup problems")
        chk.add_argument("locales", nargs="*", metavar="LL")
        chk.add_argument("--strict", action="store_true", help="exit 2 unless every catalog is complete and clean")
        init = sub.add_parser("init", help="start a catalog for a new locale from the .pot")
        init.add_argument("locale", metavar="LL")
        upd = sub.add_parser("update", help="merge new strings from the .pot into every catalog")
        upd.add_argument("--check", action="store_true", help="exit 2 if any catalog is out of date")
        for action in (ext, chk, init, upd):
            action.add_argument("--root", metavar="CHECKOUT", type=Path,
                                help="the careplan checkout whose catalogs to use (default: the one careplan runs "
                                     "from, else the current folder's)")
    return p


# ---------------------------------------------------------------- shared steps
















# ---------------------------------------------------------------- commands


def cmd_plan(args: argparse.Namespace, out: IO[str]) -> int:
    from careplan.contract import answers as answers_mod

    answers = answers_mod.load(args.answers)
    content, plan = plan_for(Request.from_args(args), answers)
    json.dump(plan.to_json(content), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def cmd_batch(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from careplan.cli import batch

    if args.jobs is not None and not 1 <= args.jobs <= 256:
        raise CareplanError(N_("--jobs: give a whole number from 1 to 256"))
    if args.lang:
        resolve_locale(args.lang, None)  # an unknown language fails before any work
    if args.region:
        resolve_region(args.region, None)
    options = batch.Options(lang=args.lang, region=args.region, paper=args.paper, large_print=args.large_print,
                            date=args.date or dt.date.today())
    return batch.run(args.answers, args.output, options, args.jobs, out, err)


def cmd_check(args: argparse.Namespace, out: IO[str]) -> int:
    from careplan.content import loading as content_mod
    from careplan.content.audit import coverage_report

    content = content_mod.load(all_pictures=True)
    problems = coverage_report(content)
    n_items = len(content.positions) + len(content.exercises)
    out.write(f"templates: {n_items} positions and exercises, {len(content.tips)} tips, "
              f"{len(content.regions)} regions, {len(content.pictures)} pictures: valid\n")
    try:
        from careplan.questionnaire import questions as questions_mod

        out.write(f"questions: {len(questions_mod.load())} questions: valid\n")
    except CareplanError as exc:
        problems.append(exc.render())
    for line in problems:
        out.write(f"problem: {line}\n")
    from careplan.i18n.catalogs import check_catalogs

    # Missing strings are reported but allowed (they show in English); broken ones are not.
    report, catalogs_ok = check_catalogs([], strict=False)
    out.write(report)
    return 2 if problems or not catalogs_ok else 0




def cmd_render(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[str]) -> int:
    from careplan.contract import answers as answers_mod

    request = Request.from_args(args, os.environ)
    check_outputs(request)
    if args.answers is None or args.ask_missing:
        if args.answers is None and not stdin.isatty():
            raise CareplanError(N_("no terminal to ask questions in; give an answers file with --answers FILE "
                                   "(see examples/ for the format)"))
        from careplan.environment import Environment
        from careplan.questionnaire import run_questionnaire

        if args.lang:
            warn_if_incomplete(resolve_locale(args.lang, None), err)
        return run_questionnaire(request, Environment(stdin=stdin, stdout=out, stderr=err))
    answers = answers_mod.load(args.answers)
    warn_if_incomplete(resolve_locale(args.lang, answers.language), err)
    return render_and_report(request, answers, out, err)












def cmd_gallery(args: argparse.Namespace, out: IO[str]) -> int:
    from careplan.content import loading as content_mod
    from careplan.files.writefile import write_atomic
    from careplan.render.gallery import render_gallery

    locale = resolve_locale(args.lang, None)
    content = content_mod.load(all_pictures=True)
    pdf = render_gallery(content, locale, paper=args.paper, large_print=args.large_print)
    target = args.output or Path(f"careplan-gallery-{locale}.pdf")
    write_atomic(target, pdf, private=False)  # no patient data: the umask decides
    out.write(f"{target}\n")
    return 0


def cmd_i18n(args: argparse.Namespace, out: IO[str]) -> int:
    from careplan.i18n import catalogs as i18n_tools

    return i18n_tools.run(args, out)










def _interrupted_message() -> CareplanError:
    """Say honestly what is on disk: nothing, or only the files put in place before the interrupt."""
    from careplan.files.writefile import shown, written

    if written:
        return CareplanError(N_("interrupted; only {path} was written."),
                             path=", ".join(shown(p) for p in written))
    return CareplanError(N_("interrupted; nothing was written."))


def main(argv: Sequence[str] | None = None, *, stdin: IO[str] | None = None,
         stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run careplan; return the exit status.

    0 done (also when only a warning followed a delivered handout), 2 bad input,
    130 interrupted by Ctrl-C, 128 + signal number for SIGTERM (143) and SIGHUP (129).
    """
    from careplan.files import writefile

    writefile.written.clear()
    argv = list(sys.argv[1:] if argv is None else argv)
    stdin = stdin or sys.stdin or io.StringIO()
    out = stdout or sys.stdout or ClosedStdout()
    err = stderr or sys.stderr or NullStream()
    try:
        try:
            if argv and argv[0] in SUBCOMMANDS:
                name = argv[0]
                args = build_sub_parser(name).parse_args(argv[1:])
                if name == "plan":
                    status = cmd_plan(args, out)
                elif name == "batch":
                    status = cmd_batch(args, out, err)
                elif name == "check":
                    status = cmd_check(args, out)
                elif name == "gallery":
                    status = cmd_gallery(args, out)
                else:
                    status = cmd_i18n(args, out)
            else:
                args = build_parser().parse_args(argv)
                status = cmd_render(args, out, err, stdin)
            out.flush()
            return status
        except SystemExit as exc:  # --help and --version
            out.flush()
            return int(exc.code or 0)
        except Exception:
            if Stopped.pending is None:
                raise
            raise Stopped(Stopped.pending) from None  # a library's clean-up masked the signal
    except CareplanError as exc:
        write_quietly(err, f"careplan: {localised(exc)}\n")
        return exc.exit_status
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP as errors.Stopped
        write_quietly(err, f"\ncareplan: {localised(_interrupted_message())}\n")
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except BrokenPipeError:  # careplan plan | head
        silence_stdout(out)
        return 0
    except OSError as exc:  # stdout closed or full, or another fault outside the files careplan writes
        silence_stdout(out)
        if writefile.written:
            after_delivery(err, writefile.written[0], exc)
            return 0
        problem = CareplanError(N_("cannot go on: {problem}"), problem=getattr(exc, "strerror", None) or str(exc))
        write_quietly(err, f"careplan: {localised(problem)}\n")
        return 2



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
from pathlib import Path
from typing import IO, Callable, Sequence

from careplan import __version__
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
        sub.add_parser("extract", help="write locales/careplan.pot from the code and templates")
        chk = sub.add_parser("check", help="report coverage, fuzzy entries, placeholder and markup problems")
        chk.add_argument("locales", nargs="*", metavar="LL")
        chk.add_argument("--strict", action="store_true", help="exit 2 unless every catalog is complete and clean")
        init = sub.add_parser("init", help="start a catalog for a new locale from the .pot")
        init.add_argument("locale", metavar="LL")
        upd = sub.add_parser("update", help="merge new strings from the .pot into every catalog")
        upd.add_argument("--check", action="store_true", help="exit 2 if any catalog is out of date")
    return p


# ---------------------------------------------------------------- shared steps


def resolve_locale(lang: str | None, answers_language: str | None) -> str:
    from careplan import i18n

    if lang:
        return i18n.negotiate(lang)
    if answers_language:
        return i18n.negotiate(answers_language)
    return i18n.negotiate(i18n.system_locale(), strict=False)


def warn_if_incomplete(locale: str, err: IO[str]) -> None:
    """Say so when a catalog is unfinished: the handout will mix in English."""
    from careplan import i18n

    t = i18n.translator(locale)
    if t.complete < 1.0:
        err.write("careplan: " + t.format(N_("the {lang} translation is {done} percent done; "
                                             "the rest is shown in English."),
                                          lang=locale, done=int(t.complete * 100)) + "\n")


def resolve_region(region: str | None, answers_region: str | None, *tags: str | None) -> str | None:
    """The reader's country: --region, the answers, a country in the language
    tag (en_GB), or the system locale's country. None when none of them names
    one: the emergency number is then left blank, never guessed."""
    from careplan import i18n

    if region:
        code = region.strip().upper()
        if len(code) != 2 or not code.isalpha() or not code.isascii():
            raise CareplanError(N_("--region: '{value}' is not a two-letter country code such as GB, US, DE"),
                                value=code if code.isascii() and code.isprintable() and len(code) <= 12 else "?")
        return code
    if answers_region:
        return answers_region
    for tag in (*tags, i18n.system_locale()):
        found = i18n.territory_of(tag)
        if found:
            return found
    return None


def check_region(content, code: str | None, given_by: str) -> None:
    """Refuse a code that is no country: a made-up code must not print a number."""
    if code is not None and not content.is_country(code):
        raise CareplanError(
            N_("{source}: '{value}' is not a country code careplan knows; give an ISO 3166 code "
               "such as GB, US, DE, FR, JP"),
            source=given_by, value=code,
        )


NO_REGION = N_("no country was given, so the handout leaves a blank line for the emergency number "
               "instead of guessing it; give the country with --region CC (such as --region GB) "
               "or 'region: CC' in the answers file.")
NO_VIEWER = N_("there is no PDF viewer to open the handout with here, so it was not opened")


def plan_with(content, answers, lang: str | None, region_option: str | None):
    """The plan for these answers under the command's --lang and --region:
    language and country resolved, the country checked. One home for the
    single handout, `plan` and every batch worker."""
    from careplan.planning.planner import make_plan

    locale = resolve_locale(lang, answers.language)
    region = resolve_region(region_option, answers.region, lang, answers.language)
    given_by = "--region" if region_option else "region" if answers.region else "the language's country"
    check_region(content, region, given_by)
    return make_plan(answers, content, locale=locale, region=region)


def _plan_for(args: argparse.Namespace, answers):
    from careplan.content import model as content_mod

    content = content_mod.load()
    return content, plan_with(content, answers, args.lang, args.region)


# ---------------------------------------------------------------- commands


def cmd_plan(args: argparse.Namespace, out: IO[str]) -> int:
    from careplan.contract import answers as answers_mod

    answers = answers_mod.load(args.answers)
    content, plan = _plan_for(args, answers)
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
    from careplan.content import model as content_mod
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


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse -o and --save-answers targets that must not be written, before anything is asked or written.

    The handout never replaces the answers file or the saved answers, and
    neither output replaces a folder, FIFO, device node or symbolic link.
    """
    from careplan.files.writefile import check_target

    answers = getattr(args, "answers", None)
    save = getattr(args, "save_answers", None)
    if getattr(args, "output", None):
        check_target(args.output, {"--answers": answers, "--save-answers": save})
    if save:
        check_target(save, {"--answers": answers})


def cmd_render(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[str]) -> int:
    from careplan.contract import answers as answers_mod

    check_outputs(args)
    if args.answers is None or args.ask_missing:
        if args.answers is None and not stdin.isatty():
            raise CareplanError(N_("no terminal to ask questions in; give an answers file with --answers FILE "
                                   "(see examples/ for the format)"))
        from careplan.questionnaire.flow import run_questionnaire

        if args.lang:
            warn_if_incomplete(resolve_locale(args.lang, None), err)
        return run_questionnaire(args, out, err)
    answers = answers_mod.load(args.answers)
    warn_if_incomplete(resolve_locale(args.lang, answers.language), err)
    return render_and_report(args, answers, out, err)


def render_to_file(args: argparse.Namespace, answers) -> tuple[Path, object]:
    """Plan, render and atomically write the handout; return (path, plan).

    With -o the file is replaced in one step (never an input, never anything
    but a regular file); without it the default name, or name-2, name-3 ...,
    is claimed atomically so runs at the same time never share a file. The
    questionnaire sets `default_name` when args.output only shows the
    default name it offered, so the name is claimed afresh here.
    """
    from careplan.render.handout import HandoutOptions, default_filename, render_handout
    from careplan.files.writefile import write_atomic, write_new

    content, plan = _plan_for(args, answers)
    date = args.date or dt.date.today()
    options = HandoutOptions(paper=args.paper, large_print=args.large_print, date=date)
    pdf = render_handout(answers, plan, content, options)
    if args.output and not getattr(args, "default_name", False):
        target = Path(args.output)
        write_atomic(target, pdf, inputs={"--answers": getattr(args, "answers", None),
                                          "--save-answers": getattr(args, "save_answers", None)})
    else:
        target = write_new(default_filename(answers, plan, date), pdf)
    return target, plan


def handout_warnings(answers, plan) -> list[str]:
    """What the reader of the command should know about a handout just made:
    a blank emergency number, text some font could not draw (by field, never
    the text itself, which is patient data)."""
    from careplan.render import fonts

    warnings = [CareplanError(fonts.UNDRAWABLE, field=name) for name in fonts.undrawable_fields(answers)]
    if plan.region is None:
        warnings.append(CareplanError(NO_REGION))
    return ["careplan: " + _localised(w) for w in warnings]


def save_answers_file(args: argparse.Namespace, answers, handout: Path | None) -> None:
    """--save-answers: the answers in the contract's format; never over the answers file or the handout."""
    from careplan.contract import answers as answers_mod
    from careplan.files.writefile import write_atomic

    write_atomic(args.save_answers, answers_mod.dump_yaml(answers).encode("utf-8"),
                 inputs={"--answers": getattr(args, "answers", None), "-o": handout})


def after_delivery(err: IO[str], path: Path, exc: BaseException, *, printing: bool = False,
                   gettext: Callable[[str], str] | None = None) -> None:
    """A fault after the handout is in place: say so on stderr; the run still succeeds (exit 0).

    `printing` says the fault was printing the file name on stdout, so the
    name is given here instead. `gettext` is the questionnaire's language;
    without it the system locale's is used, as for errors.
    """
    from careplan.files.writefile import shown

    if isinstance(exc, CareplanError):
        problem = exc.render(gettext) if gettext else _localised(exc)
    else:
        problem = getattr(exc, "strerror", None) or str(exc)
    if printing:
        warning = CareplanError(N_("the handout was saved as {path}, but its name could not be printed "
                                   "on standard output ({problem})"), path=shown(path), problem=problem)
    else:
        warning = CareplanError(N_("the handout was saved as {path}, but: {problem}"), path=shown(path),
                                problem=problem)
    _write_quietly(err, f"careplan: {warning.render(gettext) if gettext else _localised(warning)}\n")


def render_and_report(args: argparse.Namespace, answers, out: IO[str], err: IO[str] | None = None) -> int:
    """Write the handout, say what the reader should know about it, save the answers, print where it went.

    Once the handout is in place, nothing that fails afterwards (saving the
    answers, a closed or full stdout) turns the run into a failure: it is
    reported on stderr and the exit status stays 0.
    """
    err = err if err is not None else _NullStream()
    target, plan = render_to_file(args, answers)
    for line in handout_warnings(answers, plan):
        _write_quietly(err, line + "\n")
    if getattr(args, "save_answers", None):
        try:
            save_answers_file(args, answers, target)
        except (CareplanError, OSError) as exc:
            after_delivery(err, target, exc)
    try:
        out.write(f"{target}\n")
        out.flush()
    except (OSError, ValueError) as exc:
        _silence_stdout(out)
        after_delivery(err, target, exc, printing=True)
    if getattr(args, "open", False):
        from careplan.questionnaire.flow import open_with_viewer

        if not open_with_viewer(target, os.environ):
            _write_quietly(err, "careplan: " + _localised(CareplanError(NO_VIEWER)) + "\n")
    return 0


def cmd_gallery(args: argparse.Namespace, out: IO[str]) -> int:
    from careplan.content import model as content_mod
    from careplan.render.gallery import render_gallery
    from careplan.files.writefile import write_atomic

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


class _NullStream:
    """Stands in for a stream that was closed when careplan started (`2>&-`)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class _ClosedStdout(_NullStream):
    """Stands in for a closed stdout (`>&-`): writing fails like a closed descriptor, so it is reported."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _write_quietly(stream: IO[str], text: str) -> None:
    """Write a message to stderr; a closed or full stderr is no reason to fail or print a traceback."""
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def _silence_stdout(out: IO[str]) -> None:
    """After stdout failed: point it at /dev/null so Python's flush at exit does not fail again."""
    if out is not sys.stdout or sys.stdout is None:
        return
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError):
        pass


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
    out = stdout or sys.stdout or _ClosedStdout()
    err = stderr or sys.stderr or _NullStream()
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
        _write_quietly(err, f"careplan: {_localised(exc)}\n")
        return exc.exit_status
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP as errors.Stopped
        _write_quietly(err, f"\ncareplan: {_localised(_interrupted_message())}\n")
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except BrokenPipeError:  # careplan plan | head
        _silence_stdout(out)
        return 0
    except OSError as exc:  # stdout closed or full, or another fault outside the files careplan writes
        _silence_stdout(out)
        if writefile.written:
            after_delivery(err, writefile.written[0], exc)
            return 0
        problem = CareplanError(N_("cannot go on: {problem}"), problem=getattr(exc, "strerror", None) or str(exc))
        _write_quietly(err, f"careplan: {_localised(problem)}\n")
        return 2


def _localised(exc: CareplanError) -> str:
    """The error in the user's language when a catalog is at hand, else English."""
    try:
        from careplan import i18n

        return exc.render(i18n.translator(i18n.negotiate(i18n.system_locale(), strict=False)).gettext)
    except Exception:  # an error message must never itself fail
        return exc.render()

"""Command line: ``main(argv) -> exit status``, testable without a terminal.

Heavy modules (ReportLab, questionary, babel's catalog tools) are imported
only by the command that needs them, so ``careplan plan`` stays fast and the
answers-file path never imports questionary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import IO, Sequence

from . import __version__
from .errors import N_, CareplanError

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
    from . import i18n

    if lang:
        return i18n.negotiate(lang)
    if answers_language:
        return i18n.negotiate(answers_language)
    return i18n.negotiate(i18n.system_locale(), strict=False)


def warn_if_incomplete(locale: str, err: IO[str]) -> None:
    """Say so when a catalog is unfinished: the handout will mix in English."""
    from . import i18n

    t = i18n.translator(locale)
    if t.complete < 1.0:
        err.write("careplan: " + t.format(N_("the {lang} translation is {done} percent done; "
                                             "the rest is shown in English."),
                                          lang=locale, done=int(t.complete * 100)) + "\n")


def resolve_region(region: str | None, answers_region: str | None, *tags: str | None) -> str | None:
    """The reader's country: --region, the answers, a country in the language
    tag (en_GB), or the system locale's country. None when none of them names
    one: the emergency number is then left blank, never guessed."""
    from . import i18n

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


def _plan_for(args: argparse.Namespace, answers):
    from . import content as content_mod
    from .planner import make_plan

    locale = resolve_locale(args.lang, answers.language)
    region = resolve_region(args.region, answers.region, args.lang, answers.language)
    content = content_mod.load()
    given_by = "--region" if args.region else "region" if answers.region else "the language's country"
    check_region(content, region, given_by)
    return content, make_plan(answers, content, locale=locale, region=region)


# ---------------------------------------------------------------- commands


def cmd_plan(args: argparse.Namespace, out: IO[str]) -> int:
    from . import answers as answers_mod

    answers = answers_mod.load(args.answers)
    content, plan = _plan_for(args, answers)
    json.dump(plan.to_json(content), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def cmd_batch(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from . import batch

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
    from . import content as content_mod
    from .coverage import coverage_report

    content = content_mod.load(all_pictures=True)
    problems = coverage_report(content)
    n_items = len(content.positions) + len(content.exercises)
    out.write(f"templates: {n_items} positions and exercises, {len(content.tips)} tips, "
              f"{len(content.regions)} regions, {len(content.pictures)} pictures: valid\n")
    try:
        from . import questions as questions_mod

        out.write(f"questions: {len(questions_mod.load())} questions: valid\n")
    except CareplanError as exc:
        problems.append(exc.render())
    for line in problems:
        out.write(f"problem: {line}\n")
    from .i18n_tools import check_catalogs

    # Missing strings are reported but allowed (they show in English); broken ones are not.
    report, catalogs_ok = check_catalogs([], strict=False)
    out.write(report)
    return 2 if problems or not catalogs_ok else 0


def cmd_render(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[str]) -> int:
    from . import answers as answers_mod

    if args.answers is None or args.ask_missing:
        if args.answers is None and not stdin.isatty():
            raise CareplanError(N_("no terminal to ask questions in; give an answers file with --answers FILE "
                                   "(see examples/ for the format)"))
        from .questionnaire import run_questionnaire

        if args.lang:
            warn_if_incomplete(resolve_locale(args.lang, None), err)
        return run_questionnaire(args, out, err)
    answers = answers_mod.load(args.answers)
    warn_if_incomplete(resolve_locale(args.lang, answers.language), err)
    if args.save_answers:
        from .writefile import write_atomic

        write_atomic(args.save_answers, answers_mod.dump_yaml(answers).encode("utf-8"))
    return render_and_report(args, answers, out, err)


def render_to_file(args: argparse.Namespace, answers) -> tuple[Path, object]:
    """Plan, render and atomically write the handout; return (path, plan)."""
    from .render.handout import HandoutOptions, default_filename, render_handout
    from .writefile import free_path, write_atomic

    content, plan = _plan_for(args, answers)
    date = args.date or dt.date.today()
    options = HandoutOptions(paper=args.paper, large_print=args.large_print, date=date)
    pdf = render_handout(answers, plan, content, options)
    target = args.output or free_path(default_filename(answers, plan, date))
    write_atomic(target, pdf)
    return target, plan


def handout_warnings(answers, plan) -> list[str]:
    """What the reader of the command should know about a handout just made:
    a blank emergency number, text some font could not draw (by field, never
    the text itself, which is patient data)."""
    from .render import fonts

    warnings = [CareplanError(fonts.UNDRAWABLE, field=name) for name in fonts.undrawable_fields(answers)]
    if plan.region is None:
        warnings.append(CareplanError(NO_REGION))
    return ["careplan: " + _localised(w) for w in warnings]


def render_and_report(args: argparse.Namespace, answers, out: IO[str], err: IO[str]) -> int:
    """Write the handout and print where it went."""
    target, plan = render_to_file(args, answers)
    for line in handout_warnings(answers, plan):
        err.write(line + "\n")
    out.write(f"{target}\n")
    return 0


def cmd_gallery(args: argparse.Namespace, out: IO[str]) -> int:
    from . import content as content_mod
    from .render.gallery import render_gallery
    from .writefile import write_atomic

    locale = resolve_locale(args.lang, None)
    content = content_mod.load(all_pictures=True)
    pdf = render_gallery(content, locale, paper=args.paper, large_print=args.large_print)
    target = args.output or Path(f"careplan-gallery-{locale}.pdf")
    write_atomic(target, pdf)
    out.write(f"{target}\n")
    return 0


def cmd_i18n(args: argparse.Namespace, out: IO[str]) -> int:
    from . import i18n_tools

    return i18n_tools.run(args, out)


def main(argv: Sequence[str] | None = None, *, stdin: IO[str] | None = None,
         stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run careplan; return the exit status (0 done, 2 bad input, 130 interrupted)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        try:
            if argv and argv[0] in SUBCOMMANDS:
                name = argv[0]
                args = build_sub_parser(name).parse_args(argv[1:])
                if name == "plan":
                    return cmd_plan(args, out)
                if name == "batch":
                    return cmd_batch(args, out, err)
                if name == "check":
                    return cmd_check(args, out)
                if name == "gallery":
                    return cmd_gallery(args, out)
                return cmd_i18n(args, out)
            args = build_parser().parse_args(argv)
            return cmd_render(args, out, err, stdin)
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0)
    except CareplanError as exc:
        err.write(f"careplan: {_localised(exc)}\n")
        return exc.exit_status
    except KeyboardInterrupt:
        stopped = CareplanError(N_("interrupted; nothing was written."))
        err.write(f"\ncareplan: {_localised(stopped)}\n")
        return 130
    except BrokenPipeError:
        return 0


def _localised(exc: CareplanError) -> str:
    """The error in the user's language when a catalog is at hand, else English."""
    try:
        from . import i18n

        return exc.render(i18n.translator(i18n.negotiate(i18n.system_locale(), strict=False)).gettext)
    except Exception:  # an error message must never itself fail
        return exc.render()

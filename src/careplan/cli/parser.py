"""The command line's grammar (argparse), turned at once into typed commands.

`parse(argv, env)` is the only place an argparse Namespace exists: it becomes
a Request or a small options object from careplan.cli.options, and the
defaults that depend on the world (today's date, the environment variables)
are taken from the Environment here, once.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from careplan import __version__
from careplan.cli.options import (
    BatchCommand,
    CheckCommand,
    Command,
    GalleryCommand,
    I18nCommand,
    PlanCommand,
    RenderCommand,
)
from careplan.cli.wording import helptext, say, speaking
from careplan.delivery.request import PAPERS, Request
from careplan.environment import Environment
from careplan.errors import N_, CareplanError

if TYPE_CHECKING:
    from careplan.i18n import Translator

SUBCOMMANDS = ("plan", "batch", "check", "gallery", "i18n")

#: --lang '' (an empty variable in a script, say): refused like any bad value, never taken as "not given".
NO_LANG = N_("--lang: no language given; available: {available}")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit status."""

    def error(self, message: str) -> NoReturn:
        raise CareplanError(N_("{problem} (see 'careplan --help')"), problem=message)


#: A value --date refuses: the help's form, and no other that Python would read.
NOT_A_DATE = N_("{value} is not a date written YYYY-MM-DD")
#: '-' as a file name (see _written).
NO_STDOUT = N_("'-' is not a file name here: careplan writes files, not to standard output; "
               "give a name such as {example}")


#: --jobs not a whole number from 1 to batch.MAX_JOBS (the message names it)
BAD_JOBS = N_("--jobs: give a whole number from 1 to 256")


def _jobs(text: str) -> int:
    """--jobs N: a number of workers; anything else gets the message a wrong number gets (batch.check_jobs)."""
    try:
        return int(text)
    except ValueError:
        raise CareplanError(BAD_JOBS) from None


def _date(t: Translator | None) -> Callable[[str], dt.date]:
    """YYYY-MM-DD only, as the help says (Python 3.11 also reads 20261204 and 2026-W49-5)."""

    def date(text: str) -> dt.date:
        try:
            if len(text) != 10 or text[4] != "-" or text[7] != "-":
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(say(t, NOT_A_DATE, value=f"'{text}'")) from None

    return date


def _written(t: Translator | None, example: str) -> Callable[[str], Path]:
    """A path careplan writes to, whose message names an `example` of the right kind. '-' is refused:
    it is no standard output here, but would become a file named '-' (and a second command's '-'
    would silently replace the first's)."""

    def path(text: str) -> Path:
        if text.strip() == "-":
            raise argparse.ArgumentTypeError(say(t, NO_STDOUT, example=example))
        return Path(text)

    return path


def _add_common(p: argparse.ArgumentParser, t: Translator | None) -> None:
    p.add_argument("--lang", metavar="LL", help=helptext(t, N_("language of the handout, such as en, ru, es")))
    p.add_argument("--region", metavar="CC",
                   help=helptext(t, N_("country code for emergency numbers and paper, such as GB, US")))


def _render_options(p: argparse.ArgumentParser, t: Translator | None) -> None:
    p.add_argument("-o", "--output", metavar="OUT.pdf", type=_written(t, "handout.pdf"),
                   help=helptext(t, N_("where to write the PDF")))
    _page_options(p, t)


def _page_options(p: argparse.ArgumentParser, t: Translator | None) -> None:
    """What every handout of a run is printed like: the paper, large print, the date on it."""
    p.add_argument("--paper", choices=PAPERS, help=helptext(t, N_("paper size (default: by region)")))
    p.add_argument("--large-print", action="store_true",
                   help=helptext(t, N_("18 pt text, nothing under 16 pt, for readers with low vision")))
    p.add_argument("--date", type=_date(t), metavar="YYYY-MM-DD",
                   help=helptext(t, N_("date printed on the handout (default: today)")))


def build_parser(t: Translator | None = None) -> argparse.ArgumentParser:
    """The parser for `careplan [options]`: one handout, from an answers file or the questionnaire;
    its help in t's language (English without one)."""
    p = _Parser(
        prog="careplan",
        description=say(t, N_("Turn a few answers about back or neck pain into a printable self-care handout.")),
        epilog=say(t, N_("Other commands: careplan plan | check | gallery | i18n (each has --help).")),
    )
    p.add_argument("--version", action="version", version=f"careplan {__version__}",
                   help=helptext(t, N_("show careplan's version and exit")))
    p.add_argument("--answers", metavar="FILE", type=Path,
                   help=helptext(t, N_("answers file (YAML or JSON); without it, careplan asks")))
    _add_common(p, t)
    _render_options(p, t)
    p.add_argument("--ask-missing", action="store_true",
                   help=helptext(t, N_("with --answers: ask only what the file leaves out")))
    p.add_argument("--save-answers", metavar="FILE", type=_written(t, "answers.yaml"),
                   help=helptext(t, N_("also save the answers in the contract's format")))
    p.add_argument("--clinician", action="store_true",
                   help=helptext(t, N_("ask for the clinic's name, clinician, follow-up and notes")))
    p.add_argument("--open", action="store_true",
                   help=helptext(t, N_("open the handout in the system's PDF viewer when it is made")))
    return p


def _i18n_actions(p: argparse.ArgumentParser, t: Translator | None) -> None:
    # every action's options exist on the result, so the command is built without guessing which were given
    p.set_defaults(locale=None, locales=[], strict=False, check=False)
    sub = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    ext = sub.add_parser("extract", help=helptext(t, N_("write locales/careplan.pot from the code and templates")))
    chk = sub.add_parser("check",
                         help=helptext(t, N_("report coverage, fuzzy entries, placeholder and markup problems")))
    chk.add_argument("locales", nargs="*", metavar="LL")
    chk.add_argument("--strict", action="store_true",
                     help=helptext(t, N_("exit 2 unless every catalog is complete and clean")))
    init = sub.add_parser("init", help=helptext(t, N_("start a catalog for a new locale from the .pot")))
    init.add_argument("locale", metavar="LL")
    upd = sub.add_parser("update", help=helptext(t, N_("merge new strings from the .pot into every catalog")))
    upd.add_argument("--check", action="store_true", help=helptext(t, N_("exit 2 if any catalog is out of date")))
    for action in (ext, chk, init, upd):
        action.add_argument("--root", metavar="CHECKOUT", type=Path,
                            help=helptext(t, N_("the careplan checkout whose catalogs to use (default: the one "
                                                "careplan runs from, else the current folder's)")))


def build_sub_parser(name: str, t: Translator | None = None) -> argparse.ArgumentParser:
    """The parser for `careplan NAME ...`, one of SUBCOMMANDS; its help in t's language."""
    p = _Parser(prog=f"careplan {name}")
    if name == "plan":
        p.description = say(t, N_("Print the plan for an answers file as JSON; writes nothing."))
        p.add_argument("--answers", metavar="FILE", type=Path, required=True)
        _add_common(p, t)
    elif name == "batch":
        p.description = say(t, N_("Render many answers files at once, in parallel. Each handout is named after "
                                  "its answers file (never the patient); a bad file is reported and the rest go on."))
        p.add_argument("answers", nargs="+", metavar="ANSWERS", type=Path,
                       help=helptext(t, N_("answers files or folders of them")))
        p.add_argument("-o", "--output", metavar="OUTDIR", type=_written(t, "handouts"), required=True,
                       help=helptext(t, N_("folder for the PDFs")))
        p.add_argument("--jobs", type=_jobs, metavar="N",
                       help=helptext(t, N_("worker processes (default: one per core)")))
        _add_common(p, t)
        _page_options(p, t)
    elif name == "check":
        p.description = say(t, N_("Check the content templates (and the translations) for mistakes."))
    elif name == "gallery":
        p.description = say(t, N_("Render every position and exercise with its picture into one PDF, for review."))
        p.add_argument("--lang", metavar="LL")
        p.add_argument("-o", "--output", metavar="OUT.pdf", type=_written(t, "gallery.pdf"))
        p.add_argument("--paper", choices=PAPERS, default="a4")
        p.add_argument("--large-print", action="store_true")
    elif name == "i18n":
        p.description = say(t, N_("Translator tools: extract the .pot, check catalogs, start a new locale."))
        _i18n_actions(p, t)
    return p


def _not_empty(args: argparse.Namespace) -> argparse.Namespace:
    """Refuse --lang '' and --region '': everywhere after this an empty value would mean "not given",
    and a handout would silently follow the system's language or country instead."""
    if getattr(args, "lang", None) == "":
        from careplan.i18n import complete_locales

        raise CareplanError(NO_LANG, available=", ".join(complete_locales()))
    if getattr(args, "region", None) == "":
        from careplan.delivery.choices import country_option

        country_option("")  # raises: its message names --region and what a country code is
    return args


def _request(args: argparse.Namespace, env: Environment) -> Request:
    """The handout options of `careplan [options]`; --date defaults to the Environment's today."""
    return Request(answers=args.answers, output=args.output, save_answers=args.save_answers, lang=args.lang,
                   region=args.region, paper=args.paper, large_print=args.large_print,
                   date=args.date or env.today, open=args.open, clinician=args.clinician,
                   ask_missing=args.ask_missing, environ=env.environ)


def _command(name: str, args: argparse.Namespace, env: Environment) -> Command:
    """The typed command for `careplan NAME`; the Namespace goes no further."""
    if name == "plan":
        return PlanCommand(args.answers, Request(answers=args.answers, lang=args.lang, region=args.region,
                                                 date=env.today, environ=env.environ))
    if name == "batch":
        shared = Request(lang=args.lang, region=args.region, paper=args.paper, large_print=args.large_print,
                         date=args.date or env.today, environ=dict(env.environ))  # a dict: workers may be spawned
        return BatchCommand(paths=tuple(args.answers), outdir=args.output, jobs=args.jobs, request=shared)
    if name == "check":
        return CheckCommand()
    if name == "gallery":
        return GalleryCommand(lang=args.lang, output=args.output, paper=args.paper, large_print=args.large_print)
    return I18nCommand(action=args.action, locale=args.locale, locales=list(args.locales), strict=args.strict,
                       check=args.check, root=args.root)


def parse(argv: Sequence[str], env: Environment) -> Command:
    """The command argv asks for; a usage error raises CareplanError, --help and --version SystemExit.

    argparse prints help and the version on sys.stdout; for the parse it is the Environment's stdout.
    Help, usage and argparse's errors are in the system locale's language, as careplan's messages are."""
    from careplan.i18n import system_translator

    t = system_translator(env.environ)
    with contextlib.redirect_stdout(env.stdout), speaking(t):
        if argv and argv[0] in SUBCOMMANDS:
            return _command(argv[0], _not_empty(build_sub_parser(argv[0], t).parse_args(argv[1:])), env)
        return RenderCommand(_request(_not_empty(build_parser(t).parse_args(argv)), env))

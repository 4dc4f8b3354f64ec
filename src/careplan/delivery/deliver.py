"""Writing the handout for a request and telling the reader what they need to know about it."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

from careplan import records
from careplan.delivery.choices import plan_with
from careplan.delivery.streams import localised, message_line, report, silence_stdout, write_quietly
from careplan.delivery.viewer import open_with_viewer
from careplan.environment import ExitStatus
from careplan.errors import N_, CareplanError

if TYPE_CHECKING:
    from careplan.content.model import Content, Safety
    from careplan.contract.answers import Answers
    from careplan.delivery.request import Request
    from careplan.environment import Environment
    from careplan.planning.planner import Plan


NO_REGION = N_("no country was given, so the handout leaves a blank line for the emergency number "
               "instead of guessing it; give the country with --region CC (such as --region GB) "
               "or 'region: CC' in the answers file.")


NO_FONT = N_("a handout in '{lang}' needs the optional Chinese font, which is not installed; "
             "install it with: pip install 'careplan[cjk]'")


FOLLOW_UP_PASSED = N_("clinic.follow_up is before the handout's date, so the handout leaves the next "
                      "appointment blank, to be filled in by hand; to print it, give a date on or after "
                      "the handout's date (--date, today by default)")


NO_VIEWER = N_("there is no PDF viewer to open the handout with here, so it was not opened")
#: A follow-up booked later than the soon level's check: the handout rightly keeps "book within a week",
#: and the clinician, who may have meant the follow-up as that check, is told why.
FOLLOW_UP_LATE = N_("clinic.follow_up is more than {days} days after the handout's date, too late for "
                    "the doctor's check this plan asks for, so the handout still tells the reader to book an "
                    "appointment within a week; if the follow-up is that check, give a date within {days} days")
#: Said before a font is cut for its first use (render/instances.py): the run would otherwise seem to hang.
FIRST_CUT = N_("preparing a font for its first use on this computer; this takes up to a minute, once")


def check_outputs(request: Request) -> None:
    """Refuse -o and --save-answers targets that must not be written, before anything is asked or written.

    The handout never replaces the answers file or the saved answers, and
    neither output replaces a folder, FIFO, device node or symbolic link.
    """
    from careplan.files.writefile import FOLDER_FOR_ANSWERS, check_target

    answers = request.answers
    save = request.save_answers
    if request.output:
        check_target(request.output, {"--answers": answers, "--save-answers": save})
    if save:
        check_target(save, {"--answers": answers}, folder=FOLDER_FOR_ANSWERS)


def handout_date(request: Request) -> dt.date:
    """The date on the handout. The command line always sets it (--date, or the Environment's today);
    a request without one is the caller's mistake, since nothing here may fall back on the clock."""
    if request.date is None:
        raise ValueError("a Request that makes a handout needs its date (--date, or the Environment's today)")
    return request.date


def follow_up_passed(answers: Answers, date: dt.date) -> bool:
    """Whether the answers name a follow-up visit before the handout's date (an
    old answers file printed again): the handout leaves that line blank."""
    return bool(answers.clinic and answers.clinic.follow_up and answers.clinic.follow_up < date)


def make_pdf(request: Request, content: Content, answers: Answers) -> tuple[Plan, bytes]:
    """The plan and the PDF a request asks for, from content already loaded.

    One home for turning a request into a handout: the single handout and
    every batch worker (which loads the content once) both come here.
    """
    from careplan.render.fonts import needs_font
    from careplan.render.handout import HandoutOptions, render_handout

    plan = plan_with(content, answers, request.lang, request.region, request.environ)
    if needs_font(plan.locale):  # never a handout of '?' or empty boxes
        raise CareplanError(NO_FONT, lang=plan.locale)
    date = handout_date(request)
    if answers.clinic is not None and follow_up_passed(answers, date):  # not the next visit: left blank
        answers = answers.replace(clinic=records.replace(answers.clinic, follow_up=None))
    options = HandoutOptions(paper=request.paper, large_print=request.large_print, date=date)
    return plan, render_handout(answers, plan, content, options)


def render_to_file(request: Request, answers: Answers, content: Content) -> tuple[Path, Plan]:
    """Plan, render and atomically write the handout; return (path, plan).

    With -o the file is replaced in one step (never an input, never anything
    but a regular file); without it the default name, or name-2, name-3 ...,
    is claimed atomically so runs at the same time never share a file. The
    questionnaire sets `default_name` when request.output only shows the
    default name it offered, so the name is claimed afresh here.
    """
    from careplan.files.writefile import write_atomic, write_new
    from careplan.render.handout import default_filename

    plan, pdf = make_pdf(request, content, answers)
    if request.output and not request.default_name:
        target = Path(request.output)
        write_atomic(target, pdf, inputs={"--answers": request.answers,
                                          "--save-answers": request.save_answers})
    else:
        target = write_new(default_filename(answers, plan, handout_date(request)), pdf)
    return target, plan


def handout_warnings(answers: Answers, plan: Plan, safety: Safety, environ: Mapping[str, str] | None = None,
                     date: dt.date | None = None) -> list[str]:
    """What the reader of the command should know about a handout just made
    (dated `date`): a blank emergency number, a follow-up date left blank
    because it has passed or kept out of the at-a-glance box because it is too
    late for a soon plan's check, text some font could not draw (by field, never the
    text itself, which is patient data). In the system locale's language."""
    from careplan.render import undrawable

    warnings = [CareplanError(undrawable.UNDRAWABLE, field=name) for name in undrawable.undrawable_fields(answers)]
    if plan.region is None:
        warnings.append(CareplanError(NO_REGION))
    if date is not None and follow_up_passed(answers, date):
        warnings.append(CareplanError(FOLLOW_UP_PASSED))
    elif (date is not None and answers.clinic is not None and answers.clinic.follow_up is not None
          and safety.follow_up_too_late(plan.level, answers.clinic.follow_up, date)):  # glance.booked_follow_up's rule
        warnings.append(CareplanError(FOLLOW_UP_LATE, days=safety.follow_up_soon_days))  # never the date: patient data
    return [message_line(w, environ) for w in warnings]


def save_answers_file(request: Request, answers: Answers, handout: Path | None) -> None:
    """--save-answers: the answers in the contract's format; never over the answers file or the handout."""
    from careplan.contract import answers as answers_mod
    from careplan.files.writefile import FOLDER_FOR_ANSWERS, write_atomic

    if request.save_answers is None:
        return
    write_atomic(request.save_answers, answers_mod.dump_yaml(answers).encode("utf-8"),
                 inputs={"--answers": request.answers, "-o": handout}, folder=FOLDER_FOR_ANSWERS)


def after_delivery(err: IO[str], path: Path, exc: BaseException, *, printing: bool = False,
                   gettext: Callable[[str], str] | None = None, environ: Mapping[str, str] | None = None) -> None:
    """A fault after the handout is in place: say so on stderr; the run still succeeds (exit 0).

    `printing` says the fault was printing the file name on stdout, so the
    name is given here instead. `gettext` is the questionnaire's language;
    without it the system locale's (from `environ`) is used, as for errors.
    """
    from careplan.files.writefile import shown

    if isinstance(exc, CareplanError):
        problem = exc.render(gettext) if gettext else localised(exc, environ)
    else:
        problem = getattr(exc, "strerror", None) or str(exc)
    if printing:
        warning = CareplanError(N_("the handout was saved as {path}, but its name could not be printed "
                                   "on standard output ({problem})"), path=shown(path), problem=problem)
    else:
        warning = CareplanError(N_("the handout was saved as {path}, but: {problem}"), path=shown(path),
                                problem=problem)
    report(err, warning, environ, gettext=gettext)


def first_cut_told(err: IO[str], environ: Mapping[str, str] | None = None,
                   gettext: Callable[[str], str] | None = None) -> contextlib.AbstractContextManager[None]:
    """Within the block, a font cut for its first use on this computer (up to a minute, silent
    otherwise: the first Chinese text) is announced on err first, so the run never seems to hang."""
    from careplan.render import instances

    return instances.first_cut_said(lambda: report(err, CareplanError(FIRST_CUT), environ, gettext=gettext))


def render_and_report(request: Request, answers: Answers, env: Environment) -> ExitStatus:
    """Write the handout, say what the reader should know about it, save the answers, print where it went.

    Once the handout is in place, nothing that fails afterwards (saving the
    answers, a closed or full stdout) turns the run into a failure: it is
    reported on stderr and the exit status stays 0.
    """
    from careplan.content import cache as content_mod

    out, err, environ = env.stdout, env.stderr, env.environ
    content = content_mod.load()  # once: the handout, then the warnings about it
    with first_cut_told(err, environ):
        target, plan = render_to_file(request, answers, content)
    for line in handout_warnings(answers, plan, content.safety, environ, handout_date(request)):
        write_quietly(err, line + "\n")
    if request.save_answers:
        try:
            save_answers_file(request, answers, target)
        except (CareplanError, OSError) as exc:
            after_delivery(err, target, exc, environ=environ)
    try:
        out.write(f"{target}\n")
        out.flush()
    except (OSError, ValueError) as exc:
        silence_stdout(out)
        after_delivery(err, target, exc, printing=True, environ=environ)
    if request.open and not open_with_viewer(target, environ):
        report(err, CareplanError(NO_VIEWER), environ)
    return ExitStatus.OK

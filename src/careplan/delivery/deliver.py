"""Writing the handout for a request and telling the reader what they need to know about it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from careplan.delivery.choices import plan_for
from careplan.delivery.streams import NullStream, localised, silence_stdout, write_quietly
from careplan.delivery.viewer import open_with_viewer
from careplan.errors import N_, CareplanError

if TYPE_CHECKING:
    from careplan.delivery.request import Request


NO_REGION = N_("no country was given, so the handout leaves a blank line for the emergency number "
               "instead of guessing it; give the country with --region CC (such as --region GB) "
               "or 'region: CC' in the answers file.")


NO_VIEWER = N_("there is no PDF viewer to open the handout with here, so it was not opened")


def check_outputs(request: Request) -> None:
    """Refuse -o and --save-answers targets that must not be written, before anything is asked or written.

    The handout never replaces the answers file or the saved answers, and
    neither output replaces a folder, FIFO, device node or symbolic link.
    """
    from careplan.files.writefile import check_target

    answers = request.answers
    save = request.save_answers
    if request.output:
        check_target(request.output, {"--answers": answers, "--save-answers": save})
    if save:
        check_target(save, {"--answers": answers})


def render_to_file(request: Request, answers) -> tuple[Path, object]:
    """Plan, render and atomically write the handout; return (path, plan).

    With -o the file is replaced in one step (never an input, never anything
    but a regular file); without it the default name, or name-2, name-3 ...,
    is claimed atomically so runs at the same time never share a file. The
    questionnaire sets `default_name` when request.output only shows the
    default name it offered, so the name is claimed afresh here.
    """
    from careplan.files.writefile import write_atomic, write_new
    from careplan.render.handout import HandoutOptions, default_filename, render_handout

    content, plan = plan_for(request, answers)
    date = request.date or dt.date.today()
    options = HandoutOptions(paper=request.paper, large_print=request.large_print, date=date)
    pdf = render_handout(answers, plan, content, options)
    if request.output and not request.default_name:
        target = Path(request.output)
        write_atomic(target, pdf, inputs={"--answers": request.answers,
                                          "--save-answers": request.save_answers})
    else:
        target = write_new(default_filename(answers, plan, date), pdf)
    return target, plan


def handout_warnings(answers, plan) -> list[str]:
    """What the reader of the command should know about a handout just made:
    a blank emergency number, text some font could not draw (by field, never
    the text itself, which is patient data)."""
    from careplan.render import undrawable

    warnings = [CareplanError(undrawable.UNDRAWABLE, field=name) for name in undrawable.undrawable_fields(answers)]
    if plan.region is None:
        warnings.append(CareplanError(NO_REGION))
    return ["careplan: " + localised(w) for w in warnings]


def save_answers_file(request: Request, answers, handout: Path | None) -> None:
    """--save-answers: the answers in the contract's format; never over the answers file or the handout."""
    from careplan.contract import answers as answers_mod
    from careplan.files.writefile import write_atomic

    write_atomic(request.save_answers, answers_mod.dump_yaml(answers).encode("utf-8"),
                 inputs={"--answers": request.answers, "-o": handout})


def after_delivery(err: IO[str], path: Path, exc: BaseException, *, printing: bool = False,
                   gettext: Callable[[str], str] | None = None) -> None:
    """A fault after the handout is in place: say so on stderr; the run still succeeds (exit 0).

    `printing` says the fault was printing the file name on stdout, so the
    name is given here instead. `gettext` is the questionnaire's language;
    without it the system locale's is used, as for errors.
    """
    from careplan.files.writefile import shown

    if isinstance(exc, CareplanError):
        problem = exc.render(gettext) if gettext else localised(exc)
    else:
        problem = getattr(exc, "strerror", None) or str(exc)
    if printing:
        warning = CareplanError(N_("the handout was saved as {path}, but its name could not be printed "
                                   "on standard output ({problem})"), path=shown(path), problem=problem)
    else:
        warning = CareplanError(N_("the handout was saved as {path}, but: {problem}"), path=shown(path),
                                problem=problem)
    write_quietly(err, f"careplan: {warning.render(gettext) if gettext else localised(warning)}\n")


def render_and_report(request: Request, answers, out: IO[str], err: IO[str] | None = None) -> int:
    """Write the handout, say what the reader should know about it, save the answers, print where it went.

    Once the handout is in place, nothing that fails afterwards (saving the
    answers, a closed or full stdout) turns the run into a failure: it is
    reported on stderr and the exit status stays 0.
    """
    err = err if err is not None else NullStream()
    target, plan = render_to_file(request, answers)
    for line in handout_warnings(answers, plan):
        write_quietly(err, line + "\n")
    if request.save_answers:
        try:
            save_answers_file(request, answers, target)
        except (CareplanError, OSError) as exc:
            after_delivery(err, target, exc)
    try:
        out.write(f"{target}\n")
        out.flush()
    except (OSError, ValueError) as exc:
        silence_stdout(out)
        after_delivery(err, target, exc, printing=True)
    if request.open:
        if not open_with_viewer(target, request.environ):
            write_quietly(err, "careplan: " + localised(CareplanError(NO_VIEWER)) + "\n")
    return 0

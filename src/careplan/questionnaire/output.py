"""The questionnaire's last step: choosing the handout's file name, writing it through delivery, saying where it is.

Nothing is written before this step, so Ctrl-C anywhere earlier leaves no
file. Once the handout is in place, saving the answers or the clinic's
details may fail only as a warning: the reader has their handout.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from careplan.contract.answers import Answers
from careplan.delivery import deliver
from careplan.delivery.viewer import open_with_viewer
from careplan.environment import ExitStatus
from careplan.errors import N_, CareplanError
from careplan.questionnaire.context import Context
from careplan.questionnaire.prompter import SAVE_AS

if TYPE_CHECKING:
    from careplan.planning.planner import Plan


def output_path(ctx: Context, answers: Answers) -> Path:
    """-o, or the renderer's default file name for these answers (not claimed until written)."""
    if ctx.request.output:
        return Path(ctx.request.output)
    from careplan.files.writefile import free_path

    try:
        from careplan.delivery.choices import resolve_locale
        from careplan.planning.planner import make_plan
        from careplan.render.handout import default_filename

        plan = make_plan(answers, ctx.content, locale=resolve_locale(None, answers.language), region=ctx.region())
        return free_path(default_filename(answers, plan, ctx.today))
    except ImportError:
        return free_path(f"careplan-{ctx.today.isoformat()}.pdf")


def unusable_path(ctx: Context, target: Path) -> str | None:
    """Why a typed handout name may not be used (one of the run's own files, or not a regular file), or None."""
    from careplan.files.writefile import check_target

    try:
        check_target(target, {"--answers": ctx.request.answers, "--save-answers": ctx.request.save_answers})
    except CareplanError as exc:
        return exc.render(ctx.t.gettext)
    return None


def ask_path(ctx: Context, current: Path) -> Path | None:
    """Another name for the handout, typed at the summary; .pdf is added when left out.

    The field starts empty and Enter keeps the current name, which the help line
    shows (None: nothing changes, so the default name is still claimed only when
    written, as another run may take it meanwhile): a field holding the name would
    take what the reader types after it ("careplan-2026-11-29.pdfmine.pdf", which
    ends in .pdf and so was accepted)."""
    t = ctx.t

    def final(answer: str) -> Path:
        target = Path(answer.strip()).expanduser()
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        return target

    def check(answer: str) -> str | None:
        if not answer.strip():
            return None  # Enter: the name shown is kept
        target = Path(answer.strip()).expanduser()
        if target.is_dir():
            return t.gettext("That is a folder. Type a file name, such as handout.pdf.")
        folder = target.parent
        if not folder.is_dir():
            return t.format("The folder {folder} does not exist.", folder=folder)
        return unusable_path(ctx, final(answer))

    answer = ctx.prompter.text(SAVE_AS, t.gettext("Where should the handout be saved?"),
                               t.format("Type a file name ending in .pdf, or press Enter to keep {name}.",
                                        name=str(current)), "", check)
    return final(answer) if answer.strip() else None


def _render(ctx: Context, answers: Answers, path: Path) -> tuple[Path, Plan]:
    request = ctx.request.but(
        output=path,
        # the default name shown at the summary is claimed only now, atomically (another run may have taken it)
        default_name=not ctx.request.output and path != ctx.chosen_path,
        # the answers hold --lang and --region when given, or what replaced them at the summary
        lang=answers.language or ctx.request.lang,
        region=answers.region or ctx.request.region,
        date=ctx.today,
    )
    with deliver.first_cut_told(ctx.err, gettext=ctx.t.gettext):
        target, plan = deliver.render_to_file(request, answers, ctx.content)  # loaded once a session
    for line in deliver.handout_warnings(answers, plan, ctx.content.safety, date=ctx.today):
        ctx.err.write(line + "\n")
    return target, plan


def _after_handout(ctx: Context, handout: Path, step: Callable[[], None]) -> None:
    """Run a step that follows a delivered handout; a failure is a warning, never a failed run."""
    try:
        step()
    except (CareplanError, OSError) as exc:
        deliver.after_delivery(ctx.err, handout, exc, gettext=ctx.t.gettext)


def _save_answers(ctx: Context, answers: Answers) -> None:
    target = ctx.request.save_answers
    if not target:
        return
    deliver.save_answers_file(ctx.request, answers, ctx.handout_path)
    ctx.screen.say(ctx.t.format("Answers saved as {path}", path=target))


def _remember_clinic(ctx: Context) -> None:
    if ctx.session.clinician and ctx.clinic is not None:
        ctx.clinic.remember(ctx.session.values, ctx.today)


def _level_words(ctx: Context, plan: Plan) -> str:
    title = ctx.content.safety.level_title[plan.level].pick(plan.reader)
    return ctx.t.format(title, number=ctx.emergency_number())


def closing(ctx: Context, target: Path, plan: Plan) -> None:
    """Where the handout is (the full path, never split), how to open and print it, and --open."""
    t, say = ctx.t, ctx.screen.say
    path = str(target.absolute())
    say(t.format("Saved {path}. Advice: {level}.", path=path, level=_level_words(ctx, plan)), whole=path)
    say(t.gettext("To read or print it, open the file in a PDF viewer "
                  "(double-click it in your file manager), then choose Print."))
    if ctx.request.open and not open_with_viewer(target.absolute(), ctx.env.environ):
        say(t.gettext("There is no PDF viewer to open it with here, so it was not opened."))


def finish(ctx: Context, path: Path) -> ExitStatus:
    """Write the handout, then the answers file and the remembered clinic details."""
    answers = ctx.session.answers()
    target, plan = _render(ctx, answers, path)
    ctx.handout_path = target
    _after_handout(ctx, target, lambda: _save_answers(ctx, answers))
    _after_handout(ctx, target, lambda: _remember_clinic(ctx))
    closing(ctx, target, plan)
    return ExitStatus.OK


def finish_emergency(ctx: Context) -> ExitStatus:
    """Say to call now, then write the emergency sheet with no more questions."""
    from careplan.planning.planner import reader_kinds
    from careplan.planning.triage import triage

    t, say = ctx.t, ctx.screen.say
    answers = ctx.session.answers(fill=True)
    result = triage(answers)
    number = ctx.emergency_number()
    safety = ctx.content.safety
    rule = "=" * min(60, ctx.screen.width - 1)
    say()
    say(rule)
    # content strings, looked up outside gettext so babel does not extract the keys
    kinds = reader_kinds(answers)
    title, text = safety.level_title["emergency"].pick(kinds), safety.level_text["emergency"].pick(kinds)
    say(t.format(title, number=number), indent="  ")
    say(rule)
    say(t.format(text, number=number, advice=""))
    for reason in result.reasons:
        if reason in safety.reasons:
            say(t.gettext(safety.reasons[reason]), indent="  - ", hang="    ")
    # TRANSLATORS: the second is for a clinician filling in the questions for a patient
    no_more = ctx.words(N_("You do not need to answer any more questions. "
                           "We are saving a short sheet for you to take with you."),
                        N_("No more questions are needed. "
                           "We are saving a short sheet for the patient to take with them."))
    say(t.gettext(no_more))
    path = output_path(ctx, answers)
    target, plan = _render(ctx, answers, path)
    ctx.handout_path = target
    if ctx.session.complete():
        _after_handout(ctx, target, lambda: _save_answers(ctx, answers))
    elif ctx.request.save_answers:
        say(t.gettext("The answers were not saved, because some questions were not asked."))
    closing(ctx, target, plan)
    return ExitStatus.OK

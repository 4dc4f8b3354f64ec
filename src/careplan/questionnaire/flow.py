"""The interactive questionnaire, start to end: `careplan` with no answers file (or with --ask-missing).

The questions are data (templates/questions.yaml, see questions.py). This
module puts the parts together and runs them in order: what the answers
file and the options already answer (given.py), the questions that apply,
asked in order with triage checked after every answer (session.py,
asking.py), an emergency stop at once (output.finish_emergency), the
summary where any answer can be changed (review.py), and the handout
written through careplan.delivery (output.py).

Everything it reads from the world comes from the Environment; everything
it asks goes through a Prompter, the terminal's unless a test hands in a
scripted one. Ctrl-C is a KeyboardInterrupt that cli.main turns into exit
status 130; Ctrl-D is turned into the same. Nothing is written until the end.
"""

from __future__ import annotations

import io

from careplan import i18n
from careplan.delivery.choices import check_region, resolve_region
from careplan.delivery.request import Request
from careplan.environment import Environment
from careplan.errors import N_, CareplanError
from careplan.questionnaire import asking, compact, output, questions
from careplan.questionnaire.clinic import ClinicMemory
from careplan.questionnaire.context import Context
from careplan.questionnaire.given import partial_from_file
from careplan.questionnaire.prompter import Prompter, TerminalPrompter
from careplan.questionnaire.review import review
from careplan.questionnaire.screen import Screen
from careplan.questionnaire.session import Session


def _start_locale() -> str:
    """The language the questions open in: the system's, if its catalog is finished."""
    locale = i18n.negotiate(i18n.system_locale(), strict=False)
    if locale == i18n.PSEUDO_LOCALE or i18n.completeness(locale) < 1.0:
        return i18n.SOURCE_LOCALE  # an unfinished catalog is for previews (--lang), not a default
    return locale


def _give(ctx: Context) -> None:
    """Take what the answers file and --lang/--region already answer; those questions are not asked."""
    request, session = ctx.request, ctx.session
    values, given = session.values, session.given
    if request.answers is not None:
        values.update(partial_from_file(request.answers))
        given.update(values)
    if request.lang:
        values["language"] = i18n.negotiate(request.lang)
        given.add("language")
    if request.region:
        values["region"] = resolve_region(request.region, None)
        check_region(ctx.content, values["region"], "--region")
        given.add("region")
    if values.get("language"):
        ctx.set_locale(i18n.negotiate(values["language"]))


def _open_clinic(ctx: Context) -> None:
    """Clinician mode: offer last time's clinic details; a broken file is reported and left alone."""
    if not ctx.session.clinician or ctx.env.config_dir is None:
        return
    ctx.clinic, problem = ClinicMemory.open(ctx.env.config_dir)
    if problem:
        ctx.err.write(ctx.t.format("careplan: the saved clinic details were not used: {problem}",
                                   problem=problem) + "\n")


def _use_clinic_settings(ctx: Context) -> None:
    """The clinician's fast path: with a clinic remembered, its settings are used without asking.

    They are shown here and at the summary, where any of them can be changed.
    Only settings, never a patient's answers (see clinic.py): every patient
    starts empty, and the warning signs are always asked.
    """
    session = ctx.session
    if ctx.clinic is None or not ctx.clinic.remembered:
        return
    used: list[str] = []
    for key, value in ctx.clinic.settings(ctx.today).items():
        if key in session.given or (key == "language" and value not in session.languages):
            continue
        if key == "region" and not ctx.content.is_country(value):
            continue  # a hand-edited code careplan has no emergency number for: asked instead
        session.values[key] = value
        session.given.add(key)
        used.append(key)
    ctx.clinic.used = frozenset(used)
    if not used:
        return
    ctx.set_locale(i18n.negotiate(session.values["language"]) if "language" in used else ctx.locale)
    ctx.screen.say(ctx.t.gettext("The saved clinic settings are used. Change any of them at the summary."))
    for q in session.questions:
        if q.id in used:
            asking.say_answer(ctx, q, indent="  ")
    ctx.screen.say()


def run_questionnaire(request: Request, env: Environment, *, prompter: Prompter | None = None) -> int:
    """Ask the questions and write the handout; return the exit status.

    prompter replaces the terminal (tests hand in a ScriptedPrompter, or a
    TerminalPrompter on prompt_toolkit pipe input). Without one, stdin must be
    a terminal whenever something is left to ask. KeyboardInterrupt (Ctrl-C,
    Ctrl-D) goes up to cli.main, which says so and returns 130; nothing has
    been written then.
    """
    width = max(40, min(100, env.terminal_width or 80))
    locale = _start_locale()
    t = i18n.translator(locale)
    on_terminal = prompter is None
    if prompter is None:
        prompter = TerminalPrompter(t, no_color=bool(env.environ.get("NO_COLOR")), width=width,
                                    height=env.terminal_height or 24)
    prompter.use(t)
    session = Session(compact.for_mode(questions.load(), request.clinician), clinician=request.clinician,
                      languages=i18n.complete_locales())
    ctx = Context(request=request, env=env, session=session, prompter=prompter,
                  screen=Screen(env.stdout or io.StringIO(), width), err=env.stderr or io.StringIO(),
                  locale=locale, t=t, today=request.date or env.today)
    _give(ctx)
    _open_clinic(ctx)
    _use_clinic_settings(ctx)

    pending = session.pending()
    if pending and on_terminal and not env.stdin_isatty:
        raise CareplanError(N_("no terminal to ask the questions the answers file leaves out ({fields}); "
                               "add them to the file"), fields=", ".join(q.id for q in pending))

    if session.emergency():
        return output.finish_emergency(ctx)
    if session.ask_in_order(lambda q, only_missing: asking.ask(ctx, q, only_missing)):
        return output.finish_emergency(ctx)
    if not session.asked:
        return output.finish(ctx, output.output_path(ctx, session.answers()))
    return review(ctx)

"""The commands: each takes its typed options and the Environment and returns an ExitStatus.

Heavy modules (ReportLab, questionary, babel's catalog tools) are imported
only by the command that needs them, so `careplan plan` stays fast and the
answers-file path never imports questionary.
"""

from __future__ import annotations

from pathlib import Path

from careplan import collector
from careplan.cli.options import (
    BatchCommand,
    CheckCommand,
    Command,
    GalleryCommand,
    I18nCommand,
    PlanCommand,
    RenderCommand,
)
from careplan.delivery.choices import country_option, plan_for, resolve_locale, warn_if_incomplete
from careplan.delivery.deliver import check_outputs, render_and_report
from careplan.delivery.request import Request
from careplan.environment import Environment, ExitStatus
from careplan.errors import N_, CareplanError


def cmd_render(request: Request, env: Environment) -> ExitStatus:
    """One handout: from the answers file, or from the questionnaire when answers are missing."""
    from careplan.contract import answers as answers_mod

    if request.clinician and request.answers is not None and not request.ask_missing:
        # --clinician is a way of asking: never silently dropped (a clinic block left empty)
        raise CareplanError(N_("--clinician asks questions: with --answers, add --ask-missing to be asked what "
                               "the file leaves out (the clinic's details among them), or give them in the "
                               "file's clinic: block"))
    check_outputs(request)
    if request.answers is None or request.ask_missing:
        if request.answers is None and not env.is_terminal:
            raise CareplanError(N_("no terminal to ask questions in; give an answers file with --answers FILE "
                                   "(see examples/ for the format)"))
        from careplan.questionnaire import run_questionnaire  # questionary, only when questions are asked

        if request.lang:
            warn_if_incomplete(resolve_locale(request.lang, None), env.stderr)
        return ExitStatus(run_questionnaire(request, env))
    # A cold handout makes some 300,000 objects that live until the process ends: the collector's
    # passes over them cost about 8 ms. Nothing else runs long here (the batch's workers and the
    # questionnaire keep it on). In careplan's own process it lives to the end, so no pass looks at
    # it afterwards either.
    with collector.paused(kept=collector.ends_with_command()):
        answers = answers_mod.load(request.answers)
        warn_if_incomplete(resolve_locale(request.lang, answers.language, env.environ), env.stderr)
        return render_and_report(request, answers, env)




def cmd_plan(command: PlanCommand, env: Environment) -> ExitStatus:
    """The plan for an answers file, as JSON on stdout; writes nothing."""
    import json  # lazy: only the plan command writes JSON

    from careplan.contract import answers as answers_mod

    answers = answers_mod.load(command.answers)
    content, plan = plan_for(command.request, answers)
    json.dump(plan.to_json(content), env.stdout, ensure_ascii=False, indent=2)
    env.stdout.write("\n")
    return ExitStatus.OK


def cmd_batch(command: BatchCommand, env: Environment) -> ExitStatus:
    """Many handouts; a bad --jobs, --lang or --region fails before any work."""
    from careplan.cli import batch

    batch.check_jobs(command.jobs)
    shared = command.request
    if shared.lang:
        resolve_locale(shared.lang, None)
    if shared.region:
        country_option(shared.region)
    return batch.run(command.paths, command.outdir, shared, command.jobs, env.stdout, env.stderr,
                     progress=bool(env.stderr_isatty))


def cmd_check(env: Environment) -> ExitStatus:
    """Validate the content templates and questions; report the catalogs' gaps (allowed) and faults (not)."""
    from careplan.content import loading as content_mod
    from careplan.content.audit import coverage_report

    out = env.stdout
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
    return ExitStatus.BAD_INPUT if problems or not catalogs_ok else ExitStatus.OK


def cmd_gallery(command: GalleryCommand, env: Environment) -> ExitStatus:
    """Every position and exercise with its picture in one PDF; no patient data, so the umask decides."""
    from careplan.content import loading as content_mod
    from careplan.files.writefile import write_atomic
    from careplan.render.gallery import render_gallery

    locale = resolve_locale(command.lang, None, env.environ)
    content = content_mod.load(all_pictures=True)
    pdf = render_gallery(content, locale, paper=command.paper, large_print=command.large_print)
    target = command.output or Path(f"careplan-gallery-{locale}.pdf")
    write_atomic(target, pdf, private=False)
    env.stdout.write(f"{target}\n")
    return ExitStatus.OK


def cmd_i18n(command: I18nCommand, env: Environment) -> ExitStatus:
    """The translator tools."""
    from careplan.i18n import catalogs as i18n_tools

    return ExitStatus(i18n_tools.run(command, env.stdout))


def run_command(command: Command, env: Environment) -> ExitStatus:
    """Run the command the parser made."""
    if isinstance(command, RenderCommand):
        return cmd_render(command.request, env)
    if isinstance(command, PlanCommand):
        return cmd_plan(command, env)
    if isinstance(command, BatchCommand):
        return cmd_batch(command, env)
    if isinstance(command, CheckCommand):
        return cmd_check(env)
    if isinstance(command, GalleryCommand):
        return cmd_gallery(command, env)
    return cmd_i18n(command, env)

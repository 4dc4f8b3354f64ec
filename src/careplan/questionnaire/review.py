"""The summary: every answer on one screen, any of them changed, the file name changed, then the handout made.

A change is followed through (session.change): answers that no longer
apply are dropped and questions that now apply are asked, so a change can
never leave a warning sign unasked, and it may end in the emergency sheet.
"""

from __future__ import annotations

from pathlib import Path

from careplan.environment import ExitStatus
from careplan.errors import N_
from careplan.questionnaire import asking, output
from careplan.questionnaire.context import Context
from careplan.questionnaire.prompter import CHANGE, REVIEW, GoBack
from careplan.questionnaire.questions import Question
from careplan.questionnaire.session import CLINIC_PREFIX

FOLLOW_UP = CLINIC_PREFIX + "follow_up"


def _change(ctx: Context, q: Question) -> bool:
    """Ask one answer again and follow the change through. True if it was asked."""
    return ctx.session.change(q, lambda question, only_missing: asking.ask(ctx, question, only_missing))


def _change_one(ctx: Context) -> bool:
    """Pick one answer and ask it again, then fix up what depends on it. True if something changed."""
    t = ctx.t
    rows = ctx.session.shown_questions()
    # TRANSLATORS: a question and the reader's answer, in the list of answers to change
    choices = [(q.id, ctx.screen.shorten(t.format("{question} {answer}", question=asking.question_text(ctx, q),
                                                   answer=asking.display(ctx, q)))) for q in rows]
    choices.append(("back", t.gettext("Go back without changing anything")))
    try:
        picked = ctx.prompter.select(CHANGE, t.gettext("Which answer do you want to change?"), "", choices, None)
    except GoBack:
        return False
    if picked == "back":
        return False
    return _change(ctx, ctx.session.question(picked))


def review(ctx: Context) -> ExitStatus:
    """The summary: change any answer, change the file name, or make the handout."""
    chosen_path: Path | None = None
    show_answers = True
    while True:
        t = ctx.t  # the language answer changed here changes the summary's own lines too, not only the answers
        answers = ctx.session.answers()
        path = chosen_path or output.output_path(ctx, answers)
        if show_answers:
            ctx.screen.say()
            # TRANSLATORS: the second is for a clinician filling in the questions for a patient
            heading = ctx.words(N_("Your answers:"), N_("The patient's answers:"))
            ctx.screen.say(t.gettext(heading))
            for q in ctx.session.shown_questions():
                asking.say_answer(ctx, q, indent="  ")
            ctx.screen.say()
        # Under the question, not printed: it is shown once, and updated when the name changes.
        # TRANSLATORS: the second is for a clinician filling in the questions for a patient
        saved_as = ctx.words(N_("Your handout will be saved as: {path}"), N_("The handout will be saved as: {path}"))
        where = t.format(saved_as, path=path)
        if path.exists():
            where += "\n" + t.gettext("A file with this name is already there. It will be replaced.")
        # TRANSLATORS: the second is for a clinician filling in the questions for a patient
        make = ctx.words(N_("Make my handout"), N_("Make the handout"))
        actions = [("make", t.gettext(make)), ("change", t.gettext("Change an answer"))]
        follow_up = next((q for q in ctx.session.shown_questions() if q.id == FOLLOW_UP), None)
        if ctx.session.clinician and follow_up is not None:
            # the one answer a clinician changes most, taken from the clinic's usual interval: one step away
            actions.insert(1, ("follow_up", t.gettext("Change the follow-up date")))
        if not ctx.request.output:
            actions.append(("path", t.gettext("Save the handout under another name")))
        try:
            action = ctx.prompter.select(REVIEW, t.gettext("Is everything right?"), where, actions, "make")
        except GoBack:
            action = "last"
        if action == "make":
            return output.finish(ctx, path)
        if action == "path":
            try:
                typed = output.ask_path(ctx, path)
            except GoBack:
                typed = None
            if typed is not None:  # Enter on the empty field keeps the name as it was, the default's claim too
                chosen_path = ctx.chosen_path = typed
            show_answers = False
            continue
        if action == "follow_up":
            show_answers = _change(ctx, ctx.session.question(FOLLOW_UP))
        else:  # Esc at the summary ("last"): the last question again
            show_answers = _change(ctx, ctx.session.shown_questions()[-1]) if action == "last" else _change_one(ctx)
        if show_answers and ctx.session.emergency():
            return output.finish_emergency(ctx)

"""Which language and which country a handout is for, and the plan that follows from them.

The country is never guessed from thin air: --region, the answers, a country
in the language tag or the system locale; else None and the emergency number
is left blank on the page.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from careplan.errors import N_, CareplanError

if TYPE_CHECKING:  # loading content and the planner is the commands' business, when they need them
    from careplan.content.model import Content
    from careplan.contract.answers import Answers
    from careplan.delivery.request import Request
    from careplan.planning.planner import Plan


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


def plan_for(request: Request, answers: Answers) -> tuple[Content, Plan]:
    from careplan.content import loading as content_mod

    content = content_mod.load()
    return content, plan_with(content, answers, request.lang, request.region)

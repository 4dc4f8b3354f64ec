"""Which language and which country a handout is for, and the plan that follows from them.

The country is never guessed from thin air: --region, the answers, a country
in the language tag or the system locale; else None and the emergency number
is left blank on the page. The system locale is read from the run's
environment variables (Environment.environ), handed in by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING

from careplan.contract.checks import country_code
from careplan.errors import N_, CareplanError

if TYPE_CHECKING:  # loading content and the planner is the commands' business, when they need them
    from careplan.content.model import Content
    from careplan.contract.answers import Answers
    from careplan.delivery.request import Request
    from careplan.planning.planner import Plan


def resolve_locale(lang: str | None, answers_language: str | None,
                   environ: Mapping[str, str] | None = None) -> str:
    """--lang, else the answers' language, else the system locale's (English when it has none)."""
    from careplan import i18n

    if lang:
        return i18n.negotiate(lang)
    if answers_language:
        return i18n.negotiate(answers_language)
    return i18n.negotiate(i18n.system_locale(environ), strict=False)


def warn_if_incomplete(locale: str, err: IO[str]) -> None:
    """Say so when a catalog is unfinished: the handout will mix in English."""
    from careplan import i18n

    t = i18n.translator(locale)
    if t.complete < 1.0:
        err.write("careplan: " + t.format(N_("the {lang} translation is {done} percent done; "
                                             "the rest is shown in English."),
                                          lang=locale, done=int(t.complete * 100)) + "\n")


def country_option(region: str) -> str:
    """--region as a two-letter code in capitals (contract.checks decides what can be one), or a one-line error."""
    code = country_code(region)
    if code is None:
        shown = region.strip().upper()
        raise CareplanError(N_("--region: '{value}' is not a two-letter country code such as GB, US, DE"),
                            value=shown if shown.isascii() and shown.isprintable() and len(shown) <= 12 else "?")
    return code


def resolve_region(region: str | None, answers_region: str | None, *tags: str | None,
                   environ: Mapping[str, str] | None = None,
                   is_country: Callable[[str], bool] | None = None) -> str | None:
    """The reader's country: --region, the answers, a country in the language
    tag (en_GB), or the system locale's country. None when none of them names
    one: the emergency number is then left blank, never guessed. `is_country`
    (the content's table): a system locale whose country is none (LANG=en_XQ)
    is the environment's, not the reader's input, so it counts as no country,
    as LANG=C does; what the reader gave is returned, for check_region to refuse."""
    from careplan import i18n

    if region:
        return country_option(region)
    if answers_region:
        return answers_region
    for tag in tags:
        found = i18n.territory_of(tag)
        if found:
            return found
    found = i18n.territory_of(i18n.system_locale(environ))
    return found if found and (is_country is None or is_country(found)) else None


def check_region(content: Content, code: str | None, given_by: str) -> None:
    """Refuse a code that is no country: a made-up code must not print a number."""
    if code is not None and not content.is_country(code):
        raise CareplanError(
            N_("{source}: '{value}' is not a country code careplan knows; give an ISO 3166 code "
               "such as GB, US, DE, FR, JP"),
            source=given_by, value=code,
        )


def plan_with(content: Content, answers: Answers, lang: str | None, region_option: str | None,
              environ: Mapping[str, str] | None = None) -> Plan:
    """The plan for these answers under the command's --lang and --region:
    language and country resolved, the country checked. One home for the
    single handout, `plan` and every batch worker."""
    from careplan.planning.planner import make_plan

    locale = resolve_locale(lang, answers.language, environ)
    region = resolve_region(region_option, answers.region, lang, answers.language, environ=environ,
                            is_country=content.is_country)
    given_by = "--region" if region_option else "region" if answers.region else "the language's country"
    check_region(content, region, given_by)
    return make_plan(answers, content, locale=locale, region=region)


def plan_for(request: Request, answers: Answers) -> tuple[Content, Plan]:
    """Load the content and plan the handout a request asks for."""
    from careplan.content import cache as content_mod

    content = content_mod.load()
    return content, plan_with(content, answers, request.lang, request.region, request.environ)

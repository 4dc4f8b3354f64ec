"""Reading a typed follow-up date the way the reader writes dates, and writing one back the same way.

06/12/2026 is 6 December in the United Kingdom and 12 June in the United
States, so the reader's locale decides; an ISO date or a number of days from
today is read everywhere. Pure functions of the text, today and the locale.
"""

from __future__ import annotations

import datetime as dt


def parse_date(answer: str, today: dt.date, babel_locale: str) -> tuple[bool, dt.date | None]:
    """(ok, date): a date as the reader's locale writes it (06/12/2026 is 6 December in
    en_GB), a YYYY-MM-DD date, a number of days from today, or nothing."""
    answer = answer.strip()
    if not answer:
        return True, None
    if answer.isascii() and answer.lstrip("+").isdigit() and len(answer) <= 4:
        return True, today + dt.timedelta(days=int(answer.lstrip("+")))
    if len(answer) > 40:
        return False, None
    if len(answer) == 10 and answer[4] == "-" and answer[7] == "-":
        try:
            return True, dt.date.fromisoformat(answer)
        except ValueError:
            return False, None
    from babel.dates import parse_date as babel_parse_date

    try:
        date: dt.date = babel_parse_date(answer, locale=babel_locale)
    except (ValueError, IndexError, KeyError, TypeError, OverflowError):  # babel: ParseError is a ValueError
        return False, None
    if date.year < 100:  # a two-digit year (6/12/26)
        try:
            date = date.replace(year=2000 + date.year)
        except ValueError:
            return False, None
    return True, date


def short_date(date: dt.date, today: dt.date, babel_locale: str) -> str:
    """A date as the reader's locale writes it in short, as parse_date reads it back (else ISO)."""
    from babel.dates import format_date

    text: str = format_date(date, format="short", locale=babel_locale)
    return text if parse_date(text, today, babel_locale) == (True, date) else date.isoformat()

"""The command line's own words in the reader's language: --help, usage and argparse's errors.

careplan speaks the system locale's language on the command line (as its
error messages do, delivery/streams.py). Its own help texts are catalog
entries like any other. argparse writes its headings and errors through a
gettext function of its own module (`argparse._`), with printf placeholders
(%(value)r, %s), while careplan's catalogs hold only plain {name}
placeholders (a translation with anything else is not used). So each
argparse message careplan's parsers can print is listed in ARGPARSE as a
catalog entry written with braces; speaking() lends argparse a gettext that
translates it and puts argparse's printf fields back in place of the braces,
with any percent sign of the translation doubled where argparse formats
the text, so its formatting can never fail on a translator's "%". English readers get the
same entries' English, so every language says the same thing. A message
not listed (from another Python) stays argparse's own English.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from careplan.errors import N_
from careplan.placeholders import usable

if TYPE_CHECKING:
    from careplan.i18n import Translator

#: argparse's message -> (careplan's catalog entry for it, each {placeholder} -> argparse's printf field)
ARGPARSE: dict[str, tuple[str, Mapping[str, str]]] = {
    # TRANSLATORS: command-line help: the heading before the command's form, "usage: careplan [-h] ..."
    "usage: ": (N_("usage:"), {}),  # the space after it is added here: a translator need not keep one
    # TRANSLATORS: command-line help: heading of the list of arguments given without a dash (file names)
    "positional arguments": (N_("positional arguments"), {}),
    # TRANSLATORS: command-line help: heading of the list of options (--lang, --paper, ...)
    "options": (N_("options"), {}),
    # TRANSLATORS: command-line help for -h and --help
    "show this help message and exit": (N_("show this help and exit"), {}),
    # TRANSLATORS: a command-line error about one option; {option} is the option as typed, such as --paper
    "argument %(argument_name)s: %(message)s": (N_("{option}: {problem}"),
                                                {"{option}": "%(argument_name)s", "{problem}": "%(message)s"}),
    # TRANSLATORS: a command-line error; {arguments} are what was typed, such as --colour red
    "unrecognized arguments: %s": (N_("unknown arguments: {arguments}"), {"{arguments}": "%s"}),
    # TRANSLATORS: a command-line error; {arguments} names them, such as ANSWERS, -o/--output
    "the following arguments are required: %s": (N_("these arguments are required: {arguments}"),
                                                  {"{arguments}": "%s"}),
    # TRANSLATORS: a command-line error after an option's name, such as "--lang: a value must follow it"
    "expected one argument": (N_("a value must follow it"), {}),
    # TRANSLATORS: a command-line error after an option's name, as "a value must follow it"
    "expected at least one argument": (N_("at least one value must follow it"), {}),
    # TRANSLATORS: a command-line error after an option's name; {value} is what was typed, in quotes
    "invalid %(type)s value: %(value)r": (N_("{value} is not a valid value"), {"{value}": "%(value)r"}),
    # TRANSLATORS: a command-line error after an option's name, such as "--paper: 'a5' is not one of 'a4', 'letter'"
    "invalid choice: %(value)r (choose from %(choices)s)": (N_("{value} is not one of {choices}"),
                                                           {"{value}": "%(value)r", "{choices}": "%(choices)s"}),
    # TRANSLATORS: a command-line error: an abbreviated option, such as --la, that could be --lang or --large-print
    "ambiguous option: %(option)s could match %(matches)s": (N_("{option} could be any of {matches}"),
                                                            {"{option}": "%(option)s",
                                                             "{matches}": "%(matches)s"}),
    # TRANSLATORS: a command-line error after an option that is on or off, such as "--large-print=yes"
    "ignored explicit argument %r": (N_("takes no value, but was given {value}"), {"{value}": "%r"}),
}

#: Messages argparse uses as help texts, which it formats like its messages with fields
#: (the others without fields are printed or inserted as they are).
_HELP = frozenset({"show this help message and exit"})


def say(t: Translator | None, message: str, **params: object) -> str:
    """One of careplan's own command-line texts, translated and filled (English without `t`)."""
    if t is None:
        from careplan.placeholders import fill

        return fill(message, params) if params else message
    return t.format(message, **params)


def helptext(t: Translator | None, message: str) -> str:
    """A help text as argparse wants it: argparse fills %(default)s and the like into help,
    so a translator's percent sign ("100 %") is doubled to print as itself."""
    return say(t, message).replace("%", "%%")


def argparse_text(t: Translator | None, message: str) -> str:
    """argparse's `message` in t's language (careplan's English without `t`), in argparse's own
    printf form; a message not in ARGPARSE as it is."""
    entry = ARGPARSE.get(message)
    if entry is None:
        return message
    source, fields = entry
    text = source if t is None else t.gettext(source)
    if not usable(source, text):
        text = source
    if fields or message in _HELP:  # argparse formats these with "%": a translator's percent sign is doubled
        text = text.replace("%", "%%")
    for brace, printf in fields.items():
        text = text.replace(brace, printf)
    return text + " " if message.endswith(" ") else text


@contextlib.contextmanager
def speaking(t: Translator | None) -> Iterator[None]:
    """argparse's messages in careplan's words, in t's language (English without `t`), while the
    block runs: the parsers are built and used inside it."""
    import argparse

    saved = argparse._  # type: ignore[attr-defined]  # argparse's gettext, looked up at each call
    argparse._ = lambda message: argparse_text(t, message)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]

"""The command line in the reader's language: --help, usage and argparse's errors (cli/wording.py)."""

from __future__ import annotations

import argparse
import gettext
import inspect
import io
import re
from pathlib import Path

import pytest

from careplan.cli import main, wording
from careplan.environment import Environment, ExitStatus
from careplan.i18n import Translator, complete_locales, system_translator, translator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCIATICA = str(EXAMPLES / "sciatica.yaml")
LOCALES = [loc for loc in complete_locales() if loc != "en"]

#: bad command lines, each with the ARGPARSE entry (or careplan message) its error must be worded by
BAD = [
    (["--answers", SCIATICA, "--paper", "a5"], "{value} is not one of {choices}"),
    (["--bogus"], "unknown arguments: {arguments}"),
    (["batch"], "these arguments are required: {arguments}"),
    (["--answers"], "a value must follow it"),
    (["--large-print=yes"], "takes no value, but was given {value}"),
    (["--la", "ru"], "{option} could be any of {matches}"),
    (["i18n", "bogus"], "{value} is not one of {choices}"),
    (["--answers", SCIATICA, "--date", "2026/12/04"], "{value} is not a date written YYYY-MM-DD"),
    (["--answers", SCIATICA, "-o", "-"], "'-' is not a file name here: careplan writes files, "
                                         "not to standard output; give a name such as {example}"),
    (["batch", SCIATICA, "-o", "out", "--jobs", "many"], "--jobs: give a whole number from 1 to 256"),
]
#: argparse's own English, which no reader should see
ARGPARSE_ENGLISH = ("invalid choice", "unrecognized arguments", "the following arguments are required",
                    "expected one argument", "ignored explicit argument", "ambiguous option", "invalid int value")


def _run(argv: list[str], lang: str | None) -> tuple[ExitStatus, str, str]:
    environ = {"LANG": f"{lang}.UTF-8"} if lang else {}
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ=environ)
    status = main(argv, env)
    return status, env.stdout.getvalue(), env.stderr.getvalue()  # type: ignore[attr-defined]


def _fixed(text: str) -> str:
    """A message's words without its placeholders, as the pieces that must appear in the output."""
    return max(re.split(r"\{[a-z_]+\}", text), key=len).strip(" :,'")


def test_every_listed_message_is_one_this_pythons_argparse_says() -> None:
    """A key argparse does not use would leave the message it meant in English."""
    source = inspect.getsource(argparse)
    for message, (entry, fields) in wording.ARGPARSE.items():
        assert repr(message) in source or f'"{message}"' in source, message
        printf = set(re.findall(r"%\([a-z_]+\)[rsd]|%[rsd]", message))
        assert set(fields.values()) <= printf, message  # every field put back is one argparse fills
        assert set(re.findall(r"\{[a-z_]+\}", entry)) == set(fields), entry  # and every placeholder has one
        # the only field left out is argparse's type name ("int"), which careplan's wording does not use
        assert printf - set(fields.values()) <= {"%(type)s"}, message


@pytest.mark.parametrize("lang", LOCALES)
def test_help_is_in_the_system_locale_s_language(lang: str) -> None:
    t = translator(lang)
    status, out, err = _run(["--help"], lang)
    assert status is ExitStatus.OK and err == ""
    assert out.startswith(t.gettext("usage:") + " careplan")
    for english in ("where to write the PDF", "show this help and exit", "show careplan's version and exit",
                    "paper size (default: by region)"):
        assert english not in out, english
        assert t.gettext(english) in out
    assert f"\n{t.gettext('options')}:\n" in out  # the heading of the list of options
    status, out, _ = _run(["batch", "--help"], lang)
    assert status is ExitStatus.OK and t.gettext("folder for the PDFs") in out


@pytest.mark.parametrize("lang", [None, *LOCALES])
@pytest.mark.parametrize(("argv", "entry"), BAD)
def test_usage_errors_are_in_the_system_locale_s_language(lang: str | None, argv: list[str], entry: str) -> None:
    """One line, exit 2, in the reader's language (English without a locale), never argparse's English."""
    status, out, err = _run(argv, lang)
    assert status is ExitStatus.BAD_INPUT and out == ""
    assert err.startswith("careplan: ") and err.count("\n") == 1 and "Traceback" not in err
    assert _fixed(translator(lang or "en").gettext(entry)) in err
    assert not any(english in err for english in ARGPARSE_ENGLISH)


class _Odd(gettext.NullTranslations):
    """A catalog whose translations hold a percent sign, or lose a placeholder."""

    def gettext(self, message: str) -> str:
        if message == "{value} is not one of {choices}":
            return "{value}: 100 % wrong"  # {choices} lost: not used
        if "{" in message:
            return message.replace(": ", " (100 %): ", 1) if ": " in message else f"100 % {message}"
        return f"{message} (100 %)"


def test_a_translators_percent_sign_prints_as_itself_and_a_lost_placeholder_falls_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse fills %-fields into help and messages: a translation's "%" must not break that, and
    a translation that drops a placeholder is not used (as everywhere in careplan)."""
    monkeypatch.setattr("careplan.i18n.system_translator", lambda environ: Translator("xx", _Odd()))
    status, out, err = _run(["--help"], None)
    assert status is ExitStatus.OK and err == "", err
    assert "where to write the PDF (100 %)" in out and "usage: (100 %)" in out
    status, _, err = _run(["--bogus"], None)
    assert status is ExitStatus.BAD_INPUT and "unknown arguments (100 %): --bogus" in err, err
    status, _, err = _run(["--answers", SCIATICA, "--paper", "a5"], None)
    assert status is ExitStatus.BAD_INPUT and "'a5' is not one of 'a4', 'letter'" in err, err


def test_argparse_gets_its_own_gettext_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lent gettext lasts only while careplan parses, also when the parse fails."""
    before = argparse._  # type: ignore[attr-defined]
    _run(["--help"], "ru")
    _run(["--bogus"], "ru")
    with pytest.raises(ZeroDivisionError), wording.speaking(translator("ru")):
        assert argparse._("options") != "options"  # type: ignore[attr-defined]
        raise ZeroDivisionError
    assert argparse._ is before  # type: ignore[attr-defined]


def test_an_english_system_parses_without_reading_a_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """C, POSIX or no locale: the command line's English needs no translator (the cold start pays nothing)."""
    assert system_translator({}) is None
    assert system_translator({"LANG": "C.UTF-8"}) is None
    assert system_translator({"LANG": "en_GB.UTF-8"}) is None
    assert system_translator({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_GB.UTF-8"}).locale == "ru"

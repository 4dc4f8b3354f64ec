"""One handout run's settings, typed: what the command line or the questionnaire asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from careplan.records import record, replace

#: Paper sizes a handout can be printed on (the renderer maps each to its page size).
PAPERS = ("a4", "letter")


@record(kw_only=True)
class Request:
    """What to make and where, so no argparse Namespace travels past the command line.

    `date` is the date printed on the handout and in its default file name:
    --date, or the Environment's today, decided once by the command line.
    Only a request that makes no handout (a questionnaire stopped early,
    a test) may leave it out.
    `environ` is the run's environment variables (the system locale's
    language and country, DISPLAY for --open).
    """

    date: dt.date | None = None
    answers: Path | None = None
    output: Path | None = None
    save_answers: Path | None = None
    lang: str | None = None
    region: str | None = None
    paper: str | None = None
    large_print: bool = False
    open: bool = False
    clinician: bool = False
    ask_missing: bool = False
    #: The output only shows the default name the questionnaire offered: claim a free name afresh.
    default_name: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)

    def but(self, **changes: Any) -> Request:
        """A copy with some settings changed (the questionnaire's answers override the command line)."""
        return replace(self, **changes)

"""One handout run's settings, typed: what the command line or the questionnaire asked for."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Request:
    """What to make and where: options that outlive the parser, without argparse's untyped Namespace."""

    answers: Path | None = None
    output: Path | None = None
    save_answers: Path | None = None
    lang: str | None = None
    region: str | None = None
    paper: str | None = None
    large_print: bool = False
    date: dt.date | None = None
    open: bool = False
    clinician: bool = False
    ask_missing: bool = False
    #: The output only shows the default name the questionnaire offered: claim a free name afresh.
    default_name: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Request:
        """The options this request knows from a parsed command line; others (such as --jobs) stay behind."""
        given = {f.name: getattr(args, f.name) for f in fields(cls) if f.name != "environ" and hasattr(args, f.name)}
        return cls(**given, environ=dict(environ or {}))

    def but(self, **changes: object) -> Request:
        """A copy with some settings changed (the questionnaire's answers override the command line)."""
        return replace(self, **changes)  # type: ignore[arg-type]

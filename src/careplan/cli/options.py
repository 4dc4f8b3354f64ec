"""What each command was asked to do, typed: the parser's output and the commands' input.

One handout (`careplan [options]`) and `careplan plan` carry a
delivery.Request; the other commands carry a small options object of their
own, so no argparse Namespace reaches the code that does the work.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from careplan.delivery.request import Request
from careplan.records import record


@record
class RenderCommand:
    """`careplan [options]`: one handout, from an answers file or the questionnaire."""

    request: Request


@record
class PlanCommand:
    """`careplan plan --answers FILE`: the plan as JSON on stdout; of the request only lang and region matter."""

    answers: Path
    request: Request


@record
class BatchCommand:
    """`careplan batch ANSWERS... -o OUTDIR`: many handouts under the same options (lang, region, paper,
    large print, date), held in a Request."""

    paths: tuple[Path, ...]
    outdir: Path
    jobs: int | None
    request: Request


@record
class CheckCommand:
    """`careplan check`: validate the templates, questions and catalogs."""


@record
class GalleryCommand:
    """`careplan gallery`: every position and exercise with its picture, for review."""

    lang: str | None
    output: Path | None
    paper: str
    large_print: bool


@record
class I18nCommand:
    """`careplan i18n ACTION`: the translator tools (read by careplan.i18n.catalogs.run)."""

    action: str
    locale: str | None = None
    locales: list[str] = field(default_factory=list)
    strict: bool = False
    check: bool = False
    root: Path | None = None


Command = RenderCommand | PlanCommand | BatchCommand | CheckCommand | GalleryCommand | I18nCommand

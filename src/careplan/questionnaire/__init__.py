"""The questionnaire: asks what the answers file leaves out, then writes the handout.

`run_questionnaire(request, env)` is the command line's way in. For now it
adapts to the questionnaire from before its split (flow.run_questionnaire,
which takes an argparse Namespace); the split questionnaire replaces this.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careplan.delivery.request import Request
    from careplan.environment import Environment


def run_questionnaire(request: Request, env: Environment) -> int:
    """Ask, then write the handout; return the exit status (KeyboardInterrupt goes up to cli.main)."""
    from careplan.questionnaire import flow  # questionary and prompt_toolkit, only when questions are asked

    args = argparse.Namespace(**{f.name: getattr(request, f.name) for f in fields(request) if f.name != "environ"})
    # Only what differs from the real process is handed on (the old call's tests replace it with three arguments);
    # its `today` is args.date, the date the command line decided.
    extra: dict[str, Any] = {}
    if env.prompt_input is not None:
        extra["input"] = env.prompt_input
    if env.prompt_output is not None:
        extra["output"] = env.prompt_output
    if env.environ is not os.environ:
        extra["env"] = env.environ
    return flow.run_questionnaire(args, env.stdout, env.stderr, **extra)

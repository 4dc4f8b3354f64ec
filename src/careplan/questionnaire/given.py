"""What is answered before the first question: an answers file (--ask-missing), --lang and --region.

A file may leave fields out; what it has is checked like any answers file,
so a bad value is refused naming the field before anything is asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from careplan.contract import answers as answers_mod
from careplan.contract import fields
from careplan.questionnaire.session import CLINIC_PREFIX, PLACEHOLDERS


def partial_from_file(path: Path) -> dict[str, Any]:
    """Read an answers file that may leave fields out; check what it has like any answers file."""
    from careplan.files import safeyaml

    data = safeyaml.load_file(path)
    if not isinstance(data, dict):
        answers_mod.from_mapping(data, where=str(path))  # raises the usual message
    probe = dict(data)
    for key, value in PLACEHOLDERS.items():
        if probe.get(key) is None:
            probe[key] = list(value) if isinstance(value, tuple) else value
    probe.setdefault("version", 1)
    checked = answers_mod.from_mapping(probe, where=str(path))
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if raw is None or key == "version":
            continue
        if key == "clinic":
            assert checked.clinic is not None
            for sub in fields.CLINIC_KEYS:
                item = getattr(checked.clinic, sub)
                if sub in raw and item not in (None, ""):
                    values[CLINIC_PREFIX + sub] = item
        else:
            values[key] = getattr(checked, key)
    return values

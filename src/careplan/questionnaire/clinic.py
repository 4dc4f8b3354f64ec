"""Clinician mode's memory: last time's clinic details offered as defaults, and kept for next time.

Only the clinic's name, phone, clinician and the follow-up interval are
kept; never a patient's details or the notes. A broken file is reported
once and left alone for its owner to fix, never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careplan.contract import clinic_config
from careplan.errors import N_, CareplanError
from careplan.files.writefile import shown
from careplan.questionnaire.session import CLINIC_PREFIX

#: Said after the handout is saved; the run still succeeds.
NOT_REMEMBERED = N_("the clinic details could not be kept for next time in {path} ({problem})")


@dataclass
class ClinicMemory:
    """The remembered defaults, and where to keep the new ones (None: do not write)."""

    path: Path | None
    defaults: clinic_config.ClinicDefaults

    @classmethod
    def open(cls, config_dir: Path) -> tuple[ClinicMemory, str | None]:
        """The memory in this config folder, and why the file could not be used, if so."""
        path = clinic_config.config_path(config_dir)
        defaults, problem = clinic_config.load(path)
        # keep a hand-edited file for its owner to fix; do not overwrite it
        return cls(None if problem else path, defaults), problem

    def default(self, field_id: str, today: dt.date) -> Any:
        """What to offer for a clinic question not answered yet (None: nothing remembered)."""
        if field_id == CLINIC_PREFIX + "follow_up":
            days = self.defaults.follow_up_days
            return today + dt.timedelta(days=days) if days is not None else None
        if field_id.startswith(CLINIC_PREFIX):
            return getattr(self.defaults, field_id[len(CLINIC_PREFIX):], "") or None
        return None

    def remember(self, values: Mapping[str, Any], today: dt.date) -> None:
        """Keep this run's clinic details for next time, if they changed."""
        if self.path is None:
            return
        follow_up = values.get(CLINIC_PREFIX + "follow_up")
        days = (follow_up - today).days if follow_up and follow_up >= today else None
        old = self.defaults
        new = clinic_config.ClinicDefaults(
            name=values.get(CLINIC_PREFIX + "name") or "",
            phone=values.get(CLINIC_PREFIX + "phone") or "",
            clinician=values.get(CLINIC_PREFIX + "clinician") or "",
            follow_up_days=days if days is not None else old.follow_up_days,
        )
        if new != old:
            try:
                clinic_config.save(self.path, new)
            except OSError as exc:  # an odd config folder: name the file, so the clinic can fix it
                raise CareplanError(NOT_REMEMBERED, path=shown(self.path),
                                    problem=exc.strerror or type(exc).__name__) from exc

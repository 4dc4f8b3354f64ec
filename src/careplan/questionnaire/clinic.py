"""Clinician mode's memory: last time's clinic settings, used for the next patient, and kept for next time.

Only settings of the clinic and the session are kept: the clinic's name,
phone and clinician, the follow-up interval ("in 14 days", not a date), and
the handout's language and country. Never a patient's details, answers or
the notes: a previous patient's answers offered as defaults would put one
patient's history on the next one's handout, and a ticked line the
clinician forgot to untick could change the advice. So every patient starts
with empty answers. A broken file is reported once and left alone for its
owner to fix, never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from careplan.contract import clinic_config
from careplan.errors import N_, CareplanError
from careplan.files.writefile import shown
from careplan.questionnaire.session import CLINIC_PREFIX
from careplan.records import record

#: Said after the handout is saved; the run still succeeds.
NOT_REMEMBERED = N_("the clinic details could not be kept for next time in {path} ({problem})")


@record(frozen=False)
class ClinicMemory:
    """The remembered defaults, and where to keep the new ones (None: do not write)."""

    path: Path | None
    defaults: clinic_config.ClinicDefaults
    #: The settings this patient took from memory (the fast path, flow._use_clinic_settings): a
    #: change to one of them at the summary is for this patient only, never the next one's default.
    used: frozenset[str] = frozenset()

    @classmethod
    def open(cls, config_dir: Path) -> tuple[ClinicMemory, str | None]:
        """The memory in this config folder, and why the file could not be used, if so."""
        path = clinic_config.config_path(config_dir)
        defaults, problem = clinic_config.load(path)
        # keep a hand-edited file for its owner to fix; do not overwrite it
        return cls(None if problem else path, defaults), problem

    @property
    def remembered(self) -> bool:
        """Is a clinic remembered? Then its settings are used without asking (the fast path)."""
        return bool(self.defaults.name)

    def settings(self, today: dt.date) -> dict[str, Any]:
        """The answers the fast path takes from memory, by field id: the clinic block (the notes
        empty, they are for one patient) and the language and country, when remembered."""
        out: dict[str, Any] = {CLINIC_PREFIX + key: self.default(CLINIC_PREFIX + key, today)
                               for key in ("name", "phone", "clinician", "follow_up", "notes")}
        for key in ("language", "region"):
            if getattr(self.defaults, key):
                out[key] = getattr(self.defaults, key)
        return out

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
        # A setting this patient took from memory and the clinician changed at the summary (a
        # patient who reads Spanish, a sooner follow-up) stays that patient's: the next one starts
        # from the clinic's own settings, in the clinic's language. One asked (none remembered) is kept.
        mine = {key for key in ("language", "region", CLINIC_PREFIX + "follow_up") if key in self.used}
        new = clinic_config.ClinicDefaults(
            name=values.get(CLINIC_PREFIX + "name") or "",
            phone=values.get(CLINIC_PREFIX + "phone") or "",
            clinician=values.get(CLINIC_PREFIX + "clinician") or "",
            follow_up_days=(old.follow_up_days if CLINIC_PREFIX + "follow_up" in mine or days is None else days),
            language=old.language if "language" in mine else (values.get("language") or old.language),
            region=old.region if "region" in mine else (values.get("region") or old.region),
        )
        if new != old:
            try:
                clinic_config.save(self.path, new)
            except OSError as exc:  # an odd config folder: name the file, so the clinic can fix it
                raise CareplanError(NOT_REMEMBERED, path=shown(self.path),
                                    problem=exc.strerror or type(exc).__name__) from exc
